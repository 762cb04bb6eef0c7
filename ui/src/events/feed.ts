/**
 * The events feed's state: newest first, deduplicated by id (a resubscribe
 * replays after its first cursor), capped so thousands of events stay
 * cheap, and held back while paused.
 */
import type { EventRowFragment } from "../gql/graphql";

export const MAX_EVENTS = 5_000;

export interface FeedItem {
  event: EventRowFragment;
  /** When it arrived live (ms), null for history. */
  arrivedAt: number | null;
}

export interface FeedState {
  status: "loading" | "loaded" | "error";
  error: string | null;
  items: FeedItem[];
  /** Arrived while paused, newest first. */
  pending: FeedItem[];
  paused: boolean;
  hasOlder: boolean;
}

export const INITIAL: FeedState = { status: "loading", error: null, items: [], pending: [], paused: false, hasOlder: false };

export type FeedAction =
  | { type: "reset" }
  | { type: "loaded"; events: EventRowFragment[]; hasOlder: boolean }
  | { type: "received"; events: EventRowFragment[]; at: number }
  | { type: "older"; events: EventRowFragment[]; hasOlder: boolean }
  | { type: "failed"; error: string }
  | { type: "pause" }
  | { type: "resume" };

function cap(items: FeedItem[], hasOlder: boolean): { items: FeedItem[]; hasOlder: boolean } {
  return items.length > MAX_EVENTS ? { items: items.slice(0, MAX_EVENTS), hasOlder: true } : { items, hasOlder };
}

function unseen(state: FeedState, events: EventRowFragment[]): EventRowFragment[] {
  const seen = new Set<string>();
  for (const item of state.items) seen.add(item.event.id);
  for (const item of state.pending) seen.add(item.event.id);
  return events.filter((event) => {
    if (seen.has(event.id)) return false;
    seen.add(event.id);
    return true;
  });
}

export function feedReducer(state: FeedState, action: FeedAction): FeedState {
  switch (action.type) {
    case "reset":
      return { ...INITIAL, paused: state.paused };
    case "loaded": {
      const loaded = action.events.map((event) => ({ event, arrivedAt: null }));
      // Live events may have come in before the page: keep them on top.
      const fresh = unseen({ ...state, items: loaded, pending: [] }, state.items.map((item) => item.event));
      const live = state.items.filter((item) => fresh.some((event) => event.id === item.event.id));
      return { ...state, status: "loaded", error: null, ...cap([...live, ...loaded], action.hasOlder) };
    }
    case "received": {
      // Messages list events in commit order: the newest is last.
      const fresh = unseen(state, action.events)
        .reverse()
        .map((event) => ({ event, arrivedAt: action.at }));
      if (fresh.length === 0) return state;
      if (state.paused) return { ...state, pending: [...fresh, ...state.pending].slice(0, MAX_EVENTS) };
      return { ...state, ...cap([...fresh, ...state.items], state.hasOlder) };
    }
    case "older": {
      const older = unseen(state, action.events).map((event) => ({ event, arrivedAt: null }));
      return { ...state, ...cap([...state.items, ...older], action.hasOlder) };
    }
    case "failed":
      return { ...state, status: "error", error: action.error };
    case "pause":
      return { ...state, paused: true };
    case "resume":
      return { ...state, paused: false, pending: [], ...cap([...state.pending, ...state.items], state.hasOlder) };
  }
}

/** The `flowql.resource.id` label of an event's resource. */
export function resourceId(resource: unknown): string | null {
  if (typeof resource !== "object" || resource === null) return null;
  const id = (resource as Record<string, unknown>)["flowql.resource.id"];
  return typeof id === "string" ? id : null;
}

const PAGES: Record<string, { path: string; label: string }> = {
  "flow-run": { path: "/runs/", label: "flow run" },
  "task-run": { path: "/task-runs/", label: "task run" },
  flow: { path: "/flows/", label: "flow" },
  artifact: { path: "/artifacts/", label: "artifact" },
};

/** The UI page of a `flowql.<kind>.<uuid>` resource, when there is one. */
export function resourcePage(id: string | null): { to: string; label: string } | null {
  const match = /^flowql\.([a-z-]+)\.([0-9a-f-]{36})$/.exec(id ?? "");
  const page = match?.[1] === undefined ? undefined : PAGES[match[1]];
  if (match === null || page === undefined) return null;
  return { to: `${page.path}${match[2]}`, label: `Open the ${page.label}` };
}
