/**
 * The flow runs page's view (filters and sort) as it lives in the URL, as the
 * API's `FlowRunFilter`, and as a client-side match so live updates keep
 * respecting it: the subscription is filtered by what a run cannot stop
 * matching (flow, tags, name), and state and time are checked here, so a run
 * that leaves the view is dropped instead of lingering.
 */
import type { FlowRunFilter, FlowRunSort, StateType } from "../gql/graphql";
import { STATE_TYPES } from "../lib/states";

export const RANGES = {
  "1h": { label: "Last hour", seconds: 3_600 },
  "24h": { label: "Last 24 hours", seconds: 86_400 },
  "7d": { label: "Last 7 days", seconds: 7 * 86_400 },
  "30d": { label: "Last 30 days", seconds: 30 * 86_400 },
} as const;
export type RangeKey = keyof typeof RANGES;

export const SORTS: Partial<Record<FlowRunSort, string>> = {
  EXPECTED_START_TIME_DESC: "Newest first",
  EXPECTED_START_TIME_ASC: "Oldest first",
  START_TIME_DESC: "Recently started",
  END_TIME_DESC: "Recently ended",
  NAME_ASC: "Name A–Z",
  NAME_DESC: "Name Z–A",
};
export const DEFAULT_SORT: FlowRunSort = "EXPECTED_START_TIME_DESC";

export interface RunsView {
  flowIds: string[];
  states: StateType[];
  tags: string[];
  search: string;
  range: RangeKey | null;
  sort: FlowRunSort;
}

export const EMPTY_VIEW: RunsView = {
  flowIds: [],
  states: [],
  tags: [],
  search: "",
  range: null,
  sort: DEFAULT_SORT,
};

function isState(value: string): value is StateType {
  return (STATE_TYPES as readonly string[]).includes(value);
}

function isRange(value: string | null): value is RangeKey {
  return value !== null && Object.hasOwn(RANGES, value);
}

function isSort(value: string | null): value is FlowRunSort {
  return value !== null && Object.hasOwn(SORTS, value);
}

/** Unknown values in a hand-edited link are ignored rather than failing the page. */
export function parseView(params: URLSearchParams): RunsView {
  const range = params.get("range");
  const sort = params.get("sort");
  return {
    flowIds: params.getAll("flow").filter(Boolean),
    states: params.getAll("state").filter(isState),
    tags: params.getAll("tag").filter(Boolean),
    search: params.get("q") ?? "",
    range: isRange(range) ? range : null,
    sort: isSort(sort) ? sort : DEFAULT_SORT,
  };
}

export function viewParams(view: RunsView): URLSearchParams {
  const params = new URLSearchParams();
  for (const id of view.flowIds) params.append("flow", id);
  for (const state of view.states) params.append("state", state);
  for (const tag of view.tags) params.append("tag", tag);
  if (view.search.trim() !== "") params.set("q", view.search.trim());
  if (view.range !== null) params.set("range", view.range);
  if (view.sort !== DEFAULT_SORT) params.set("sort", view.sort);
  return params;
}

export function isFiltered(view: RunsView): boolean {
  return (
    view.flowIds.length > 0 ||
    view.states.length > 0 ||
    view.tags.length > 0 ||
    view.search.trim() !== "" ||
    view.range !== null
  );
}

/** Start of the time range at `now` (ISO), or null without one. */
export function rangeStart(view: RunsView, now: number): string | null {
  return view.range === null ? null : new Date(now - RANGES[view.range].seconds * 1000).toISOString();
}

/** The parts no state change can alter: the live subscription's filter. */
export function stableFilter(view: RunsView): FlowRunFilter | null {
  const filter: FlowRunFilter = {};
  if (view.flowIds.length > 0) filter.flowId = { any: view.flowIds };
  if (view.tags.length > 0) filter.tags = { all: view.tags };
  if (view.search.trim() !== "") filter.name = { like: view.search.trim() };
  return Object.keys(filter).length === 0 ? null : filter;
}

/** The whole view as the query's filter; `since` from `rangeStart`. */
export function queryFilter(view: RunsView, since: string | null): FlowRunFilter | null {
  const filter: FlowRunFilter = { ...stableFilter(view) };
  if (view.states.length > 0) filter.state = { type: { any: view.states } };
  if (since !== null) filter.expectedStartTime = { after: since };
  return Object.keys(filter).length === 0 ? null : filter;
}

export interface MatchableRun {
  stateType?: StateType | null;
  expectedStartTime?: string | null;
}

/** Whether a run from a live update belongs in the view (the stable parts are the server's). */
export function matchesLive(run: MatchableRun, view: RunsView, since: string | null): boolean {
  if (view.states.length > 0 && (run.stateType == null || !view.states.includes(run.stateType))) {
    return false;
  }
  if (since !== null) {
    if (run.expectedStartTime == null || Date.parse(run.expectedStartTime) < Date.parse(since)) {
      return false;
    }
  }
  return true;
}

export interface SortableRun {
  id: string;
  name: string;
  created: string;
  expectedStartTime?: string | null;
  startTime?: string | null;
  endTime?: string | null;
}

function time(value: string | null | undefined): number | null {
  return value == null ? null : Date.parse(value);
}

function compareNullsLast(a: number | string | null, b: number | string | null, desc: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (a === b) return 0;
  return (a < b ? -1 : 1) * (desc ? -1 : 1);
}

/** The server's order for `sort` (nulls last, ties by id in the same direction). */
export function compareRuns(sort: FlowRunSort): (a: SortableRun, b: SortableRun) => number {
  const [key, desc] = ((): [(run: SortableRun) => number | string | null, boolean] => {
    switch (sort) {
      case "EXPECTED_START_TIME_ASC":
        return [(r) => time(r.expectedStartTime), false];
      case "EXPECTED_START_TIME_DESC":
        return [(r) => time(r.expectedStartTime), true];
      case "START_TIME_ASC":
        return [(r) => time(r.startTime), false];
      case "START_TIME_DESC":
        return [(r) => time(r.startTime), true];
      case "END_TIME_DESC":
        return [(r) => time(r.endTime), true];
      case "NAME_ASC":
        return [(r) => r.name, false];
      case "NAME_DESC":
        return [(r) => r.name, true];
      case "CREATED_DESC":
        return [(r) => time(r.created), true];
      case "ID_DESC":
        return [() => 0, true];
    }
  })();
  return (a, b) => compareNullsLast(key(a), key(b), desc) || compareNullsLast(a.id, b.id, desc);
}
