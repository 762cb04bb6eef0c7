import { describe, expect, it } from "vitest";

import type { EventRowFragment } from "../gql/graphql";
import { feedReducer, INITIAL, MAX_EVENTS, resourceId, resourcePage, type FeedState } from "./feed";

function event(n: number): EventRowFragment {
  return {
    id: `id-${n}`,
    occurred: "2026-01-01T00:00:00Z",
    received: "2026-01-01T00:00:00Z",
    event: `acme.thing.${n}`,
    resource: { "flowql.resource.id": `acme.thing.${n}` },
    related: [],
    payload: {},
    follows: null,
    cursor: String(n),
  };
}

const ids = (state: FeedState) => state.items.map((item) => item.event.id);

describe("feedReducer", () => {
  it("puts live events on top, newest first, once each", () => {
    let state = feedReducer(INITIAL, { type: "loaded", events: [event(2), event(1)], hasOlder: false });
    state = feedReducer(state, { type: "received", events: [event(2), event(3), event(4)], at: 1 });
    state = feedReducer(state, { type: "received", events: [event(3)], at: 2 });
    expect(ids(state)).toEqual(["id-4", "id-3", "id-2", "id-1"]);
    expect(state.items[0]?.arrivedAt).toBe(1);
    expect(state.items[3]?.arrivedAt).toBeNull();
  });

  it("keeps live events that came before the first page", () => {
    let state = feedReducer(INITIAL, { type: "received", events: [event(3)], at: 1 });
    state = feedReducer(state, { type: "loaded", events: [event(3), event(2)], hasOlder: true });
    expect(ids(state)).toEqual(["id-3", "id-2"]);
    state = feedReducer(INITIAL, { type: "received", events: [event(4)], at: 1 });
    state = feedReducer(state, { type: "loaded", events: [event(3)], hasOlder: true });
    expect(ids(state)).toEqual(["id-4", "id-3"]);
    expect(state.hasOlder).toBe(true);
  });

  it("holds events back while paused and shows them on resume", () => {
    let state = feedReducer(INITIAL, { type: "loaded", events: [event(1)], hasOlder: false });
    state = feedReducer(state, { type: "pause" });
    state = feedReducer(state, { type: "received", events: [event(2), event(3)], at: 1 });
    expect(ids(state)).toEqual(["id-1"]);
    expect(state.pending).toHaveLength(2);
    state = feedReducer(state, { type: "received", events: [event(3)], at: 2 });
    expect(state.pending).toHaveLength(2);
    state = feedReducer(state, { type: "resume" });
    expect(ids(state)).toEqual(["id-3", "id-2", "id-1"]);
    expect(state.pending).toEqual([]);
  });

  it("appends older pages and caps the list, remembering there is more", () => {
    let state = feedReducer(INITIAL, { type: "loaded", events: [event(3)], hasOlder: true });
    state = feedReducer(state, { type: "older", events: [event(2), event(1)], hasOlder: false });
    expect(ids(state)).toEqual(["id-3", "id-2", "id-1"]);
    expect(state.hasOlder).toBe(false);
    const many = Array.from({ length: MAX_EVENTS + 10 }, (_, n) => event(n + 10));
    state = feedReducer(state, { type: "received", events: many, at: 3 });
    expect(state.items).toHaveLength(MAX_EVENTS);
    expect(state.items[0]?.event.id).toBe(`id-${MAX_EVENTS + 19}`);
    expect(state.hasOlder).toBe(true);
  });

  it("shows a failure and starts over on reset, keeping the pause", () => {
    let state = feedReducer(INITIAL, { type: "pause" });
    state = feedReducer(state, { type: "failed", error: "boom" });
    expect(state.status).toBe("error");
    state = feedReducer(state, { type: "reset" });
    expect(state).toEqual({ ...INITIAL, paused: true });
  });
});

describe("resourceId", () => {
  it("reads the resource's id label", () => {
    expect(resourceId({ "flowql.resource.id": "flowql.flow-run.1" })).toBe("flowql.flow-run.1");
    expect(resourceId({})).toBeNull();
    expect(resourceId(null)).toBeNull();
  });
});

describe("resourcePage", () => {
  const id = "0b7e1f6a-5c3d-4e2f-8a9b-1c2d3e4f5a6b";
  it("links runs, flows and artifacts to their pages", () => {
    expect(resourcePage(`flowql.flow-run.${id}`)).toEqual({ to: `/runs/${id}`, label: "Open the flow run" });
    expect(resourcePage(`flowql.task-run.${id}`)?.to).toBe(`/task-runs/${id}`);
    expect(resourcePage(`flowql.flow.${id}`)?.to).toBe(`/flows/${id}`);
    expect(resourcePage(`flowql.artifact.${id}`)?.to).toBe(`/artifacts/${id}`);
  });
  it("has none for other resources", () => {
    expect(resourcePage(`flowql.variable.${id}`)).toBeNull();
    expect(resourcePage("acme.model.x")).toBeNull();
    expect(resourcePage(null)).toBeNull();
  });
});
