import { describe, expect, it } from "vitest";

import { compareRuns, matchesLive, parseView, queryFilter, stableFilter, viewParams, EMPTY_VIEW } from "./filters";

describe("the view in the URL", () => {
  it("round-trips and ignores what it does not know", () => {
    const params = new URLSearchParams(
      "flow=f1&state=FAILED&state=CRASHED&state=BOGUS&tag=a&tag=b&q=%20nightly%20&range=24h&sort=NAME_ASC&x=1",
    );
    const view = parseView(params);
    expect(view).toEqual({
      flowIds: ["f1"],
      states: ["FAILED", "CRASHED"],
      tags: ["a", "b"],
      search: " nightly ",
      range: "24h",
      sort: "NAME_ASC",
    });
    expect(viewParams(view).toString()).toBe(
      "flow=f1&state=FAILED&state=CRASHED&tag=a&tag=b&q=nightly&range=24h&sort=NAME_ASC",
    );
    expect(parseView(new URLSearchParams("range=2y&sort=nope"))).toEqual(EMPTY_VIEW);
    expect(viewParams(EMPTY_VIEW).toString()).toBe("");
  });

  it("becomes the API's filter, the subscription's leaving out state and time", () => {
    const view = { ...EMPTY_VIEW, flowIds: ["f1"], states: ["FAILED" as const], tags: ["a"], search: "x" };
    expect(stableFilter(view)).toEqual({ flowId: { any: ["f1"] }, tags: { all: ["a"] }, name: { like: "x" } });
    expect(queryFilter(view, "2026-01-01T00:00:00.000Z")).toEqual({
      flowId: { any: ["f1"] },
      tags: { all: ["a"] },
      name: { like: "x" },
      state: { type: { any: ["FAILED"] } },
      expectedStartTime: { after: "2026-01-01T00:00:00.000Z" },
    });
    expect(queryFilter(EMPTY_VIEW, null)).toBeNull();
  });
});

describe("matchesLive", () => {
  it("checks state and time range", () => {
    const view = { ...EMPTY_VIEW, states: ["RUNNING" as const] };
    expect(matchesLive({ stateType: "RUNNING" }, view, null)).toBe(true);
    expect(matchesLive({ stateType: "COMPLETED" }, view, null)).toBe(false);
    const since = "2026-01-01T00:00:00Z";
    expect(matchesLive({ expectedStartTime: "2025-12-31T23:00:00Z" }, EMPTY_VIEW, since)).toBe(false);
    expect(matchesLive({ expectedStartTime: "2026-01-01T01:00:00Z" }, EMPTY_VIEW, since)).toBe(true);
  });
});

describe("compareRuns", () => {
  const row = (id: string, start: string | null, name = id) => ({ id, name, created: "", expectedStartTime: start });
  it("orders as the server does: nulls last, ties by id", () => {
    const rows = [row("a", null), row("b", "2026-01-01T00:00:00Z"), row("c", "2026-01-02T00:00:00Z"), row("d", "2026-01-02T00:00:00Z")];
    expect([...rows].sort(compareRuns("EXPECTED_START_TIME_DESC")).map((r) => r.id)).toEqual(["d", "c", "b", "a"]);
    expect([...rows].sort(compareRuns("EXPECTED_START_TIME_ASC")).map((r) => r.id)).toEqual(["b", "c", "d", "a"]);
    expect([...rows].sort(compareRuns("NAME_DESC")).map((r) => r.id)).toEqual(["d", "c", "b", "a"]);
  });
});
