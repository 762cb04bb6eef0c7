/**
 * One flow run, kept current: subscribe to `flowRunUpdates` for its id from
 * HEAD, and read it once the subscription has caught up (again after every
 * reconnect), so no change slips in between; the runs list does the same.
 */
import { useCallback, useEffect, useReducer, useState, useSyncExternalStore } from "react";
import { useClient } from "urql";

import { useLiveClient } from "../live/context";
import { LOADING, flowRunReducer, type FlowRunState } from "./flowRun";
import { FlowRunQuery, FlowRunUpdatesForRun } from "./operations";

const FALLBACK_LOAD_MS = 3_000;
const POLL_MS = 5_000;

export interface LiveFlowRun extends FlowRunState {
  liveError: string | null;
  /** Read the run again now (after an action, or to retry). */
  reload: () => void;
}

export function useLiveFlowRun(id: string): LiveFlowRun {
  const client = useClient();
  const [state, dispatch] = useReducer(flowRunReducer, LOADING);
  const [loads, setLoads] = useState(0);
  const [subscriptions, setSubscriptions] = useState(0);
  const [liveError, setLiveError] = useState<string | null>(null);
  const { connection } = useLiveClient();
  const socket = useSyncExternalStore(connection.subscribe, connection.getState).status;

  useEffect(() => {
    const source = client.subscription(FlowRunUpdatesForRun, { filter: { id: { any: [id] } } });
    const { unsubscribe } = source.subscribe((result) => {
      if (result.error) {
        setLiveError(result.error.message);
        return;
      }
      const message = result.data?.flowRunUpdates;
      if (message === undefined) return;
      setLiveError(null);
      if (message.deletedIds.includes(id)) dispatch({ type: "deleted" });
      for (const run of message.flowRuns) {
        if (run.id === id) dispatch({ type: "update", run, at: Date.now() });
      }
      if (!message.live && !message.moreHistory) setLoads((n) => n + 1);
    });
    const fallback = setTimeout(() => setLoads((n) => (n === 0 ? 1 : n)), FALLBACK_LOAD_MS);
    return () => {
      clearTimeout(fallback);
      unsubscribe();
    };
  }, [client, id, subscriptions]);

  useEffect(() => {
    if (loads === 0) return;
    let current = true;
    void client
      .query(FlowRunQuery, { id }, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (!current) return;
        if (result.error || result.data === undefined) {
          dispatch({ type: "failed", error: result.error?.message ?? "no data" });
          return;
        }
        dispatch({ type: "loaded", run: result.data.flowRun ?? null, at: Date.now() });
      });
    return () => {
      current = false;
    };
  }, [client, id, loads]);

  useEffect(() => {
    if (socket === "live") return;
    const poll = setInterval(() => setLoads((n) => (n === 0 ? n : n + 1)), POLL_MS);
    return () => clearInterval(poll);
  }, [socket]);

  const reload = useCallback(() => {
    dispatch({ type: "retry" });
    setLoads((n) => n + 1);
    setSubscriptions((n) => n + 1);
  }, []);

  return { ...state, liveError, reload };
}
