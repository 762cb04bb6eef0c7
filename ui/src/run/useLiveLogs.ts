/**
 * A flow run's log lines: the `logs` subscription sends the history first
 * (in pages) and then each new batch. After a reconnect the client
 * resubscribes from the start, and lines already shown are dropped by id.
 */
import { useCallback, useEffect, useReducer, useState } from "react";
import { useClient } from "urql";

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

  useEffect(() => {
    const source = client.subscription(LogsSubscription, { flowRunId, taskRunId });
    const { unsubscribe } = source.subscribe((result) => {
      if (result.error) {
        setError(result.error.message);
        return;
      }
      const message = result.data?.logs;
      if (message === undefined) return;
      setError(null);
      if (message.logs.length > 0) append(message.logs);
      if (!message.moreHistory) setCaughtUp(true);
    });
    return unsubscribe;
  }, [client, flowRunId, taskRunId, subscriptions]);

  const retry = useCallback(() => {
    setError(null);
    setSubscriptions((n) => n + 1);
  }, []);

  return { lines: logs.lines, caughtUp, error, retry };
}
