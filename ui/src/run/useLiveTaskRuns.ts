/**
 * A flow run's task runs, kept current: subscribe to `taskRunUpdates` from
 * HEAD, and once it has caught up read every page of the `taskRuns`
 * connection (200 a page), merging both by id. Rows show as pages arrive.
 * After a reconnect it resubscribes after the last `endCursor` (the server
 * replays what was missed; nothing reloads, see `live/resume.ts`); while the
 * websocket is down it reads the pages again every 5 s.
 */
import { useCallback, useEffect, useReducer, useRef, useState, useSyncExternalStore } from "react";
import { useClient, type OperationResult } from "urql";

import { useLiveClient } from "../live/context";
import { FRESH, failed, received, resubscribe, type ResumeState } from "../live/resume";

import type { FlowRunTaskRunsQuery } from "../gql/graphql";

import { TaskRunUpdatesSubscription, TaskRunsPageQuery } from "./operations";
import { EMPTY_TASK_RUNS, taskRunsReducer, type TaskRunsState } from "./taskRuns";

const PAGE = 200;
const FALLBACK_LOAD_MS = 3_000;
const POLL_MS = 5_000;

export interface LiveTaskRuns extends TaskRunsState {
  liveError: string | null;
  retry: () => void;
}

export function useLiveTaskRuns(flowRunId: string): LiveTaskRuns {
  const client = useClient();
  const [state, dispatch] = useReducer(taskRunsReducer, EMPTY_TASK_RUNS);
  const [loads, setLoads] = useState(0);
  const [subscriptions, setSubscriptions] = useState(0);
  const [liveError, setLiveError] = useState<string | null>(null);

  const { connection } = useLiveClient();
  const socketLive = useSyncExternalStore(connection.subscribe, connection.getState).status === "live";
  const resume = useRef<ResumeState>(FRESH);

  useEffect(() => {
    if (!socketLive) return; // resubscribed from the cursor once the socket is back
    const start = resubscribe(resume.current);
    resume.current = start.state;
    const source = client.subscription(TaskRunUpdatesSubscription, { flowRunId, after: start.after });
    const { unsubscribe } = source.subscribe((result) => {
      if (result.error) {
        const next = failed(resume.current);
        resume.current = next.state;
        if (next.retryFromHead) setSubscriptions((n) => n + 1);
        else setLiveError(result.error.message);
        return;
      }
      const message = result.data?.taskRunUpdates;
      if (message === undefined) return;
      setLiveError(null);
      if (message.taskRuns.length > 0) {
        dispatch({ type: "updates", rows: message.taskRuns, at: Date.now() });
      }
      const next = received(resume.current, message);
      resume.current = next.state;
      if (next.reload) setLoads((n) => n + 1);
    });
    return unsubscribe;
  }, [client, flowRunId, subscriptions, socketLive]);

  useEffect(() => {
    const fallback = setTimeout(() => setLoads((n) => (n === 0 ? 1 : n)), FALLBACK_LOAD_MS);
    return () => clearTimeout(fallback);
  }, [flowRunId]);

  useEffect(() => {
    if (socketLive) return;
    const poll = setInterval(() => setLoads((n) => (n === 0 ? n : n + 1)), POLL_MS);
    return () => clearInterval(poll);
  }, [socketLive]);

  useEffect(() => {
    if (loads === 0) return;
    let current = true;
    async function loadAll(): Promise<void> {
      let after: string | null = null;
      let first = true;
      for (;;) {
        const result: OperationResult<FlowRunTaskRunsQuery> = await client
          .query(TaskRunsPageQuery, { id: flowRunId, first: PAGE, after }, { requestPolicy: "network-only" })
          .toPromise();
        if (!current) return;
        const connection = result.data?.flowRun?.taskRuns;
        if (result.error || connection === undefined) {
          dispatch({ type: "failed", error: result.error?.message ?? "the flow run is gone" });
          return;
        }
        dispatch({
          type: "page",
          rows: connection.edges.map((edge) => edge.node),
          total: connection.totalCount,
          first,
          at: Date.now(),
        });
        first = false;
        const next = connection.pageInfo.endCursor ?? null;
        if (!connection.pageInfo.hasNextPage || next === null) break;
        after = next;
      }
      dispatch({ type: "done" });
    }
    void loadAll();
    return () => {
      current = false;
    };
  }, [client, flowRunId, loads]);

  const retry = useCallback(() => {
    dispatch({ type: "retry" });
    setLoads((n) => n + 1);
    setSubscriptions((n) => n + 1);
  }, []);

  return { ...state, liveError, retry };
}
