import { describe, expect, it } from "vitest";

import type { FlowRunRowFragment } from "../gql/graphql";
import { compareRuns, EMPTY_VIEW as VIEW, matchesLive } from "./filters";
import { EMPTY, runsReducer, type RunsAction, type RunsState } from "./merge";

function run(id: string, updated: string, stateType: FlowRunRowFragment["stateType"]): FlowRunRowFragment {
  return {
    id,
    name: `run-${id}`,
    created: "2026-01-01T00:00:00Z",
    updated,
    expectedStartTime: `2026-01-01T00:00:0${id}Z`,
    startTime: null,
    endTime: null,
    estimatedRunTime: 0,
    stateType,
    stateName: stateType,
    tags: [],
    flow: { id: "f", name: "etl" },
  };
}

const compare = compareRuns("EXPECTED_START_TIME_DESC");
const all = (_row: FlowRunRowFragment): boolean => true;

function page(rows: FlowRunRowFragment[], total: number, hasMore = false) {
  return { rows, total, hasMore, endCursor: rows.length ? `c${rows.at(-1)?.id}` : null };
}

function updates(rows: FlowRunRowFragment[], deletedIds: string[] = [], matches = all): RunsAction {
  return { type: "updates", rows, deletedIds, at: 10, compare, matches };
}

const ids = (state: RunsState) => state.rows.map((r) => r.id);

describe("runsReducer", () => {
  it("keeps the newest version whichever arrives first, newest runs first", () => {
    let state = runsReducer(EMPTY, updates([run("2", "2026-01-01T00:00:05Z", "COMPLETED")]));
    state = runsReducer(state, {
      type: "loaded",
      page: page([run("2", "2026-01-01T00:00:03Z", "RUNNING"), run("1", "2026-01-01T00:00:01Z", "FAILED")], 2),
      requestedAt: 0,
      at: 11,
      compare,
    });
    expect(state.rows.map((r) => [r.id, r.stateType])).toEqual([
      ["2", "COMPLETED"],
      ["1", "FAILED"],
    ]);
    expect(state.total).toBe(2);
    state = runsReducer(state, updates([run("3", "2026-01-01T00:00:06Z", "PENDING")], ["1"]));
    expect(ids(state)).toEqual(["3", "2"]);
    expect(state.total).toBe(2);
  });

  it("lets a message replace the row even when its clock says older (commit order wins)", () => {
    let state = runsReducer(EMPTY, {
      type: "loaded",
      page: page([run("1", "2030-01-01T00:00:00Z", "SCHEDULED")], 1),
      requestedAt: 0,
      at: 1,
      compare,
    });
    state = runsReducer(state, updates([run("1", "2026-01-01T00:00:01Z", "CANCELLED")]));
    expect(state.rows[0]?.stateType).toBe("CANCELLED");
  });

  it("drops a run that stops matching the view and adds one that starts to", () => {
    const failedOnly = (row: FlowRunRowFragment) => matchesLive(row, { ...VIEW, states: ["FAILED"] }, null);
    let state = runsReducer(EMPTY, {
      type: "loaded",
      page: page([run("2", "2026-01-01T00:00:02Z", "FAILED"), run("1", "2026-01-01T00:00:01Z", "FAILED")], 2),
      requestedAt: 0,
      at: 1,
      compare,
    });
    state = runsReducer(
      state,
      updates([run("2", "2026-01-01T00:00:09Z", "SCHEDULED"), run("3", "2026-01-01T00:00:09Z", "FAILED")], [], failedOnly),
    );
    expect(ids(state)).toEqual(["3", "1"]);
    expect(state.total).toBe(2);
  });

  it("leaves runs below the last loaded row to the next page", () => {
    let state = runsReducer(EMPTY, {
      type: "loaded",
      page: page([run("5", "2026-01-01T00:00:05Z", "COMPLETED"), run("4", "2026-01-01T00:00:04Z", "COMPLETED")], 9, true),
      requestedAt: 0,
      at: 1,
      compare,
    });
    state = runsReducer(state, updates([run("2", "2026-01-01T00:00:09Z", "FAILED"), run("6", "2026-01-01T00:00:09Z", "RUNNING")]));
    expect(ids(state)).toEqual(["6", "5", "4"]);
    state = runsReducer(state, { type: "more", page: page([run("3", "x", "FAILED"), run("2", "2026-01-01T00:00:09Z", "FAILED")], 10), at: 2, compare });
    expect(ids(state)).toEqual(["6", "5", "4", "3", "2"]);
    expect(state.hasMore).toBe(false);
  });

  it("replaces the list on reload but keeps rows newer than the request", () => {
    let state = runsReducer(EMPTY, updates([run("1", "2026-01-01T00:00:01Z", "RUNNING")]));
    state = runsReducer(state, { ...updates([run("2", "2026-01-01T00:00:02Z", "RUNNING")]), at: 50 } as RunsAction);
    state = runsReducer(state, {
      type: "loaded",
      page: page([run("3", "2026-01-01T00:00:03Z", "COMPLETED")], 1),
      requestedAt: 20,
      at: 60,
      compare,
    });
    expect(ids(state)).toEqual(["3", "2"]);
  });
});
