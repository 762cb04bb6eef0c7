import { Link } from "react-router";

import type { FlowRunSummaryFragment } from "../gql/graphql";
import { formatDuration } from "../lib/format";
import { StateBadge } from "../lib/StateBadge";
import { RelativeTime } from "../lib/Time";
import { runSeconds } from "./runDuration";

export function FlowRunsTable({ runs, now }: { runs: readonly FlowRunSummaryFragment[]; now: number }) {
  return (
    <div className="table-scroll">
      <table className="runs cat-catalog-table" aria-label="Runs of this flow">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">State</th>
            <th scope="col">Start</th>
            <th scope="col" className="numeric">
              Duration
            </th>
            <th scope="col">Tags</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const seconds = runSeconds(run, now);
            return (
              <tr key={run.id} data-run-id={run.id}>
                <td className="cat-name">
                  <Link to={`/runs/${run.id}`}>{run.name}</Link>
                </td>
                <td>
                  <StateBadge type={run.stateType ?? null} name={run.stateName ?? null} />
                </td>
                <td>
                  <RelativeTime iso={run.startTime ?? run.expectedStartTime ?? null} now={now} />
                </td>
                <td className="numeric">{seconds === null ? "—" : formatDuration(seconds)}</td>
                <td className="cat-cell-wrap">
                  {run.tags.map((tag) => (
                    <span className="cat-tag" key={tag}>
                      {tag}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
