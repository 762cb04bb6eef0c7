/**
 * One task run, kept current: read it, and read it again whenever
 * `taskRunUpdates` of its flow run mentions it (from HEAD, subscribed once
 * the flow run is known; the first message re-reads too, closing the gap).
 */
import { useCallback, useEffect, useState } from "react";
import { useClient, useQuery } from "urql";

import { TaskRunQuery, TaskRunUpdatesSubscription } from "./operations";

export function useLiveTaskRun(id: string) {
  const client = useClient();
  const [result, reexecute] = useQuery({
    query: TaskRunQuery,
    variables: { id },
    requestPolicy: "network-only",
  });
  const [liveError, setLiveError] = useState<string | null>(null);
  const flowRunId = result.data?.taskRun?.flowRunId ?? null;

  useEffect(() => {
    if (flowRunId === null) return;
    // From HEAD on every (re)subscription: its first message re-reads the task run.
    const source = client.subscription(TaskRunUpdatesSubscription, { flowRunId, after: "HEAD" });
    const { unsubscribe } = source.subscribe((message) => {
      if (message.error) {
        setLiveError(message.error.message);
        return;
      }
      const data = message.data?.taskRunUpdates;
      if (data === undefined) return;
      setLiveError(null);
      const caughtUp = !data.live && !data.moreHistory;
      if (caughtUp || data.taskRuns.some((run) => run.id === id))
        reexecute({ requestPolicy: "network-only" });
    });
    return unsubscribe;
  }, [client, flowRunId, id, reexecute]);

  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  return { result, liveError, reload };
}
