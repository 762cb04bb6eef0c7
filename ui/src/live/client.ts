/**
 * The tab's GraphQL client: queries and mutations over HTTP POST to /graphql,
 * subscriptions over one shared graphql-ws websocket to the same origin,
 * which reconnects forever with backoff (and resubscribes what is active).
 */
import {
  Client,
  cacheExchange,
  fetchExchange,
  subscriptionExchange,
  type ExecutionResult,
} from "urql";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";

import { ConnectionTracker, retryDelayMs } from "./connection";

export const GRAPHQL_PATH = "/graphql";

/** ws(s)://host/graphql for the page's own origin. */
export function websocketUrl(location: Pick<Location, "protocol" | "host">): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${GRAPHQL_PATH}`;
}

export interface LiveClient {
  urql: Client;
  websocket: WsClient;
  connection: ConnectionTracker;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "websocket error";
}

export interface LiveClientOptions {
  /** A WebSocket class (tests pass a fake); default: the browser's. */
  webSocketImpl?: unknown;
  /** Backoff before retry number `retries`; default `retryDelayMs`. */
  retryDelay?: (retries: number) => number;
}

/** One per tab, made in main.tsx and handed down by context (no module singleton). */
export function createLiveClient(
  location: Pick<Location, "protocol" | "host">,
  options: LiveClientOptions = {},
): LiveClient {
  const connection = new ConnectionTracker();
  const delay = options.retryDelay ?? retryDelayMs;
  const websocket = createWsClient({
    url: websocketUrl(location),
    ...(options.webSocketImpl === undefined ? {} : { webSocketImpl: options.webSocketImpl }),
    lazy: false, // open at once: the indicator shows the real state
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, delay(retries))),
    on: {
      connecting: () => connection.handle({ type: "connecting" }),
      connected: () => connection.handle({ type: "connected" }),
      closed: (event) => {
        const close = event as { code?: number; reason?: string };
        connection.handle({
          type: "closed",
          ...(close.code === undefined ? {} : { code: close.code }),
          ...(close.reason === undefined ? {} : { reason: close.reason }),
        });
      },
      error: (error) => connection.handle({ type: "error", message: describe(error) }),
    },
  });
  const urql = new Client({
    url: GRAPHQL_PATH,
    requestPolicy: "cache-and-network",
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              const unsubscribe = websocket.subscribe(input, {
                next: (result) => sink.next(result as ExecutionResult),
                error: (error) => sink.error(error),
                complete: () => sink.complete(),
              });
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { urql, websocket, connection };
}
