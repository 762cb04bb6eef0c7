import { describe, expect, it } from "vitest";

import type { FlowRunRowFragment } from "../gql/graphql";
import { EMPTY, runsReducer } from "./merge";

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
    flow: { id: "f", name: "etl" },
  };
}

describe("runsReducer", () => {
  it("keeps the newest version whichever arrives first, newest runs first", () => {
    let state = runsReducer(EMPTY, {
      type: "updates",
      rows: [run("2", "2026-01-01T00:00:05Z", "COMPLETED")],
      deletedIds: [],
      at: 1,
    });
    state = runsReducer(state, {
      type: "loaded",
      rows: [run("2", "2026-01-01T00:00:03Z", "RUNNING"), run("1", "2026-01-01T00:00:01Z", "FAILED")],
      total: 2,
      at: 2,
    });
    expect(state.rows.map((r) => [r.id, r.stateType])).toEqual([
      ["2", "COMPLETED"],
      ["1", "FAILED"],
    ]);
    expect(state.total).toBe(2);
    state = runsReducer(state, {
      type: "updates",
      rows: [run("3", "2026-01-01T00:00:06Z", "PENDING")],
      deletedIds: ["1"],
      at: 3,
    });
    expect(state.rows.map((r) => r.id)).toEqual(["3", "2"]);
    expect(state.total).toBe(2);
  });
});
