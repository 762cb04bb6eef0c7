/**
 * A task run: header (state, duration, flow run), cache facts, result, state
 * history and its own lines of the flow run's logs, all live.
 */
import { Link } from "react-router";

import type { TaskRunDetailFragment } from "../gql/graphql";
import { isFinal } from "../lib/states";
import { StateBadge } from "../lib/StateBadge";
import { RelativeTime } from "../lib/Time";
import { useNow } from "../lib/useNow";
import { JsonBlock } from "./JsonBlock";
import { LoadError } from "../lib/QueryState";
import { LogViewer } from "./LogViewer";
import { ResultView } from "./ResultView";
import { RunDuration } from "./RunDuration";
import { StateHistory } from "./StateHistory";
import { useLiveLogs } from "./useLiveLogs";
import { useLiveTaskRun } from "./useLiveTaskRun";
import { TagsFact } from "./TagsFact";
import "./run.css";

function TaskRunLogs({
  flowRunId,
  taskRunId,
  finished,
}: {
  flowRunId: string;
  taskRunId: string;
  finished: boolean;
}) {
  const logs = useLiveLogs(flowRunId, taskRunId);
  return (
    <LogViewer
      lines={logs.lines}
      caughtUp={logs.caughtUp}
      error={logs.error}
      retry={logs.retry}
      taskRunId={taskRunId}
      finished={finished}
    />
  );
}

/** Only the parameters fed by other runs: Prefect records `[]` for constants. */
function upstreamInputs(inputs: unknown): Record<string, unknown> {
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) return {};
  return Object.fromEntries(
    Object.entries(inputs).filter(([, value]) => !Array.isArray(value) || value.length > 0),
  );
}

function CacheFacts({ run, now }: { run: TaskRunDetailFragment; now: number }) {
  if (!run.cacheKey && run.stateName !== "Cached") return null;
  return (
    <section className="panel">
      <h2>Cache</h2>
      <dl className="facts">
        {run.stateName === "Cached" && (
          <>
            <dt>Cached</dt>
            <dd>This run reused a cached result instead of running.</dd>
          </>
        )}
        <dt>Cache key</dt>
        <dd>{run.cacheKey ? <code>{run.cacheKey}</code> : <span className="muted">none</span>}</dd>
        <dt>Expires</dt>
        <dd>
          {run.cacheExpiration ? (
            <RelativeTime iso={run.cacheExpiration} now={now} />
          ) : (
            <span className="muted">never</span>
          )}
        </dd>
      </dl>
    </section>
  );
}

function TaskRunDetail({ run, now }: { run: TaskRunDetailFragment; now: number }) {
  const finished = isFinal(run.stateType);
  return (
    <section className="run-detail" data-task-run-id={run.id}>
      <header className="run-header">
        <p className="crumbs">
          {run.flowRun ? (
            <>
              <Link to="/runs">Flow runs</Link> /{" "}
              <Link to={`/runs/${run.flowRun.id}`}>{run.flowRun.name}</Link>
            </>
          ) : (
            <span className="muted">Called outside a flow</span>
          )}
        </p>
        <div className="run-title">
          <h1>{run.name}</h1>
          <StateBadge type={run.stateType ?? null} name={run.stateName ?? null} />
        </div>
        {run.state?.message ? <p className="state-message">{run.state.message}</p> : null}
        <dl className="facts inline">
          <div>
            <dt>Duration</dt>
            <dd>
              <RunDuration run={run} receivedAt={0} now={now} />
            </dd>
          </div>
          <div>
            <dt>{run.startTime ? "Started" : "Expected"}</dt>
            <dd>
              <RelativeTime iso={run.startTime ?? run.expectedStartTime ?? null} now={now} />
            </dd>
          </div>
          <div>
            <dt>Ended</dt>
            <dd>
              <RelativeTime iso={run.endTime ?? null} now={now} />
            </dd>
          </div>
          <div>
            <dt>Task</dt>
            <dd>
              <code>{run.taskKey}</code>
            </dd>
          </div>
          {run.runCount > 1 && (
            <div>
              <dt>Attempts</dt>
              <dd>{run.runCount}</dd>
            </div>
          )}
          {run.subflowRun && (
            <div>
              <dt>Subflow run</dt>
              <dd>
                <Link to={`/runs/${run.subflowRun.id}`}>{run.subflowRun.name}</Link>
              </dd>
            </div>
          )}
          <TagsFact tags={run.tags} />
        </dl>
      </header>
      <div className="panels">
        <section className="panel">
          <h2>Result</h2>
          <ResultView result={run.state?.result} stateType={run.stateType} now={now} />
        </section>
        <CacheFacts run={run} now={now} />
        <section className="panel">
          <h2>State history</h2>
          <StateHistory states={run.stateHistory.edges.map((edge) => edge.node)} now={now} />
        </section>
        <section className="panel">
          <h2>Upstream inputs</h2>
          <JsonBlock value={upstreamInputs(run.taskInputs)} empty="No parameter came from another run." />
        </section>
      </div>
      <section className="panel">
        <h2>Logs</h2>
        {run.flowRunId ? (
          <TaskRunLogs flowRunId={run.flowRunId} taskRunId={run.id} finished={finished} />
        ) : (
          <p className="muted">Logs of task runs outside a flow are not streamed.</p>
        )}
      </section>
    </section>
  );
}

export function TaskRunPage({ id }: { id: string }) {
  const { result, liveError, reload } = useLiveTaskRun(id);
  const now = useNow(1_000);
  const run = result.data?.taskRun;
  if (run === undefined || run === null) {
    if (result.error) return <LoadError what="the task run" error={result.error.message} retry={reload} />;
    if (result.data !== undefined) {
      return (
        <section className="empty">
          <h1>No such task run</h1>
          <p className="muted">
            There is no task run with id <code>{id}</code> (its flow run may have been deleted).
          </p>
        </section>
      );
    }
    return (
      <p className="muted" aria-busy="true">
        Loading the task run…
      </p>
    );
  }
  return (
    <>
      {liveError !== null && <LoadError what="live updates" error={liveError} retry={reload} />}
      <TaskRunDetail run={run} now={now} />
    </>
  );
}
