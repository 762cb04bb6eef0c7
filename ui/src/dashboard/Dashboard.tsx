/** /: run history, runs by state, recent failures and late runs; re-read live as runs change. */
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";

import type { StateCountsQuery, StateType } from "../gql/graphql";
import { useNow } from "../lib/useNow";
import { AttentionList } from "./AttentionList";
import { HISTORY_RANGES, historyWindow, isHistoryRange, toBars, type HistoryRange } from "./history";
import { HistoryChart } from "./HistoryChart";
import { AttentionRunsQuery, RunHistoryQuery, StateCountsQuery as CountsQuery } from "./operations";
import { StateCounts, type CountGroup } from "./StateCounts";
import { useLiveTick } from "./useLiveTick";
import { useStickyQuery, type Sticky } from "./useStickyQuery";
import "./dashboard.css";

const DEFAULT_RANGE: HistoryRange = "24h";
const LATE_AFTER_MS = 15_000;

function groups(data: StateCountsQuery, prefix: "flow" | "task"): CountGroup[] {
  const n = (key: keyof StateCountsQuery) => data[key].totalCount;
  const p = prefix;
  return [
    { label: "Scheduled", types: ["SCHEDULED"], count: n(`${p}Scheduled`) },
    { label: "Pending", types: ["PENDING", "PAUSED"], count: n(`${p}Pending`) },
    { label: "Running", types: ["RUNNING", "CANCELLING"], count: n(`${p}Running`) },
    { label: "Completed", types: ["COMPLETED"], count: n(`${p}Completed`) },
    { label: "Failed", types: ["FAILED", "CRASHED"], count: n(`${p}Failed`) },
    { label: "Cancelled", types: ["CANCELLED"], count: n(`${p}Cancelled`) },
  ];
}

function runsLink(range: HistoryRange, types: StateType[]): string {
  const params = new URLSearchParams(types.map((t) => ["state", t]));
  params.set("range", range);
  return `/runs?${params.toString()}`;
}

/** An error with a retry for one panel; the panel keeps its last answer meanwhile. */
function PanelError({ query, what }: { query: Sticky<unknown>; what: string }) {
  if (query.error === null) return null;
  return (
    <div className="banner error" role="alert">
      Could not load {what}: {query.error}{" "}
      <button type="button" onClick={query.retry}>
        Retry
      </button>
    </div>
  );
}

export function Dashboard() {
  const [params, setParams] = useSearchParams();
  const asked = params.get("range");
  const range = isHistoryRange(asked) ? asked : DEFAULT_RANGE;
  const tick = useLiveTick();
  const now = useNow(5_000);
  // Windows move with each re-read (tick), not with every clock tick.
  const span = useMemo(() => historyWindow(range, Date.now()), [range, tick]);
  const lateBefore = useMemo(() => new Date(Date.now() - LATE_AFTER_MS).toISOString(), [tick]);

  const history = useStickyQuery(RunHistoryQuery, span, tick);
  const counts = useStickyQuery(CountsQuery, { since: span.since }, tick);
  const attention = useStickyQuery(AttentionRunsQuery, { since: span.since, lateBefore }, tick);
  const bars = useMemo(() => toBars(history.data?.eventCounts ?? []), [history.data]);

  return (
    <section className="dashboard">
      <div className="page-header">
        <h1>Dashboard</h1>
        <div className="range-picker" role="group" aria-label="Time range">
          {Object.entries(HISTORY_RANGES).map(([key, { label }]) => (
            <button
              key={key}
              type="button"
              aria-pressed={key === range}
              onClick={() => setParams(key === DEFAULT_RANGE ? {} : { range: key }, { replace: true })}
            >
              {label}
            </button>
          ))}
        </div>
      </div>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Flow run history</h2>
        <PanelError query={history} what="the run history" />
        {history.data === null && history.error === null ? (
          <p className="muted" aria-busy="true">
            Loading history…
          </p>
        ) : (
          <HistoryChart bars={bars} label={`Flow run state changes, ${HISTORY_RANGES[range].label.toLowerCase()}`} />
        )}
        <p className="muted small">
          State changes per {HISTORY_RANGES[range].bucket >= 3_600 ? `${HISTORY_RANGES[range].bucket / 3_600} h` : `${HISTORY_RANGES[range].bucket / 60} min`}; hover a bar for its counts. Open{" "}
          <Link to={`/runs?range=${range}`}>these runs</Link>.
        </p>
      </section>

      <PanelError query={counts} what="run counts" />
      {counts.data === null && counts.error === null && (
        <p className="muted" aria-busy="true">
          Loading counts…
        </p>
      )}
      {counts.data !== null && (
        <div className="dashboard-grid">
          <StateCounts
            title="Flow runs"
            total={counts.data.flowRuns.totalCount}
            groups={groups(counts.data, "flow")}
            linkTo={(types) => runsLink(range, types)}
          />
          <StateCounts title="Task runs" total={counts.data.taskRuns.totalCount} groups={groups(counts.data, "task")} />
        </div>
      )}

      <PanelError query={attention} what="failures and late runs" />
      {attention.data !== null && (
        <div className="dashboard-grid">
          <AttentionList
            title="Recent failures"
            runs={attention.data.failures.edges.map((e) => e.node)}
            total={attention.data.failures.totalCount}
            empty="No failed or crashed runs in this range."
            moreLink={runsLink(range, ["FAILED", "CRASHED"])}
            now={now}
            time={(run) => run.endTime ?? run.startTime ?? run.expectedStartTime ?? null}
          />
          <AttentionList
            title="Late runs"
            runs={attention.data.late.edges.map((e) => e.node)}
            total={attention.data.late.totalCount}
            empty="Nothing is late: every scheduled run has started on time."
            moreLink="/runs?state=SCHEDULED&sort=EXPECTED_START_TIME_ASC"
            now={now}
            time={(run) => run.expectedStartTime ?? null}
          />
        </div>
      )}
    </section>
  );
}
