import { describe, expect, it } from "vitest";

import { barHeights } from "./RecentRuns";
import { runSeconds } from "./runDuration";

describe("runSeconds", () => {
  const now = Date.parse("2026-01-01T12:00:10Z");
  it("is null before the run started", () => {
    expect(runSeconds({ stateType: "SCHEDULED", startTime: null, totalRunTime: 0 }, now)).toBeNull();
  });
  it("counts up while running", () => {
    expect(runSeconds({ stateType: "RUNNING", startTime: "2026-01-01T12:00:00Z", totalRunTime: 0 }, now)).toBe(10);
  });
  it("uses the recorded run time once finished, else start to end", () => {
    const start = "2026-01-01T12:00:00Z";
    expect(runSeconds({ stateType: "COMPLETED", startTime: start, endTime: "2026-01-01T12:00:04Z", totalRunTime: 3.5 }, now)).toBe(3.5);
    expect(runSeconds({ stateType: "FAILED", startTime: start, endTime: "2026-01-01T12:00:04Z", totalRunTime: 0 }, now)).toBe(4);
  });
});

describe("barHeights", () => {
  it("scales bars to the longest run, unstarted runs smallest", () => {
    expect(barHeights([10, 5, null, 0])).toEqual([22, 14, 5, 5]);
    expect(barHeights([null, null])).toEqual([5, 5]);
  });
});
