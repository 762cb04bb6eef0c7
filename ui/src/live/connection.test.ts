import { describe, expect, it, vi } from "vitest";

import { ConnectionTracker, INITIAL_STATE, nextState, retryDelayMs } from "./connection";

describe("nextState", () => {
  it("is connecting until the first connection, then live", () => {
    let state = nextState(INITIAL_STATE, { type: "connecting" });
    expect(state.status).toBe("connecting");
    state = nextState(state, { type: "connected" });
    expect(state).toEqual({ status: "live", attempts: 0, lastError: null });
  });

  it("shows reconnecting with the attempt count and reason after a live socket drops", () => {
    let state = nextState(INITIAL_STATE, { type: "connected" });
    state = nextState(state, { type: "closed", code: 1006 });
    expect(state).toEqual({ status: "reconnecting", attempts: 1, lastError: "closed (1006)" });
    state = nextState(state, { type: "connecting" });
    state = nextState(state, { type: "closed", code: 1006, reason: "server gone" });
    expect(state).toEqual({ status: "reconnecting", attempts: 2, lastError: "server gone" });
    state = nextState(state, { type: "connected" });
    expect(state).toEqual({ status: "live", attempts: 0, lastError: null });
  });

  it("turns a failing first connection into reconnecting after one failure", () => {
    let state = nextState(INITIAL_STATE, { type: "closed", code: 1006 });
    expect(state.status).toBe("connecting");
    state = nextState(state, { type: "closed", code: 1006 });
    expect(state.status).toBe("reconnecting");
    expect(state.attempts).toBe(2);
  });
});

describe("retryDelayMs", () => {
  it("doubles from 0.5 s up to 5 s with 50-100 % jitter", () => {
    const max = () => 1;
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, max))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
    expect(retryDelayMs(3, () => 0)).toBe(2000);
  });
});

describe("ConnectionTracker", () => {
  it("notifies listeners of changes only", () => {
    const tracker = new ConnectionTracker();
    const listener = vi.fn();
    const unsubscribe = tracker.subscribe(listener);
    tracker.handle({ type: "connecting" });
    tracker.handle({ type: "connected" });
    tracker.handle({ type: "connected" });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(tracker.getState().status).toBe("live");
    unsubscribe();
    tracker.handle({ type: "closed", code: 1001 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(tracker.getState().status).toBe("reconnecting");
  });
});
