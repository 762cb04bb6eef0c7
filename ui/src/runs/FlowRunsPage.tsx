import { formatDuration } from "../lib/format";
import { StateBadge } from "../lib/StateBadge";
import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import type { FlowRunRow } from "./merge";
import { useLiveFlowRuns } from "./useLiveFlowRuns";

const PAGE_SIZE = 50;

function duration(row: FlowRunRow, now: number): string {
  if (row.startTime === null) return "—";
  const running = row.stateType === "RUNNING";
  const seconds = row.estimatedRunTime + (running ? Math.max(0, now - row.receivedAt) / 1000 : 0);
  return formatDuration(seconds);
}

function RunRow({ row, now }: { row: FlowRunRow; now: number }) {
  return (
    <tr data-run-id={row.id}>
      <td className="run-name">{row.name}</td>
      <td>{row.flow.name}</td>
      <td>
        <StateBadge type={row.stateType ?? null} name={row.stateName ?? null} />
      </td>
      <td>
        <RelativeTime iso={row.startTime ?? row.expectedStartTime ?? null} now={now} />
      </td>
      <td className="numeric">{duration(row, now)}</td>
    </tr>
  );
}

export function FlowRunsPage() {
  const runs = useLiveFlowRuns(PAGE_SIZE);
  const now = useNow(1_000);
  return (
    <section>
      <div className="page-header">
        <h1>Flow runs</h1>
        {runs.total !== null && (
          <span className="muted" data-testid="runs-total">
            {runs.total} run{runs.total === 1 ? "" : "s"}
          </span>
        )}
      </div>
      {runs.liveError !== null && (
        <div className="banner warning" role="alert">
          Live updates stopped: {runs.liveError}{" "}
          <button type="button" onClick={runs.retry}>
            Retry
          </button>
        </div>
      )}
      {runs.status === "error" && (
        <div className="banner error" role="alert">
          Could not load flow runs: {runs.error}{" "}
          <button type="button" onClick={runs.retry}>
            Retry
          </button>
        </div>
      )}
      {runs.status === "loading" && runs.rows.length === 0 && (
        <p className="muted" aria-busy="true">
          Loading flow runs…
        </p>
      )}
      {runs.status === "loaded" && runs.rows.length === 0 && (
        <div className="empty">
          <p>No flow runs yet.</p>
          <p className="muted">
            Run a flow (<code>python examples/hello_flow.py</code>) and it appears here live.
          </p>
        </div>
      )}
      {runs.rows.length > 0 && (
        <div className="table-scroll">
          <table className="runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Flow</th>
                <th scope="col">State</th>
                <th scope="col">Start</th>
                <th scope="col" className="numeric">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.rows.map((row) => (
                <RunRow key={row.id} row={row} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
