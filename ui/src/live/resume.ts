/**
 * Where a live list's subscription starts and when the list must be reloaded.
 *
 * The first time (no cursor) it subscribes from HEAD and loads the list once
 * the subscription has caught up. After a reconnect it resubscribes with
 * `after:` the last `endCursor` it received: the server replays exactly what
 * was missed (in `moreHistory` pages) and no reload is needed. A cursor the
 * server refuses (a reset database, say) falls back to HEAD and a reload.
 */
export interface ResumeState {
  /** The last `endCursor` received: where to resume. */
  cursor: string | null;
  /** This subscription started without a cursor: reload once caught up. */
  reloadOnCatchUp: boolean;
  caughtUp: boolean;
}

export interface LiveMessagePosition {
  endCursor: string;
  moreHistory: boolean;
}

export const FRESH: ResumeState = { cursor: null, reloadOnCatchUp: true, caughtUp: false };

/** A new subscription from where `state` left off; `after` is its argument. */
export function resubscribe(state: ResumeState): { state: ResumeState; after: string } {
  const cursor = state.cursor;
  return {
    state: { cursor, reloadOnCatchUp: cursor === null, caughtUp: false },
    after: cursor ?? "HEAD",
  };
}

/** After a message: the new state, and whether the list must be (re)loaded now. */
export function received(
  state: ResumeState,
  message: LiveMessagePosition,
): { state: ResumeState; reload: boolean } {
  const catchingUp = !state.caughtUp && !message.moreHistory;
  return {
    state: { ...state, cursor: message.endCursor, caughtUp: state.caughtUp || catchingUp },
    reload: catchingUp && state.reloadOnCatchUp,
  };
}

/** The subscription failed: with a cursor, forget it (start over from HEAD with a reload). */
export function failed(state: ResumeState): { state: ResumeState; retryFromHead: boolean } {
  if (state.cursor === null || state.reloadOnCatchUp) return { state, retryFromHead: false };
  return { state: FRESH, retryFromHead: true };
}
