/** The tab's client over a fake WebSocket: the indicator follows the socket, and
 * a dropped socket reconnects (with the backoff asked for) and resubscribes. */
import { describe, expect, it } from "vitest";

import { createLiveClient } from "./client";

interface Sent {
  type: string;
  id?: string;
}

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static sockets: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  protocol = "graphql-transport-ws";
  sent: Sent[] = [];
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.sockets.push(this);
    setTimeout(() => {
      this.readyState = FakeSocket.OPEN;
      this.onopen?.();
    }, 0);
  }

  send(data: string): void {
    const message = JSON.parse(data) as Sent;
    this.sent.push(message);
    if (message.type === "connection_init") this.receive({ type: "connection_ack" });
  }

  receive(message: object): void {
    setTimeout(() => this.onmessage?.({ data: JSON.stringify(message) }), 0);
  }

  drop(): void {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code: 1006, reason: "", wasClean: false });
  }

  close(code = 1000, reason = ""): void {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: true });
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe("createLiveClient", () => {
  it("shows the socket's state and resubscribes after reconnecting with backoff", async () => {
    FakeSocket.sockets = [];
    const delays: number[] = [];
    const live = createLiveClient(
      { protocol: "https:", host: "example.test" },
      {
        webSocketImpl: FakeSocket,
        retryDelay: (retries) => {
          delays.push(retries);
          return 1;
        },
      },
    );
    expect(live.connection.getState().status).toBe("connecting");
    await until(() => live.connection.getState().status === "live");
    expect(FakeSocket.sockets[0]?.url).toBe("wss://example.test/graphql");

    const received: unknown[] = [];
    const stop = live.websocket.subscribe(
      { query: "subscription { flowRunUpdates { endCursor } }" },
      { next: (value) => received.push(value), error: () => {}, complete: () => {} },
    );
    await until(() => FakeSocket.sockets[0]?.sent.some((m) => m.type === "subscribe") ?? false);

    FakeSocket.sockets[0]?.drop();
    expect(live.connection.getState().status).toBe("reconnecting");
    await until(() => live.connection.getState().status === "live");
    expect(FakeSocket.sockets).toHaveLength(2);
    expect(delays).toEqual([0]);
    const second = FakeSocket.sockets[1];
    await until(() => second?.sent.some((m) => m.type === "subscribe") ?? false);
    const id = second?.sent.find((m) => m.type === "subscribe")?.id;
    second?.receive({ id, type: "next", payload: { data: { flowRunUpdates: { endCursor: "1" } } } });
    await until(() => received.length === 1);

    stop();
    await live.websocket.dispose();
  });
});
