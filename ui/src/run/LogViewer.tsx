/**
 * Log lines, virtualized (a run may log hundreds of thousands), with a level
 * filter and text search on the client. It follows new lines while the user
 * is at the bottom and stops following when they scroll up.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";

import type { LogLineFragment } from "../gql/graphql";
import { formatExact } from "../lib/format";
import { LoadError } from "../lib/QueryState";
import { LEVELS, filterLogs, levelClass } from "./logs";

const AT_BOTTOM_PX = 24;

/** "14:03:07.125": lines are seconds apart, so the time of day reads better than "2 min ago". */
function clock(iso: string): string {
  const date = new Date(iso);
  const ms = String(date.getMilliseconds()).padStart(3, "0");
  return `${date.toLocaleTimeString(undefined, { hour12: false })}.${ms}`;
}

function LogRow({
  line,
  taskName,
}: {
  line: LogLineFragment;
  taskName: ((id: string) => string | undefined) | undefined;
}) {
  return (
    <div className={`log-line level-${levelClass(line.level)}`}>
      <time dateTime={line.timestamp} title={formatExact(line.timestamp)}>
        {clock(line.timestamp)}
      </time>
      <span className="log-level">{line.levelName}</span>
      <span className="log-message">{line.message}</span>
      {taskName !== undefined && line.taskRunId ? (
        <Link className="log-source" to={`/task-runs/${line.taskRunId}`} title={line.name}>
          {taskName(line.taskRunId) ?? "task run"}
        </Link>
      ) : (
        <span className="log-source muted">{line.name}</span>
      )}
    </div>
  );
}

export interface LogViewerProps {
  lines: readonly LogLineFragment[];
  caughtUp: boolean;
  error: string | null;
  retry: () => void;
  /** Only this task run's lines. */
  taskRunId?: string;
  /** Why no lines may come (e.g. the run is final), for the empty state. */
  finished: boolean;
  /** Task run names, to link each task run's lines to its page (flow run page only). */
  taskName?: (id: string) => string | undefined;
}

export function LogViewer({ lines, caughtUp, error, retry, taskRunId, finished, taskName }: LogViewerProps) {
  const [minLevel, setMinLevel] = useState(0);
  const [text, setText] = useState("");
  const deferredText = useDeferredValue(text);
  const [follow, setFollow] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  const ids = useId();

  const own = useMemo(
    () => (taskRunId === undefined ? lines : filterLogs(lines, { minLevel: 0, text: "", taskRunId })),
    [lines, taskRunId],
  );
  const shown = useMemo(
    () => filterLogs(own, { minLevel, text: deferredText }),
    [own, minLevel, deferredText],
  );
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 24,
    overscan: 20,
    getItemKey: (index) => shown[index]?.id ?? index,
  });

  useLayoutEffect(() => {
    if (follow && shown.length > 0) virtualizer.scrollToIndex(shown.length - 1, { align: "end" });
  }, [follow, shown.length, virtualizer]);

  // Measured rows change the total height after the jump: keep the bottom in view.
  useEffect(() => {
    const element = scroller.current;
    if (!follow || element === null) return;
    element.scrollTop = element.scrollHeight;
  });

  function onScroll() {
    const element = scroller.current;
    if (element === null) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < AT_BOTTOM_PX;
    if (atBottom !== follow) setFollow(atBottom);
  }

  return (
    <div className="logs">
      <div className="toolbar" role="group" aria-label="Log filters">
        <label htmlFor={`${ids}-level`}>Level</label>
        <select id={`${ids}-level`} value={minLevel} onChange={(e) => setMinLevel(Number(e.target.value))}>
          {LEVELS.map((level) => (
            <option key={level.value} value={level.value}>
              {level.label}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-search`}>Search</label>
        <input
          id={`${ids}-search`}
          type="search"
          placeholder="Text in the message or logger"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <span className="muted" data-testid="log-count" aria-live="polite">
          {shown.length === own.length
            ? `${own.length} line${own.length === 1 ? "" : "s"}`
            : `${shown.length} of ${own.length} lines`}
        </span>
        {!follow && (
          <button type="button" onClick={() => setFollow(true)}>
            Follow new lines ↓
          </button>
        )}
      </div>
      {error !== null && <LoadError what="logs" error={error} retry={retry} />}
      {!caughtUp && own.length === 0 && error === null ? (
        <p className="muted" aria-busy="true">
          Loading logs…
        </p>
      ) : shown.length === 0 ? (
        <div className="empty">
          {own.length > 0
            ? "No lines match the filter."
            : finished
              ? "This run logged nothing."
              : "No logs yet: new lines appear here as they are written."}
        </div>
      ) : (
        <div
          className="log-scroll"
          ref={scroller}
          onScroll={onScroll}
          tabIndex={0}
          aria-label="Log lines"
          role="log"
        >
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = shown[item.index];
              if (line === undefined) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="virtual-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <LogRow line={line} taskName={taskName} />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
