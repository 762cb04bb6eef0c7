/**
 * A flow run: its header (live state, ticking duration, actions) and its
 * sections. Task runs and logs stream from the moment the page opens,
 * whichever section is shown, so switching sections never reloads them.
 */
import { Link, Route, Routes } from "react-router";

import { isFinal } from "../lib/states";
import { useNow } from "../lib/useNow";
import { ArtifactsPanel } from "./ArtifactsPanel";
import { FlowRunActions } from "./FlowRunActions";
import { FlowRunHeader } from "./FlowRunHeader";
import { FlowRunTabs } from "./FlowRunTabs";
import { JsonBlock } from "./JsonBlock";
import { LoadError } from "../lib/QueryState";
import { LogViewer } from "./LogViewer";
import { ResultView } from "./ResultView";
import { StatesPanel } from "./StatesPanel";
import { TaskRunTimeline } from "./TaskRunTimeline";
import { useLiveFlowRun } from "./useLiveFlowRun";
import { useLiveLogs } from "./useLiveLogs";
import { useLiveTaskRuns } from "./useLiveTaskRuns";
import "./run.css";

export function FlowRunPage({ id }: { id: string }) {
  const flowRun = useLiveFlowRun(id);
  const taskRuns = useLiveTaskRuns(id);
  const logs = useLiveLogs(id);
  const now = useNow(1_000);
  const { run } = flowRun;

  if (flowRun.deleted) {
    return (
      <section className="empty" role="status">
        <h1>Flow run deleted</h1>
        <p>
          This run was deleted. <Link to="/runs">Back to flow runs</Link>
        </p>
      </section>
    );
  }
  if (run === null) {
    if (flowRun.status === "missing") {
      return (
        <section className="empty">
          <h1>No such flow run</h1>
          <p className="muted">
            There is no flow run with id <code>{id}</code>.
          </p>
        </section>
      );
    }
    if (flowRun.status === "error")
      return <LoadError what="the flow run" error={flowRun.error ?? ""} retry={flowRun.reload} />;
    return (
      <p className="muted" aria-busy="true">
        Loading the flow run…
      </p>
    );
  }

  const base = `/runs/${id}`;
  const stateId = run.state?.id;
  return (
    <section className="run-detail" data-flow-run-id={id}>
      <div className="run-top">
        <FlowRunHeader run={run} receivedAt={flowRun.receivedAt} now={now} />
        <FlowRunActions run={run} onChanged={flowRun.reload} />
      </div>
      {flowRun.liveError !== null && (
        <LoadError what="live updates" error={flowRun.liveError} retry={flowRun.reload} />
      )}
      <FlowRunTabs
        base={base}
        tabs={[
          { path: "", label: "Task runs", count: taskRuns.total },
          { path: "logs", label: "Logs", count: logs.lines.length },
          { path: "parameters", label: "Parameters" },
          { path: "states", label: "State history" },
          { path: "artifacts", label: "Artifacts" },
          { path: "result", label: "Result" },
        ]}
      />
      <div className="tab-panel">
        <Routes>
          <Route
            index
            element={
              <TaskRunTimeline
                flowRunId={id}
                flowStart={run.startTime}
                taskRuns={taskRuns}
                finished={isFinal(run.stateType)}
              />
            }
          />
          <Route
            path="logs"
            element={
              <LogViewer
                lines={logs.lines}
                caughtUp={logs.caughtUp}
                error={logs.error}
                retry={logs.retry}
                finished={isFinal(run.stateType)}
                taskName={(taskRunId) => taskRuns.byId.get(taskRunId)?.name}
              />
            }
          />
          <Route
            path="parameters"
            element={<JsonBlock value={run.parameters} empty="This run has no parameters." />}
          />
          <Route path="states" element={<StatesPanel flowRunId={id} stateId={stateId} now={now} />} />
          <Route path="artifacts" element={<ArtifactsPanel flowRunId={id} stateId={stateId} now={now} />} />
          <Route
            path="result"
            element={<ResultView result={run.state?.result} stateType={run.stateType} now={now} />}
          />
          <Route path="*" element={<p className="muted">No such section.</p>} />
        </Routes>
      </div>
    </section>
  );
}
