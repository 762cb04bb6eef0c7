/** Log lines of a flow run: appended as they stream (once each), filtered on the client. */
import type { LogLineFragment } from "../gql/graphql";

export interface LogsState {
  lines: readonly LogLineFragment[];
  ids: ReadonlySet<string>;
}

export const EMPTY_LOGS: LogsState = { lines: [], ids: new Set() };

/** Append new lines; a replay after a reconnect repeats lines, which are dropped. */
export function appendLogs(state: LogsState, incoming: readonly LogLineFragment[]): LogsState {
  const fresh = incoming.filter((line) => !state.ids.has(line.id));
  if (fresh.length === 0) return state;
  const ids = new Set(state.ids);
  for (const line of fresh) ids.add(line.id);
  return { lines: [...state.lines, ...fresh], ids };
}

export interface LogFilter {
  /** Lowest level shown (standard logging numbers: 0 all, 20 INFO and up). */
  minLevel: number;
  /** Case-insensitive text in the message or the logger's name. */
  text: string;
  /** Only this task run's lines. */
  taskRunId?: string | undefined;
}

export const LEVELS = [
  { value: 0, label: "All levels" },
  { value: 10, label: "Debug and up" },
  { value: 20, label: "Info and up" },
  { value: 30, label: "Warning and up" },
  { value: 40, label: "Error and up" },
  { value: 50, label: "Critical" },
] as const;

export function filterLogs(lines: readonly LogLineFragment[], filter: LogFilter): LogLineFragment[] {
  const text = filter.text.trim().toLowerCase();
  return lines.filter(
    (line) =>
      line.level >= filter.minLevel &&
      (filter.taskRunId === undefined || line.taskRunId === filter.taskRunId) &&
      (text === "" || line.message.toLowerCase().includes(text) || line.name.toLowerCase().includes(text)),
  );
}

/** A CSS hook per level band: debug, info, warning, error. */
export function levelClass(level: number): string {
  if (level >= 40) return "error";
  if (level >= 30) return "warning";
  if (level >= 20) return "info";
  return "debug";
}
