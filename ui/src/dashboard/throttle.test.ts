import { describe, expect, it, vi } from "vitest";

import { throttle } from "./throttle";

describe("throttle", () => {
  it("fires at once, then once at the end of the window however many calls came", () => {
    vi.useFakeTimers();
    try {
      const fire = vi.fn();
      const t = throttle(fire, 1_000);
      t.call();
      expect(fire).toHaveBeenCalledTimes(1);
      t.call();
      t.call();
      vi.advanceTimersByTime(500);
      t.call();
      expect(fire).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(500);
      expect(fire).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(5_000);
      expect(fire).toHaveBeenCalledTimes(2);
      t.call();
      expect(fire).toHaveBeenCalledTimes(3);
      t.call();
      t.cancel();
      vi.advanceTimersByTime(5_000);
      expect(fire).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
