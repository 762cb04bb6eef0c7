/**
 * Flow runs of a view, kept current. The subscription (`flowRunUpdates`,
 * filtered by the view's stable parts) starts before the list loads: from
 * HEAD the first time, the list loading once it has caught up, so no change
 * slips between the two; after a reconnect from the last `endCursor`, so the
 * server replays just what was missed and nothing reloads (see resume.ts).
 * Without a websocket answer within 3 s the list loads anyway, and while the
 * socket is down it is reloaded every 5 s. The total is recounted (at most
 * every 2 s) after updates, as a page cannot know which unloaded runs changed.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from "react";
import { useClient } from "urql";

import type { FlowRunRowFragment } from "../gql/graphql";
import { useLiveClient } from "../live/context";
import { compareRuns, matchesLive, queryFilter, rangeStart, stableFilter, type RunsView } from "./filters";
import { EMPTY, runsReducer, type Page, type RunsState } from "./merge";
import { FlowRunCountQuery, FlowRunUpdatesSubscription, FlowRunsQuery } from "./operations";
import { FRESH, failed, received, resubscribe, type ResumeState } from "../live/resume";

const FALLBACK_LOAD_MS = 3_000;
const POLL_MS = 5_000;
const RECOUNT_MS = 2_000;
const MAX_RELOAD = 200; // the API's page limit

export interface LiveFlowRuns extends RunsState {
  /** Live updates failed (not the socket: the subscription itself). */
  liveError: string | null;
  retry: () => void;
  loadMore: () => void;
}

function toPage(connection: {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: FlowRunRowFragment }[];
}): Page {
  return {
    rows: connection.edges.map((edge) => edge.node),
    total: connection.totalCount,
    endCursor: connection.pageInfo.endCursor ?? null,
    hasMore: connection.pageInfo.hasNextPage,
  };
}

export function useLiveFlowRuns(view: RunsView, pageSize: number): LiveFlowRuns {
  const client = useClient();
  const [state, dispatch] = useReducer(runsReducer, EMPTY);
  const [loads, setLoads] = useState(0); // bumped to (re)load the first page
  const [subscriptions, setSubscriptions] = useState(0); // bumped to resubscribe
  const [liveError, setLiveError] = useState<string | null>(null);
  const { connection } = useLiveClient();
  const socketLive = useSyncExternalStore(connection.subscribe, connection.getState).status === "live";
  const resume = useRef<ResumeState>(FRESH);
  const rowCount = useRef(0);
  rowCount.current = state.rows.length;

  const key = JSON.stringify(view);
  // The view's time range is fixed when the view is chosen (a link opened later
  // recomputes it); `since` is part of the key of everything below.
  const scope = useMemo(() => ({ view, since: rangeStart(view, Date.now()) }), [key]);
  const compare = useMemo(() => compareRuns(scope.view.sort), [scope]);
  const matches = useCallback(
    (row: FlowRunRowFragment) => matchesLive(row, scope.view, scope.since),
    [scope],
  );
  const filter = useMemo(() => queryFilter(scope.view, scope.since), [scope]);
  const liveFilter = useMemo(() => stableFilter(scope.view), [scope]);

  useEffect(() => {
    resume.current = FRESH;
    dispatch({ type: "reset" });
    setLoads(0);
  }, [scope]);

  const [recounts, setRecounts] = useState(0);
  useEffect(() => {
    if (recounts === 0) return;
    const timer = setTimeout(() => {
      void client
        .query(FlowRunCountQuery, { filter }, { requestPolicy: "network-only" })
        .toPromise()
        .then((result) => {
          const total = result.data?.flowRuns.totalCount;
          if (total !== undefined) dispatch({ type: "count", total });
        });
    }, RECOUNT_MS);
    return () => clearTimeout(timer);
  }, [client, filter, recounts]);

  useEffect(() => {
    if (!socketLive) return; // resubscribed (from the cursor) once the socket is back
    const start = resubscribe(resume.current);
    resume.current = start.state;
    const source = client.subscription(FlowRunUpdatesSubscription, { filter: liveFilter, after: start.after });
    const { unsubscribe } = source.subscribe((result) => {
      if (result.error) {
        const next = failed(resume.current);
        resume.current = next.state;
        if (next.retryFromHead) setSubscriptions((n) => n + 1);
        else setLiveError(result.error.message);
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
          compare,
          matches,
        });
        setRecounts((n) => n + 1);
      }
      const next = received(resume.current, message);
      resume.current = next.state;
      if (next.reload) setLoads((n) => n + 1);
    });
    return unsubscribe;
  }, [client, socketLive, subscriptions, liveFilter, compare, matches]);

  useEffect(() => {
    const fallback = setTimeout(() => setLoads((n) => (n === 0 ? 1 : n)), FALLBACK_LOAD_MS);
    return () => clearTimeout(fallback);
  }, [scope]);

  useEffect(() => {
    if (loads === 0) return;
    let current = true;
    const requestedAt = Date.now();
    const first = Math.min(MAX_RELOAD, Math.max(pageSize, rowCount.current));
    void client
      .query(FlowRunsQuery, { first, filter, orderBy: scope.view.sort }, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (!current) return;
        const connection = result.data?.flowRuns;
        if (result.error || connection === undefined) {
          dispatch({ type: "failed", error: result.error?.message ?? "no data" });
          return;
        }
        dispatch({ type: "loaded", page: toPage(connection), requestedAt, at: Date.now(), compare });
      });
    return () => {
      current = false;
    };
  }, [client, loads, pageSize, filter, scope, compare]);

  useEffect(() => {
    if (socketLive) return;
    const poll = setInterval(() => setLoads((n) => (n === 0 ? n : n + 1)), POLL_MS);
    return () => clearInterval(poll);
  }, [socketLive]);

  const loadMore = useCallback(() => {
    if (!state.hasMore || state.loadingMore || state.endCursor === null) return;
    dispatch({ type: "loadingMore" });
    void client
      .query(
        FlowRunsQuery,
        { first: pageSize, after: state.endCursor, filter, orderBy: scope.view.sort },
        { requestPolicy: "network-only" },
      )
      .toPromise()
      .then((result) => {
        const connection = result.data?.flowRuns;
        if (result.error || connection === undefined) {
          dispatch({ type: "failed", error: result.error?.message ?? "no data" });
          return;
        }
        dispatch({ type: "more", page: toPage(connection), at: Date.now(), compare });
      });
  }, [client, state.hasMore, state.loadingMore, state.endCursor, pageSize, filter, scope, compare]);

  const retry = useCallback(() => {
    dispatch({ type: "retry" });
    setLiveError(null);
    setLoads((n) => n + 1);
    setSubscriptions((n) => n + 1);
  }, []);

  return { ...state, liveError, retry, loadMore };
}
