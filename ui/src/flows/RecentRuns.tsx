/**
 * A flow's latest runs as bars, oldest to newest, coloured by state and as
 * tall as they were long (relative to the longest shown); each links to its run.
 */
import { Link } from "react-router";

import type { FlowRunSummaryFragment } from "../gql/graphql";
import { formatDuration, formatExact } from "../lib/format";
import { STATE_COLORS } from "../lib/states";
import { runSeconds } from "./runDuration";

const MIN_PX = 5;
const MAX_PX = 22;

export function barHeights(seconds: readonly (number | null)[]): number[] {
  const longest = Math.max(0, ...seconds.map((value) => value ?? 0));
  return seconds.map((value) =>
    value === null || longest === 0 ? MIN_PX : Math.round(MIN_PX + (MAX_PX - MIN_PX) * (value / longest)),
  );
}

export function RecentRuns({ runs, now }: { runs: readonly FlowRunSummaryFragment[]; now: number }) {
  if (runs.length === 0) return <span className="muted">No runs</span>;
  const ordered = [...runs].reverse();
  const seconds = ordered.map((run) => runSeconds(run, now));
  const heights = barHeights(seconds);
  return (
    <ol className="cat-recent-runs" aria-label="Latest runs, oldest first">
      {ordered.map((run, index) => {
        const when = run.startTime ?? run.expectedStartTime;
        const took = seconds[index];
        const label = [
          run.name,
          run.stateName ?? run.stateType ?? "no state",
          when ? formatExact(when) : null,
          took === null || took === undefined ? null : formatDuration(took),
        ]
          .filter((part) => part !== null)
          .join(" · ");
        return (
          <li key={run.id}>
            <Link
              to={`/runs/${run.id}`}
              className="cat-run-square"
              data-state={run.stateType ?? "UNKNOWN"}
              style={{
                height: heights[index],
                ...(run.stateType ? { backgroundColor: STATE_COLORS[run.stateType] } : {}),
              }}
              title={label}
              aria-label={label}
            />
          </li>
        );
      })}
    </ol>
  );
}
