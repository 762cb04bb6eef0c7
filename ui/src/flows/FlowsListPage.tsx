/** Every flow with its latest runs, how many runs it has and when it last ran; kept current by events. */
import { useCallback, useMemo, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { QueryStatus } from "../lib/QueryStatus";
import { useRefreshOnEvents } from "../live/useRefreshOnEvents";
import { StateBadge } from "../lib/StateBadge";
import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import { FlowsQuery } from "./operations";
import { RecentRuns } from "./RecentRuns";
import "./flows.css";

const PAGE = 100;
const RECENT = 10;
// Flow and flow-run events ("flowql.flow." and "flowql.flow-run.").
const FLOW_EVENTS = { eventPrefix: ["flowql.flow"] };

export function FlowsListPage() {
  const [search, setSearch] = useState("");
  const variables = useMemo(
    () => ({ first: PAGE, recent: RECENT, filter: search.trim() ? { name: { like: search.trim() } } : null }),
    [search],
  );
  const [result, reexecute] = useQuery({ query: FlowsQuery, variables });
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefreshOnEvents(FLOW_EVENTS, refresh, 1_000);
  const now = useNow(15_000);
  const flows = result.data?.flows.edges.map((edge) => edge.node) ?? [];
  const total = result.data?.flows.totalCount;

  return (
    <section>
      <div className="page-header cat-header">
        <h1>Flows</h1>
        {total !== undefined && (
          <span className="muted" data-testid="flows-total">
            {total} flow{total === 1 ? "" : "s"}
          </span>
        )}
        <label className="cat-toolbar-field">
          Search{" "}
          <input type="search" value={search} placeholder="name contains…" onChange={(event) => setSearch(event.target.value)} />
        </label>
      </div>
      <QueryStatus
        what="flows"
        fetching={result.fetching}
        error={result.error?.message ?? null}
        hasData={result.data !== undefined}
        empty={flows.length === 0}
        onRetry={refresh}
        emptyText={
          search.trim() ? (
            <p>No flow name contains "{search.trim()}".</p>
          ) : (
            <>
              <p>No flows yet.</p>
              <p className="muted">
                Run a flow (<code>python examples/hello_flow.py</code>) and it appears here live.
              </p>
            </>
          )
        }
      />
      {flows.length > 0 && (
        <div className="table-scroll">
          <table className="runs cat-catalog-table" aria-label="Flows">
            <thead>
              <tr>
                <th scope="col">Flow</th>
                <th scope="col">Latest runs</th>
                <th scope="col">Last run</th>
                <th scope="col" className="numeric">
                  Runs
                </th>
                <th scope="col">Tags</th>
              </tr>
            </thead>
            <tbody>
              {flows.map((flow) => {
                const runs = flow.flowRuns.edges.map((edge) => edge.node);
                const last = runs[0];
                return (
                  <tr key={flow.id} data-flow={flow.name}>
                    <td className="cat-name">
                      <Link to={`/flows/${flow.id}`}>{flow.name}</Link>
                    </td>
                    <td>
                      <RecentRuns runs={runs} now={now} />
                    </td>
                    <td>
                      {last ? (
                        <span className="cat-last-run">
                          <StateBadge type={last.stateType ?? null} name={last.stateName ?? null} />
                          <RelativeTime iso={last.startTime ?? last.expectedStartTime ?? null} now={now} />
                        </span>
                      ) : (
                        <span className="muted">Never</span>
                      )}
                    </td>
                    <td className="numeric">{flow.flowRuns.totalCount}</td>
                    <td className="cat-cell-wrap">
                      {flow.tags.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        flow.tags.map((tag) => (
                          <span className="cat-tag" key={tag}>
                            {tag}
                          </span>
                        ))
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
