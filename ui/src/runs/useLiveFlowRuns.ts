/**
 * Flow runs, kept current: subscribe to `flowRunUpdates` from HEAD first, and
 * when the subscription has caught up (its first message, again after every
 * reconnect) load the list, so no change can slip between the two. Without a
 * websocket answer within 3 s the list loads anyway, and while the socket is
 * down (or blocked by a proxy) it is reloaded every 5 s instead.
 */
import { useCallback, useEffect, useReducer, useState, useSyncExternalStore } from "react";
import { useClient } from "urql";

import { useLiveClient } from "../live/context";

import { EMPTY, runsReducer, type RunsState } from "./merge";
import { FlowRunUpdatesSubscription, FlowRunsQuery } from "./operations";

const FALLBACK_LOAD_MS = 3_000;
const POLL_MS = 5_000;

export interface LiveFlowRuns extends RunsState {
  /** Live updates failed (not the socket: the subscription itself). */
  liveError: string | null;
  retry: () => void;
}

export function useLiveFlowRuns(first: number): LiveFlowRuns {
  const client = useClient();
  const [state, dispatch] = useReducer(runsReducer, EMPTY);
  const [loads, setLoads] = useState(0); // bumped to (re)load the list
  const [subscriptions, setSubscriptions] = useState(0); // bumped to resubscribe
  const [liveError, setLiveError] = useState<string | null>(null);
  const { connection } = useLiveClient();
  const socket = useSyncExternalStore(connection.subscribe, connection.getState).status;

  useEffect(() => {
    const source = client.subscription(FlowRunUpdatesSubscription, {});
    const { unsubscribe } = source.subscribe((result) => {
      if (result.error) {
        setLiveError(result.error.message);
        return;
      }
      const message = result.data?.flowRunUpdates;
      if (message === undefined) return;
      setLiveError(null);
      if (message.flowRuns.length > 0 || message.deletedIds.length > 0) {
        dispatch({
          type: "updates",
          rows: message.flowRuns,
          deletedIds: message.deletedIds.map(String),
          at: Date.now(),
        });
      }
      if (!message.live && !message.moreHistory) setLoads((n) => n + 1); // caught up
    });
    const fallback = setTimeout(() => setLoads((n) => (n === 0 ? 1 : n)), FALLBACK_LOAD_MS);
    return () => {
      clearTimeout(fallback);
      unsubscribe();
    };
  }, [client, subscriptions]);

  useEffect(() => {
    if (loads === 0) return;
    let current = true;
    void client
      .query(FlowRunsQuery, { first }, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (!current) return;
        const connection = result.data?.flowRuns;
        if (result.error || connection === undefined) {
          dispatch({ type: "failed", error: result.error?.message ?? "no data" });
          return;
        }
        dispatch({
          type: "loaded",
          rows: connection.edges.map((edge) => edge.node),
          total: connection.totalCount,
          at: Date.now(),
        });
      });
    return () => {
      current = false;
    };
  }, [client, loads, first]);

  useEffect(() => {
    if (socket === "live") return;
    const poll = setInterval(() => setLoads((n) => (n === 0 ? n : n + 1)), POLL_MS);
    return () => clearInterval(poll);
  }, [socket]);

  const retry = useCallback(() => {
    dispatch({ type: "retry" });
    setLoads((n) => n + 1);
    setSubscriptions((n) => n + 1);
  }, []);

  return { ...state, liveError, retry };
}
