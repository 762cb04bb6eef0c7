/** One flow: what it is, its run counts by outcome and its latest runs, kept current by its runs' events. */
import { useCallback } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { JsonBlock } from "../artifacts/ArtifactData";
import { Markdown } from "../artifacts/Markdown";
import { QueryStatus } from "../lib/QueryStatus";
import { useRefreshOnEvents } from "../live/useRefreshOnEvents";
import type { StateType } from "../gql/graphql";
import { STATE_COLORS } from "../lib/states";
import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import { FlowRunsTable } from "./FlowRunsTable";
import { FlowQuery } from "./operations";
import "./flows.css";

const RUNS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Count({ label, value, state }: { label: string; value: number; state?: StateType }) {
  return (
    <div className="cat-count" data-state={state} style={state ? { borderTopColor: STATE_COLORS[state] } : undefined}>
      <span className="cat-count-value">{value}</span>
      <span className="cat-count-label">{label}</span>
    </div>
  );
}

export function FlowPage() {
  const { id = "" } = useParams();
  const valid = UUID.test(id);
  const [result, reexecute] = useQuery({ query: FlowQuery, variables: { id, first: RUNS }, pause: !valid });
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefreshOnEvents({ eventPrefix: ["flowql.flow"], relatedId: [`flowql.flow.${id}`] }, refresh, 1_000);
  useRefreshOnEvents({ resourceId: [`flowql.flow.${id}`] }, refresh, 1_000);
  const now = useNow(1_000);
  const flow = result.data?.flow;

  if (!valid || (result.data !== undefined && flow == null)) {
    return (
      <section className="empty">
        <h1>Flow not found</h1>
        <p>{valid ? "No flow with this id (it may have been deleted)." : `"${id}" is not a flow id.`}</p>
        <p>
          <Link to="/flows">All flows</Link>
        </p>
      </section>
    );
  }
  const runs = flow?.flowRuns.edges.map((edge) => edge.node) ?? [];
  return (
    <section>
      <p className="cat-breadcrumbs">
        <Link to="/flows">Flows</Link>
      </p>
      <QueryStatus
        what="the flow"
        fetching={result.fetching}
        error={result.error?.message ?? null}
        hasData={flow != null}
        empty={false}
        onRetry={refresh}
        emptyText={null}
      />
      {flow != null && (
        <>
          <div className="page-header cat-header">
            <h1>{flow.name}</h1>
            {flow.version && <span className="muted">version {flow.version}</span>}
            {flow.tags.map((tag) => (
              <span className="cat-tag" key={tag}>
                {tag}
              </span>
            ))}
          </div>
          <dl className="cat-facts">
            <div>
              <dt>Created</dt>
              <dd>
                <RelativeTime iso={flow.created} now={now} />
              </dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd>
                <RelativeTime iso={flow.updated} now={now} />
              </dd>
            </div>
            <div>
              <dt>Id</dt>
              <dd>
                <code>{flow.id}</code>
              </dd>
            </div>
          </dl>
          {flow.description && <Markdown text={flow.description} />}
          <div className="cat-counts" aria-label="Runs by outcome">
            <Count label="runs" value={flow.flowRuns.totalCount} />
            <Count label="completed" value={flow.completed.totalCount} state="COMPLETED" />
            <Count label="failed or crashed" value={flow.failed.totalCount} state="FAILED" />
            <Count label="running or pending" value={flow.running.totalCount} state="RUNNING" />
            <Count label="scheduled or paused" value={flow.scheduled.totalCount} state="SCHEDULED" />
          </div>
          <h2 className="cat-section-title">
            Latest runs{" "}
            {flow.flowRuns.totalCount > runs.length && (
              <span className="muted">(newest {runs.length} of {flow.flowRuns.totalCount})</span>
            )}
          </h2>
          {runs.length === 0 ? (
            <div className="empty">
              <p>This flow has not run yet.</p>
            </div>
          ) : (
            <FlowRunsTable runs={runs} now={now} />
          )}
          {flow.parameterSchema != null && (
            <details className="cat-parameter-schema">
              <summary>Parameter schema</summary>
              <JsonBlock value={flow.parameterSchema} />
            </details>
          )}
        </>
      )}
    </section>
  );
}
