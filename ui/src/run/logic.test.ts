/** The detail pages' pure logic: merging task runs, timeline bars, log filtering, durations, payload errors. */
import { describe, expect, it } from "vitest";

import type { FlowRunHeaderFragment, LogLineFragment, TaskRunRowFragment } from "../gql/graphql";
import { runSeconds, timeInStates } from "./duration";
import { flowRunReducer, LOADING } from "./flowRun";
import { appendLogs, EMPTY_LOGS, filterLogs, levelClass } from "./logs";
import { payloadError } from "./payloadError";
import { EMPTY_TASK_RUNS, taskRunsReducer } from "./taskRuns";
import { barLayout, timelineSpan } from "./timeline";

const T0 = Date.parse("2026-01-01T12:00:00Z");
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function task(
  id: string,
  start: number | null,
  updated: number,
  state: TaskRunRowFragment["stateType"] = "RUNNING",
): TaskRunRowFragment {
  return {
    id,
    name: `task-${id}`,
    updated: iso(updated),
    taskKey: "k",
    expectedStartTime: start === null ? null : iso(start),
    startTime: start === null ? null : iso(start),
    endTime: null,
    totalRunTime: 0,
    stateType: state,
    stateName: state,
  };
}

function log(id: string, level: number, message: string, taskRunId: string | null = null): LogLineFragment {
  return {
    id,
    taskRunId,
    name: "flowql.task_runs",
    level,
    levelName: String(level),
    message,
    timestamp: iso(0),
  };
}

describe("taskRunsReducer", () => {
  it("merges pages and live updates by id, the newer wins, ordered by start", () => {
    let state = taskRunsReducer(EMPTY_TASK_RUNS, {
      type: "updates",
      rows: [task("b", 5, 10, "COMPLETED")],
      at: 1,
    });
    state = taskRunsReducer(state, {
      type: "page",
      rows: [task("a", 1, 1), task("b", 5, 2, "RUNNING"), task("c", null, 1, "PENDING")],
      total: 3,
      first: true,
      at: 2,
    });
    expect(state.rows.map((row) => row.id)).toEqual(["a", "b", "c"]);
    expect(state.byId.get("b")?.stateType).toBe("COMPLETED"); // the older page row lost
    expect(state.total).toBe(3);
    state = taskRunsReducer(state, { type: "updates", rows: [task("d", 0, 3)], at: 3 });
    expect(state.rows.map((row) => row.id)).toEqual(["d", "a", "b", "c"]);
    expect(state.total).toBe(4);
    const same = taskRunsReducer(state, { type: "updates", rows: [task("a", 1, 0)], at: 4 });
    expect(same.rows).toBe(state.rows); // nothing newer: no re-sort, no re-render
  });

  it("counts loaded rows across pages and restarts the count on a reload", () => {
    let state = taskRunsReducer(EMPTY_TASK_RUNS, {
      type: "page",
      rows: [task("a", 1, 1)],
      total: 2,
      first: true,
      at: 1,
    });
    state = taskRunsReducer(state, { type: "page", rows: [task("b", 2, 1)], total: 2, first: false, at: 1 });
    expect(state.loaded).toBe(2);
    expect(state.status).toBe("loading");
    state = taskRunsReducer(state, { type: "done" });
    expect(state.status).toBe("loaded");
    state = taskRunsReducer(state, { type: "page", rows: [task("a", 1, 1)], total: 2, first: true, at: 1 });
    expect(state.loaded).toBe(1);
  });
});

describe("timeline", () => {
  it("spans from the first start to the last end, running ones to now", () => {
    const runs = [
      { startTime: iso(0), endTime: iso(10) },
      { startTime: iso(5), endTime: null },
      { startTime: null, endTime: null },
    ];
    expect(timelineSpan(runs, T0 + 20_000)).toEqual({ start: T0, end: T0 + 20_000 });
    expect(timelineSpan([{ startTime: null }], T0)).toBeNull();
    expect(timelineSpan(runs, T0 + 20_000, iso(-20))?.start).toBe(T0 - 20_000);
  });

  it("places bars as fractions of the span, never invisible nor past the end", () => {
    const span = { start: T0, end: T0 + 100_000 };
    expect(barLayout({ startTime: iso(25), endTime: iso(75) }, span, T0)).toEqual({ left: 0.25, width: 0.5 });
    expect(barLayout({ startTime: iso(50), endTime: iso(50) }, span, T0, 0.01)).toEqual({
      left: 0.5,
      width: 0.01,
    });
    const late = barLayout({ startTime: iso(100), endTime: iso(100) }, span, T0, 0.01);
    expect(late).not.toBeNull();
    expect((late?.left ?? 0) + (late?.width ?? 0)).toBeLessThanOrEqual(1);
    expect(barLayout({ startTime: null }, span, T0)).toBeNull();
  });
});

