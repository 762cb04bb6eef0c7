/**
 * A flow run's task runs as they are now: query pages merged with
 * `taskRunUpdates` messages (either may come first). Per id the newer
 * `updated` wins; rows are ordered by when they started (or were expected to).
 */
import type { TaskRunRowFragment } from "../gql/graphql";

export type TaskRunRow = TaskRunRowFragment & { receivedAt: number };

export interface TaskRunsState {
  status: "loading" | "loaded" | "error";
  error: string | null;
  byId: ReadonlyMap<string, TaskRunRow>;
  /** byId's values in display order (recomputed only when byId changes). */
  rows: readonly TaskRunRow[];
  /** Rows loaded by the query so far, out of `total` (null until the first page). */
  loaded: number;
  total: number | null;
}

export const EMPTY_TASK_RUNS: TaskRunsState = {
  status: "loading",
  error: null,
  byId: new Map(),
  rows: [],
  loaded: 0,
  total: null,
};

export type TaskRunsAction =
  | { type: "page"; rows: TaskRunRowFragment[]; total: number; first: boolean; at: number }
  | { type: "done" }
  | { type: "failed"; error: string }
  | { type: "retry" }
  | { type: "updates"; rows: TaskRunRowFragment[]; at: number };

function startKey(row: TaskRunRowFragment): number {
  const iso = row.startTime ?? row.expectedStartTime;
  return iso === null || iso === undefined ? Number.POSITIVE_INFINITY : Date.parse(iso);
}

export function compareTaskRuns(a: TaskRunRowFragment, b: TaskRunRowFragment): number {
  return startKey(a) - startKey(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Merge `incoming` into `byId`; returns the same map when nothing changed. */
export function mergeTaskRuns(
  byId: ReadonlyMap<string, TaskRunRow>,
  incoming: readonly TaskRunRowFragment[],
  at: number,
): { byId: ReadonlyMap<string, TaskRunRow>; added: number } {
  let next: Map<string, TaskRunRow> | null = null;
  let added = 0;
  for (const row of incoming) {
    const current = (next ?? byId).get(row.id);
    if (current !== undefined && Date.parse(current.updated) > Date.parse(row.updated)) continue;
    if (current === undefined) added += 1;
    next ??= new Map(byId);
    next.set(row.id, { ...row, receivedAt: at });
  }
  return { byId: next ?? byId, added };
}

function withRows(state: TaskRunsState, byId: ReadonlyMap<string, TaskRunRow>): TaskRunsState {
  if (byId === state.byId) return state;
  return { ...state, byId, rows: [...byId.values()].sort(compareTaskRuns) };
}

export function taskRunsReducer(state: TaskRunsState, action: TaskRunsAction): TaskRunsState {
  switch (action.type) {
    case "page": {
      const { byId } = mergeTaskRuns(state.byId, action.rows, action.at);
      const loaded = (action.first ? 0 : state.loaded) + action.rows.length;
      return { ...withRows(state, byId), loaded, total: action.total, error: null };
    }
    case "done":
      return { ...state, status: "loaded" };
    case "failed":
      return { ...state, status: "error", error: action.error };
    case "retry":
      return { ...state, status: "loading", error: null };
    case "updates": {
      const { byId, added } = mergeTaskRuns(state.byId, action.rows, action.at);
      const next = withRows(state, byId);
      return added > 0 && next.total !== null ? { ...next, total: next.total + added } : next;
    }
  }
}
