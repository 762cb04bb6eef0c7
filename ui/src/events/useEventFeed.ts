/**
 * Events matching a filter: the newest page first, then a subscription after
 * that page's newest cursor, so history and the live tail meet without a gap
 * or a repeat (an empty history subscribes from the start: nothing but what
 * commits next). When the socket drops, the subscription is dropped too and
 * made again once it is back, after the last `endCursor` received, so a
 * reconnect replays only what was missed. While the socket is down, or
 * blocked for good, the newest page is read again every 5 s instead. Older
 * pages load on demand.
 */
import { useCallback, useEffect, useReducer, useRef, useState, useSyncExternalStore } from "react";
import { useClient } from "urql";

import type { EventFilter } from "../gql/graphql";
import { useLiveClient } from "../live/context";
import { feedReducer, INITIAL, type FeedState } from "./feed";
import { EventsFeedSubscription, EventsPageQuery } from "./operations";

const PAGE = 100;
const POLL_MS = 5_000;

export interface EventFeed extends FeedState {
  /** The websocket is up (else the feed waits for it and then catches up). */
  socketLive: boolean;
  liveError: string | null;
  loadingOlder: boolean;
  loadOlder: () => void;
  pause: () => void;
  resume: () => void;
  retry: () => void;
}

export function useEventFeed(filter: EventFilter): EventFeed {
  const client = useClient();
  const { connection } = useLiveClient();
  const socketLive = useSyncExternalStore(connection.subscribe, connection.getState).status === "live";
  const [state, dispatch] = useReducer(feedReducer, INITIAL);
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState(0); // which load the subscription continues (0: none yet)
  const [liveError, setLiveError] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const key = JSON.stringify(filter);
  const resumeAfter = useRef<string | null>(null);
  const loads = useRef(0);
  const oldestCursor = useRef<string | null>(null);
  oldestCursor.current = state.items[state.items.length - 1]?.event.cursor ?? null;

  useEffect(() => {
    let current = true;
    const load = ++loads.current;
    setLoaded(0);
    dispatch({ type: "reset" });
    setLiveError(null);
    void client
      .query(EventsPageQuery, { filter: JSON.parse(key) as EventFilter, first: PAGE }, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (!current) return;
        const page = result.data?.events;
        if (result.error || page === undefined) {
          dispatch({ type: "failed", error: result.error?.message ?? "no data" });
          return;
        }
        const events = page.edges.map((edge) => edge.node);
        dispatch({ type: "loaded", events, hasOlder: page.pageInfo.hasNextPage });
        resumeAfter.current = events[0]?.cursor ?? null;
        setLoaded(load);
      });
    return () => {
      current = false;
    };
  }, [client, key, attempt]);

  useEffect(() => {
    if (loaded === 0 || !socketLive) return;
    const variables = { filter: JSON.parse(key) as EventFilter, after: resumeAfter.current };
    const { unsubscribe } = client.subscription(EventsFeedSubscription, variables).subscribe((message) => {
      if (message.error) {
        setLiveError(message.error.message);
        return;
      }
      const data = message.data?.events;
      if (data === undefined) return;
      setLiveError(null);
      resumeAfter.current = data.endCursor;
      if (data.edges.length > 0) {
        dispatch({ type: "received", events: data.edges.map((edge) => edge.node), at: Date.now() });
      }
    });
    return unsubscribe;
  }, [client, key, loaded, socketLive]);

  useEffect(() => {
    if (loaded === 0 || socketLive) return;
    const timer = setInterval(() => {
      const variables = { filter: JSON.parse(key) as EventFilter, first: PAGE };
      void client
        .query(EventsPageQuery, variables, { requestPolicy: "network-only" })
        .toPromise()
        .then((result) => {
          const page = result.data?.events;
          if (page === undefined) return;
          // The page is newest first; "received" takes commit order.
          const events = page.edges.map((edge) => edge.node).reverse();
          dispatch({ type: "received", events, at: Date.now() });
        });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [client, key, loaded, socketLive]);

  const loadOlder = useCallback(() => {
    const after = oldestCursor.current;
    if (after === null) return;
    setLoadingOlder(true);
    void client
      .query(
        EventsPageQuery,
        { filter: JSON.parse(key) as EventFilter, first: PAGE, after },
        { requestPolicy: "network-only" },
      )
      .toPromise()
      .then((result) => {
        setLoadingOlder(false);
        const page = result.data?.events;
        if (result.error || page === undefined) {
          setLiveError(`Could not load older events: ${result.error?.message ?? "no data"}`);
          return;
        }
        dispatch({ type: "older", events: page.edges.map((edge) => edge.node), hasOlder: page.pageInfo.hasNextPage });
      });
  }, [client, key]);

  const pause = useCallback(() => dispatch({ type: "pause" }), []);
  const resume = useCallback(() => dispatch({ type: "resume" }), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, socketLive, liveError, loadingOlder, loadOlder, pause, resume, retry };
}