describe("logs", () => {
  it("appends each line once (a resubscription replays history)", () => {
    let state = appendLogs(EMPTY_LOGS, [log("1", 20, "a"), log("2", 20, "b")]);
    state = appendLogs(state, [log("1", 20, "a"), log("2", 20, "b"), log("3", 40, "c")]);
    expect(state.lines.map((line) => line.id)).toEqual(["1", "2", "3"]);
    expect(appendLogs(state, [log("3", 40, "c")])).toBe(state);
  });

  it("filters by level, text (message or logger, any case) and task run", () => {
    const lines = [log("1", 10, "debugging"), log("2", 20, "Hello World", "t1"), log("3", 40, "boom", "t2")];
    expect(filterLogs(lines, { minLevel: 20, text: "" }).map((l) => l.id)).toEqual(["2", "3"]);
    expect(filterLogs(lines, { minLevel: 0, text: "  WORLD " }).map((l) => l.id)).toEqual(["2"]);
    expect(filterLogs(lines, { minLevel: 0, text: "task_runs" })).toHaveLength(3);
    expect(filterLogs(lines, { minLevel: 0, text: "", taskRunId: "t2" }).map((l) => l.id)).toEqual(["3"]);
    expect([5, 10, 20, 30, 45].map(levelClass)).toEqual(["debug", "debug", "info", "warning", "error"]);
  });
});

describe("durations", () => {
  it("ticks a running flow run on from its estimate, not a finished one", () => {
    const running = { stateType: "RUNNING" as const, startTime: iso(0), estimatedRunTime: 10 };
    expect(runSeconds(running, T0, T0 + 5_000)).toBe(15);
    expect(runSeconds({ ...running, stateType: "COMPLETED" }, T0, T0 + 5_000)).toBe(10);
    expect(runSeconds({ ...running, startTime: null }, T0, T0)).toBeNull();
  });

  it("counts a running task run from its start (it reports its run time at the end)", () => {
    const running = { stateType: "RUNNING" as const, startTime: iso(0), totalRunTime: 0 };
    expect(runSeconds(running, 0, T0 + 3_000)).toBe(3);
    expect(runSeconds({ ...running, stateType: "FAILED", totalRunTime: 2.5 }, 0, T0 + 9_000)).toBe(2.5);
  });

  it("gives the time spent in each state", () => {
    const states = [{ timestamp: iso(0) }, { timestamp: iso(2) }, { timestamp: iso(7) }];
    expect(timeInStates(states, T0 + 10_000)).toEqual([2, 5, 3]);
  });
});

describe("flowRunReducer", () => {
  const run = (updated: number, stateType: FlowRunHeaderFragment["stateType"]) =>
    ({ id: "r", updated: iso(updated), stateType }) as FlowRunHeaderFragment;

  it("keeps the newer of the query and the live update, and stays deleted", () => {
    let state = flowRunReducer(LOADING, { type: "update", run: run(5, "COMPLETED"), at: 1 });
    state = flowRunReducer(state, { type: "loaded", run: run(1, "RUNNING"), at: 2 });
    expect(state.run?.stateType).toBe("COMPLETED");
    expect(state.receivedAt).toBe(1);
    state = flowRunReducer(state, { type: "deleted" });
    expect(flowRunReducer(state, { type: "update", run: run(9, "FAILED"), at: 3 }).run?.stateType).toBe(
      "COMPLETED",
    );
    expect(flowRunReducer(LOADING, { type: "loaded", run: null, at: 1 }).status).toBe("missing");
  });
});

describe("payloadError", () => {
  it("names the field and code of each error, or the transport error", () => {
    expect(payloadError(undefined, [])).toBeNull();
    expect(
      payloadError(undefined, [{ code: "NOT_FOUND", message: "No flow run", field: ["input", "id"] }]),
    ).toBe("input.id: No flow run (NOT_FOUND)");
    expect(payloadError("[Network] Failed to fetch", undefined)).toBe("[Network] Failed to fetch");
  });
});
