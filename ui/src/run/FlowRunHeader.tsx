import { Link } from "react-router";

import type { FlowRunHeaderFragment } from "../gql/graphql";
import { StateBadge } from "../lib/StateBadge";
import { RelativeTime } from "../lib/Time";
import { RunDuration } from "./RunDuration";
import { TagsFact } from "./TagsFact";

/** Name, flow, live state and duration, times and tags of a flow run. */
export function FlowRunHeader({
  run,
  receivedAt,
  now,
}: {
  run: FlowRunHeaderFragment;
  receivedAt: number;
  now: number;
}) {
  return (
    <header className="run-header">
      <p className="crumbs">
        <Link to="/runs">Flow runs</Link> / <Link to={`/flows/${run.flow.id}`}>{run.flow.name}</Link>
        {run.parentFlowRunId ? (
          <>
            {" "}
            · subflow of <Link to={`/runs/${run.parentFlowRunId}`}>its parent run</Link>
          </>
        ) : null}
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
            <RunDuration run={run} receivedAt={receivedAt} now={now} />
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
        {run.runCount > 1 && (
          <div>
            <dt>Attempts</dt>
            <dd>{run.runCount}</dd>
          </div>
        )}
        <TagsFact tags={run.tags} />
      </dl>
    </header>
  );
}
