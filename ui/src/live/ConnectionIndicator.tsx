import { useSyncExternalStore } from "react";

import type { ConnectionTracker } from "./connection";

const LABELS = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" } as const;

/** A dot and a word: is the page receiving live updates right now? */
export function ConnectionIndicator({ tracker }: { tracker: ConnectionTracker }) {
  const state = useSyncExternalStore(tracker.subscribe, tracker.getState);
  const detail =
    state.status === "live"
      ? "Receiving live updates over the websocket"
      : `${state.lastError ?? "Not connected yet"}${state.attempts ? ` · ${state.attempts} failed attempt(s)` : ""}`;
  return (
    <span
      className="connection"
      data-status={state.status}
      role="status"
      aria-live="polite"
      title={detail}
    >
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[state.status]}
    </span>
  );
}
