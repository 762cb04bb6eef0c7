/**
 * A flow run's log lines: the `logs` subscription sends the history first
 * (in pages) and then each new batch. While the websocket is down there is no
 * subscription; once it is back the hook resubscribes after the last
 * `endCursor` it received, so the server replays just what was missed (lines
 * are still de-duplicated by id, should a page come twice).
 */
import { useCallback, useEffect, useReducer, useRef, useState, useSyncExternalStore } from "react";
import { useClient } from "urql";

import { useLiveClient } from "../live/context";

import type { LogLineFragment } from "../gql/graphql";
import { EMPTY_LOGS, appendLogs } from "./logs";
import { LogsSubscription } from "./operations";

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

  const retry = useCallback(() => {
    setError(null);
    setSubscriptions((n) => n + 1);
  }, []);

  return { lines: logs.lines, caughtUp, error, retry };
}
