import { describe, expect, it } from "vitest";

import { FRESH, failed, received, resubscribe } from "./resume";

describe("resume from the last cursor", () => {
  it("starts from HEAD and loads once caught up, then resumes from the cursor without reloading", () => {
    let start = resubscribe(FRESH);
    expect(start.after).toBe("HEAD");
    let step = received(start.state, { endCursor: "c1", moreHistory: false });
    expect(step.reload).toBe(true);
    step = received(step.state, { endCursor: "c2", moreHistory: false });
    expect(step.reload).toBe(false);

    // The socket dropped and came back: replay what was missed, in pages.
    start = resubscribe(step.state);
    expect(start.after).toBe("c2");
    step = received(start.state, { endCursor: "c3", moreHistory: true });
    expect(step.reload).toBe(false);
    step = received(step.state, { endCursor: "c4", moreHistory: false });
    expect(step.reload).toBe(false);
    expect(step.state).toEqual({ cursor: "c4", reloadOnCatchUp: false, caughtUp: true });
    expect(resubscribe(step.state).after).toBe("c4");
  });

  it("falls back to HEAD and a reload when the cursor is refused", () => {
    const start = resubscribe({ cursor: "stale", reloadOnCatchUp: false, caughtUp: true });
    const fallback = failed(start.state);
    expect(fallback.retryFromHead).toBe(true);
    const again = resubscribe(fallback.state);
    expect(again.after).toBe("HEAD");
    expect(received(again.state, { endCursor: "c9", moreHistory: false }).reload).toBe(true);
    // From HEAD an error is the page's to show, not a loop.
    expect(failed(again.state).retryFromHead).toBe(false);
  });
});
