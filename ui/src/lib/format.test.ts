import { describe, expect, it } from "vitest";

import { formatDuration, formatRelative } from "./format";

describe("formatRelative", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  it("reads like speech", () => {
    expect(formatRelative("2026-01-01T12:00:02Z", now)).toBe("now");
    expect(formatRelative("2026-01-01T11:59:30Z", now)).toBe("30 seconds ago");
    expect(formatRelative("2026-01-01T11:00:00Z", now)).toBe("1 hour ago");
    expect(formatRelative("2026-01-03T12:00:00Z", now)).toBe("in 2 days");
  });
});

describe("formatDuration", () => {
  it("is short and human", () => {
    expect(formatDuration(0.34)).toBe("340 ms");
    expect(formatDuration(4.25)).toBe("4.3 s");
    expect(formatDuration(185)).toBe("3m 05s");
    expect(formatDuration(7_800)).toBe("2h 10m");
    expect(formatDuration(3 * 86_400 + 4 * 3_600)).toBe("3d 4h");
  });
});
