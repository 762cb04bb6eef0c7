/**
 * A flow run's log lines: the `logs` subscription sends the history first
 * (in pages) and then each new batch. While the websocket is down there is no
 * subscription; once it is back the hook resubscribes after the last
 * `endCursor` it received, so the server replays just what was missed (lines
 * are still de-duplicated by id, should a page come twice). While the socket
 * is down, or blocked for good, it reads the newest lines with the `logs`
 * query every 5 s instead (a lost line older than those, in time, waits for
 * the socket: the query orders by timestamp, the subscription by commit).
 */
import { useCallback, useEffect, useReducer, useRef, useState, useSyncExternalStore } from "react";
import { useClient } from "urql";

import { useLiveClient } from "../live/context";

import type { LogLineFragment } from "../gql/graphql";
import { EMPTY_LOGS, appendLogs } from "./logs";
import { LogsNewestQuery, LogsSubscription } from "./operations";

const POLL_MS = 5_000;
const POLL_PAGE = 200;

export interface LiveLogs {
  lines: readonly LogLineFragment[];
  /** The history has been read (later lines are live). */
  caughtUp: boolean;
  error: string | null;
  retry: () => void;
}

/** A flow run's log lines (only one task run's, given `taskRunId`): history, then live. */
export function useLiveLogs(flowRunId: string, taskRunId: string | null = null): LiveLogs {
  const client = useClient();
  const [logs, append] = useReducer(appendLogs, EMPTY_LOGS);
  const [caughtUp, setCaughtUp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [subscriptions, setSubscriptions] = useState(0);
  const { connection } = useLiveClient();
  const socketLive = useSyncExternalStore(connection.subscribe, connection.getState).status === "live";
  const cursor = useRef<string | null>(null);

  useEffect(() => {
    if (!socketLive) return; // resubscribed from the cursor once the socket is back
    const after = cursor.current;
    const source = client.subscription(LogsSubscription, { flowRunId, taskRunId, after });
    const { unsubscribe } = source.subscribe((result) => {
      if (result.error) {
        setError(result.error.message);
        return;
      }
      const message = result.data?.logs;
      if (message === undefined) return;
      setError(null);
      cursor.current = message.endCursor;
      if (message.logs.length > 0) append(message.logs);
      if (!message.moreHistory) setCaughtUp(true);
    });
    return unsubscribe;
  }, [client, flowRunId, taskRunId, subscriptions, socketLive]);

  useEffect(() => {
    if (socketLive) return;
    const filter = {
      flowRunId: { any: [flowRunId] },
      ...(taskRunId === null ? {} : { taskRunId: { any: [taskRunId] } }),
    };
    const timer = setInterval(() => {
      void client
        .query(LogsNewestQuery, { filter, first: POLL_PAGE }, { requestPolicy: "network-only" })
        .toPromise()
        .then((result) => {
          const newest = result.data?.logs.edges.map((edge) => edge.node);
          if (newest === undefined) return;
          append([...newest].reverse()); // oldest first, as the stream sends them
          setCaughtUp(true);
        });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [client, flowRunId, taskRunId, socketLive]);

  const retry = useCallback(() => {
    setError(null);
    setSubscriptions((n) => n + 1);
  }, []);

  return { lines: logs.lines, caughtUp, error, retry };
}
