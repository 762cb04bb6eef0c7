import { describe, expect, it } from "vitest";

import { historyWindow, niceMax, toBars } from "./history";

describe("historyWindow", () => {
  it("ends at the end of the current bucket", () => {
    const now = Date.parse("2026-01-01T12:10:20Z");
    expect(historyWindow("1h", now)).toEqual({
      since: "2026-01-01T11:11:00.000Z",
      until: "2026-01-01T12:11:00.000Z",
      intervalSeconds: 60,
    });
    expect(historyWindow("24h", now).until).toBe("2026-01-01T12:30:00.000Z");
  });
});

describe("toBars", () => {
  it("stacks state counts in state order and ignores unknown keys", () => {
    const [bar] = toBars([
      {
        start: "a",
        end: "b",
        counts: [
          { key: "FAILED", count: 2 },
          { key: "COMPLETED", count: 3 },
          { key: "flowql.flow-run.Weird", count: 9 },
        ],
      },
    ]);
    expect(bar).toEqual({
      start: "a",
      end: "b",
      total: 5,
      segments: [
        { type: "COMPLETED", count: 3 },
        { type: "FAILED", count: 2 },
      ],
    });
  });
});

describe("niceMax", () => {
  it("rounds the axis up", () => {
    expect([0, 1, 3, 7, 12, 48, 180].map(niceMax)).toEqual([1, 1, 5, 10, 20, 50, 200]);
  });
});
