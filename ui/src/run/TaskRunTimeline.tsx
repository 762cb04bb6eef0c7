/**
 * A flow run's task runs (and the subflow runs they stand for) as a
 * virtualized list with a Gantt bar per row, so 2,000+ rows stay smooth:
 * only the visible rows are in the DOM.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { formatDuration } from "../lib/format";
import { STATE_COLORS } from "../lib/states";
import { StateBadge } from "../lib/StateBadge";
import { useNow } from "../lib/useNow";
import { LoadError } from "../lib/QueryState";
import { SubflowRunsQuery } from "./operations";
import { RunDuration } from "./RunDuration";
import type { TaskRunRow } from "./taskRuns";
import { barLayout, timelineSpan, type Span } from "./timeline";
import type { LiveTaskRuns } from "./useLiveTaskRuns";

const ROW_PX = 36;
const SUBFLOW_REFRESH_MS = 1_000;

interface Subflow {
  id: string;
  name: string;
}

function Row({
  row,
  subflow,
  span,
  now,
}: {
  row: TaskRunRow;
  subflow: Subflow | undefined;
  span: Span | null;
  now: number;
}) {
  const bar = span === null ? null : barLayout(row, span, now);
  return (
    <div className="task-row" data-task-run-id={row.id}>
      <span className="task-name">
        {subflow ? (
          <Link to={`/runs/${subflow.id}`} title={`Subflow run ${subflow.name}`}>
            <span className="kind">subflow</span> {subflow.name}
          </Link>
        ) : (
          <Link to={`/task-runs/${row.id}`}>{row.name}</Link>
        )}
      </span>
      <StateBadge type={row.stateType ?? null} name={row.stateName ?? null} />
      <RunDuration run={row} receivedAt={row.receivedAt} now={now} />
      <span className="task-track" aria-hidden="true">
        {bar && (
          <span
            className="task-bar"
            style={{
              left: `${bar.left * 100}%`,
              width: `${bar.width * 100}%`,
              backgroundColor: row.stateType ? STATE_COLORS[row.stateType] : undefined,
            }}
          />
        )}
      </span>
    </div>
  );
}

export function TaskRunTimeline({
  flowRunId,
  flowStart,
  taskRuns,
  finished,
}: {
  flowRunId: string;
  flowStart: string | null | undefined;
  taskRuns: LiveTaskRuns;
  /** The flow run is final: no task run will come. */
  finished: boolean;
}) {
  const now = useNow(1_000);
  const [text, setText] = useState("");
  const query = useDeferredValue(text.trim().toLowerCase());
  const scroller = useRef<HTMLDivElement>(null);
  const searchId = useId();
  // Subflow runs are few; re-read them when a task run appears (one may be a subflow call).
  const [subflows, reexecuteSubflows] = useQuery({ query: SubflowRunsQuery, variables: { id: flowRunId } });
  // A subflow's run is created just after the task run that stands for it:
  // re-read them, at most once a second, as task runs appear or change.
  const changes = `${taskRuns.total}:${taskRuns.rows.filter((row) => row.stateType !== "PENDING").length}`;
  const lastSubflowRead = useRef(0);
  useEffect(() => {
    if (taskRuns.total === null || taskRuns.total === 0) return;
    // Rescheduling keeps the same deadline, so a steady stream of changes still re-reads once a second.
    const wait = Math.max(0, lastSubflowRead.current + SUBFLOW_REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastSubflowRead.current = Date.now();
      reexecuteSubflows({ requestPolicy: "network-only" });
    }, wait);
    return () => clearTimeout(timer);
  }, [changes, taskRuns.total, reexecuteSubflows]);
  const byParentTask = useMemo(() => {
    const map = new Map<string, Subflow>();
    for (const edge of subflows.data?.flowRun?.subflowRuns.edges ?? []) {
      if (edge.node.parentTaskRunId) map.set(edge.node.parentTaskRunId, edge.node);
    }
    return map;
  }, [subflows.data]);

  const rows = useMemo(
    () =>
      query === ""
        ? taskRuns.rows
        : taskRuns.rows.filter(
            (row) =>
              row.name.toLowerCase().includes(query) || (row.stateName ?? "").toLowerCase().includes(query),
          ),
    [taskRuns.rows, query],
  );
  const span = timelineSpan(taskRuns.rows, now, flowStart); // one pass a second: cheap even for 10,000 rows
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  const counts =
    taskRuns.total === null ? "" : `${taskRuns.rows.length} task run${taskRuns.rows.length === 1 ? "" : "s"}`;
  return (
    <div className="task-runs">
      <div className="toolbar">
        <label htmlFor={searchId}>Find</label>
        <input
          id={searchId}
          type="search"
          placeholder="Task name or state"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <span className="muted" data-testid="task-run-count" aria-live="polite">
          {query ? `${rows.length} of ${counts}` : counts}
          {taskRuns.status === "loading" && taskRuns.total !== null
            ? ` (loading ${taskRuns.loaded} of ${taskRuns.total})`
            : ""}
        </span>
      </div>
      {taskRuns.liveError !== null && (
        <LoadError what="live task run updates" error={taskRuns.liveError} retry={taskRuns.retry} />
      )}
      {taskRuns.status === "error" && (
        <LoadError what="task runs" error={taskRuns.error ?? ""} retry={taskRuns.retry} />
      )}
      {taskRuns.status === "loading" && taskRuns.rows.length === 0 ? (
        <p className="muted" aria-busy="true">
          Loading task runs…
        </p>
      ) : rows.length === 0 && taskRuns.status !== "error" ? (
        <div className="empty">
          {taskRuns.rows.length > 0
            ? "No task runs match."
            : finished
              ? "This run called no tasks."
              : "No task runs yet: they appear here as the flow calls them."}
        </div>
      ) : (
        <div className="task-scroll" ref={scroller} tabIndex={0} role="list" aria-label="Task runs">
          <div className="task-row task-head" aria-hidden="true">
            <span>Task run</span>
            <span>State</span>
            <span className="numeric">Duration</span>
            <span className="task-axis">
              <span>{span === null ? "" : "0 s"}</span>
              <span>{span === null ? "not started" : formatDuration((span.end - span.start) / 1000)}</span>
            </span>
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (row === undefined) return null;
              return (
                <div
                  key={item.key}
                  role="listitem"
                  className="virtual-row"
                  style={{ height: ROW_PX, transform: `translateY(${item.start}px)` }}
                >
                  <Row row={row} subflow={byParentTask.get(row.id)} span={span} now={now} />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
