/**
 * The runs list as it is now: a snapshot from the `flowRuns` query merged with
 * the `flowRunUpdates` messages, which may arrive before or after it. For each
 * run the newest version (by `updated`) wins; deleted runs stay deleted.
 */
import type { FlowRunRowFragment } from "../gql/graphql";

export type FlowRunRow = FlowRunRowFragment & { receivedAt: number };

export interface RunsState {
  status: "loading" | "loaded" | "error";
  error: string | null;
  rows: FlowRunRow[];
  /** Matching runs on the server (null until the query answered). */
  total: number | null;
  deleted: ReadonlySet<string>;
}

export const EMPTY: RunsState = {
  status: "loading",
  error: null,
  rows: [],
  total: null,
  deleted: new Set(),
};

export type RunsAction =
  | { type: "loaded"; rows: FlowRunRowFragment[]; total: number; at: number }
  | { type: "failed"; error: string }
  | { type: "retry" }
  | { type: "updates"; rows: FlowRunRowFragment[]; deletedIds: string[]; at: number };

function sortKey(row: FlowRunRowFragment): number {
  return Date.parse(row.expectedStartTime ?? row.created);
}

function newer(a: FlowRunRowFragment, b: FlowRunRowFragment): boolean {
  return Date.parse(a.updated) > Date.parse(b.updated);
}

function merge(
  rows: FlowRunRow[],
  incoming: FlowRunRowFragment[],
  deleted: ReadonlySet<string>,
  at: number,
): { rows: FlowRunRow[]; added: number } {
  const byId = new Map(rows.map((row) => [row.id, row]));
  let added = 0;
  for (const row of incoming) {
    if (deleted.has(row.id)) continue;
    const current = byId.get(row.id);
    if (current === undefined) added += 1;
    if (current === undefined || !newer(current, row)) byId.set(row.id, { ...row, receivedAt: at });
  }
  const merged = [...byId.values()].sort((a, b) => sortKey(b) - sortKey(a) || (a.id < b.id ? 1 : -1));
  return { rows: merged, added };
}

export function runsReducer(state: RunsState, action: RunsAction): RunsState {
  switch (action.type) {
    case "loaded": {
      // Rows the snapshot lacks came from updates: keep them (the next load recounts).
      const { rows } = merge(state.rows, action.rows, state.deleted, action.at);
      return { ...state, status: "loaded", error: null, rows, total: action.total };
    }
    case "failed":
      return { ...state, status: "error", error: action.error };
    case "retry":
      return { ...state, status: state.status === "error" ? "loading" : state.status, error: null };
    case "updates": {
      const deleted = new Set([...state.deleted, ...action.deletedIds]);
      const kept = state.rows.filter((row) => !deleted.has(row.id));
      const { rows, added } = merge(kept, action.rows, deleted, action.at);
      const removed = state.rows.length - kept.length;
      const total = state.total === null ? null : state.total + added - removed;
      return { ...state, rows, total, deleted };
    }
  }
}
