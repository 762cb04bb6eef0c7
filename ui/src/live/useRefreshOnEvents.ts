/**
 * Calls `refresh` when events matching `filter` commit: the catalog pages
 * (flows, artifacts, variables, blocks) stay current without polling.
 * Subscribes from HEAD; after a reconnect the subscription catches up again
 * and, since changes may have been missed meanwhile, refreshes once more. A
 * burst of events costs one refresh per `intervalMs`. While the websocket is
 * down (or blocked) it refreshes every `POLL_MS` instead.
 */
import { useEffect, useRef, useSyncExternalStore } from "react";
import { useClient } from "urql";

import type { EventFilter } from "../gql/graphql";
import { useLiveClient } from "./context";
import { EventsChangedSubscription } from "./operations";

const POLL_MS = 5_000;

export function useRefreshOnEvents(filter: EventFilter, refresh: () => void, intervalMs = 300): void {
  const client = useClient();
  const latest = useRef(refresh);
  latest.current = refresh;
  const key = JSON.stringify(filter);
  const { connection } = useLiveClient();
  const socketLive = useSyncExternalStore(connection.subscribe, connection.getState).status === "live";

  useEffect(() => {
    if (socketLive) return;
    const poll = setInterval(() => latest.current(), POLL_MS);
    return () => clearInterval(poll);
  }, [socketLive]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let caughtUp = 0;
    const schedule = () => {
      if (timer !== undefined) return; // a refresh is due already and will see this change too
      timer = setTimeout(() => {
        timer = undefined;
        latest.current();
      }, intervalMs);
    };
    const variables = { filter: JSON.parse(key) as EventFilter };
    const { unsubscribe } = client.subscription(EventsChangedSubscription, variables).subscribe((result) => {
      const message = result.data?.events;
      if (message === undefined) return;
      if (message.edges.length > 0) schedule();
      else if (!message.live && !message.moreHistory && caughtUp++ > 0) schedule();
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [client, key, intervalMs]);
}
