/**
 * The runs list as it is now: pages of the `flowRuns` query merged with the
 * `flowRunUpdates` messages, which may arrive before or after them. Messages
 * come in commit order and carry each run as it was when read, after the
 * change they report, so a message's version always replaces the row (a later
 * message follows any later change); a query's row replaces it only when its
 * `updated` is not older (it may have been read before a message arrived).
 * Deleted runs stay deleted; a run
 * that stops matching the view leaves it. While more pages remain on the
 * server, an update that would sort below the last loaded row is left for
 * "load more" (it would otherwise appear out of place at the end).
 */
import type { FlowRunRowFragment } from "../gql/graphql";

export type FlowRunRow = FlowRunRowFragment & { receivedAt: number };
type Compare = (a: FlowRunRowFragment, b: FlowRunRowFragment) => number;

export interface RunsState {
  status: "loading" | "loaded" | "error";
  error: string | null;
  rows: FlowRunRow[];
  /** Matching runs on the server (null until the query answered). */
  total: number | null;
  /** Cursor of the last loaded row, for the next page. */
  endCursor: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  deleted: ReadonlySet<string>;
}

export const EMPTY: RunsState = {
  status: "loading",
  error: null,
  rows: [],
  total: null,
  endCursor: null,
  hasMore: false,
  loadingMore: false,
  deleted: new Set(),
};

export interface Page {
  rows: FlowRunRowFragment[];
  total: number;
  endCursor: string | null;
  hasMore: boolean;
}

export type RunsAction =
  /** The first page; rows received since `requestedAt` are newer than it and kept. */
  | { type: "loaded"; page: Page; requestedAt: number; at: number; compare: Compare }
  | { type: "more"; page: Page; at: number; compare: Compare }
  | { type: "loadingMore" }
  | { type: "failed"; error: string }
  | { type: "retry" }
  | { type: "reset" }
  | { type: "count"; total: number }
  | {
      type: "updates";
      rows: FlowRunRowFragment[];
      deletedIds: string[];
      at: number;
      compare: Compare;
      matches: (row: FlowRunRowFragment) => boolean;
    };

function newer(a: FlowRunRowFragment, b: FlowRunRowFragment): boolean {
  return Date.parse(a.updated) > Date.parse(b.updated);
}

/** `rows` with `incoming` merged by id (newer `updated` wins), sorted. */
function merge(rows: FlowRunRow[], incoming: FlowRunRowFragment[], at: number, compare: Compare): FlowRunRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const row of incoming) {
    const current = byId.get(row.id);
    if (current === undefined || !newer(current, row)) byId.set(row.id, { ...row, receivedAt: at });
  }
  return [...byId.values()].sort(compare);
}

function applyUpdates(state: RunsState, action: Extract<RunsAction, { type: "updates" }>): RunsState {
  const deleted = new Set([...state.deleted, ...action.deletedIds]);
  const byId = new Map(state.rows.map((row) => [row.id, row]));
  const last = state.rows.at(-1);
  let delta = 0;
  for (const id of action.deletedIds) if (byId.delete(id)) delta -= 1;
  for (const row of action.rows) {
    if (deleted.has(row.id)) continue;
    const current = byId.get(row.id);
    if (!action.matches(row)) {
      if (byId.delete(row.id)) delta -= 1;
      continue;
    }
    if (current !== undefined) {
      byId.set(row.id, { ...row, receivedAt: action.at });
      continue;
    }
    if (state.hasMore && last !== undefined && action.compare(row, last) > 0) continue;
    byId.set(row.id, { ...row, receivedAt: action.at });
    delta += 1;
  }
  const rows = [...byId.values()].sort(action.compare);
  const total = state.total === null ? null : Math.max(rows.length, state.total + delta);
  return { ...state, rows, total, deleted };
}

export function runsReducer(state: RunsState, action: RunsAction): RunsState {
  switch (action.type) {
    case "loaded": {
      const fresh = state.rows.filter((row) => row.receivedAt >= action.requestedAt);
      const page = action.page.rows.filter((row) => !state.deleted.has(row.id));
      const rows = merge(fresh, page, action.at, action.compare);
      return {
        ...state,
        status: "loaded",
        error: null,
        rows,
        total: action.page.total,
        endCursor: action.page.endCursor,
        hasMore: action.page.hasMore,
      };
    }
    case "more": {
      const page = action.page.rows.filter((row) => !state.deleted.has(row.id));
      return {
        ...state,
        rows: merge(state.rows, page, action.at, action.compare),
        total: action.page.total,
        endCursor: action.page.endCursor,
        hasMore: action.page.hasMore,
        loadingMore: false,
      };
    }
    case "loadingMore":
      return { ...state, loadingMore: true };
    case "failed":
      return { ...state, status: "error", error: action.error, loadingMore: false };
    case "retry":
      return { ...state, status: state.status === "error" ? "loading" : state.status, error: null };
    case "reset":
      return EMPTY;
    case "count":
      return { ...state, total: Math.max(action.total, state.rows.length) };
    case "updates":
      return applyUpdates(state, action);
  }
}
