/**
 * The websocket's state as the user sees it, and how long to wait before the
 * next reconnect. Pure: fed by graphql-ws client events (see client.ts), so
 * it is tested without a socket.
 */

export type ConnectionStatus = "connecting" | "live" | "reconnecting";

export interface ConnectionState {
  status: ConnectionStatus;
  /** Failed attempts since the socket was last live (0 while live). */
  attempts: number;
  /** Why the last socket closed, when it did. */
  lastError: string | null;
}

export const INITIAL_STATE: ConnectionState = { status: "connecting", attempts: 0, lastError: null };

/** The graphql-ws events the tracker listens to (a subset of graphql-ws's `Client.on`). */
export type ConnectionEvent =
  | { type: "connecting" }
  | { type: "connected" }
  | { type: "closed"; code?: number; reason?: string }
  | { type: "error"; message: string };

/** The next state after an event. A socket that was ever live shows "reconnecting". */
export function nextState(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case "connected":
      return { status: "live", attempts: 0, lastError: null };
    case "connecting":
      return state.status === "live" ? { ...state, status: "reconnecting" } : state;
    case "closed": {
      const why = event.reason || (event.code === undefined ? "closed" : `closed (${event.code})`);
      return {
        status: state.status === "connecting" && state.attempts === 0 ? "connecting" : "reconnecting",
        attempts: state.attempts + 1,
        lastError: why,
      };
    }
    case "error":
      return { ...state, lastError: event.message };
  }
}

/** Backoff before retry number `retries` (0-based): 0.5 s doubling to 5 s, with jitter
 * (a random 50–100 % of it) so tabs reconnecting after a server restart spread out. */
export function retryDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(5_000, 500 * 2 ** Math.max(0, retries));
  return Math.round(base * (0.5 + random() / 2));
}

type Listener = (state: ConnectionState) => void;

/** Holds the current ConnectionState and notifies React (useSyncExternalStore). */
export class ConnectionTracker {
  private state: ConnectionState = INITIAL_STATE;
  private readonly listeners = new Set<Listener>();

  readonly getState = (): ConnectionState => this.state;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  handle(event: ConnectionEvent): void {
    const next = nextState(this.state, event);
    if (
      next.status === this.state.status &&
      next.attempts === this.state.attempts &&
      next.lastError === this.state.lastError
    ) {
      return;
    }
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }
}
