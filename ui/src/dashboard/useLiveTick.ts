/**
 * A number that goes up when the dashboard should re-read: when flow runs
 * change (a `flowRunUpdates` message; at most every 2 s), every 30 s (task
 * runs and the passing time), and when the socket comes back after a drop.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useClient } from "urql";

import { useLiveClient } from "../live/context";
import { DashboardPulseSubscription } from "./operations";
import { throttle } from "./throttle";

const THROTTLE_MS = 2_000;
const PERIOD_MS = 30_000;

export function useLiveTick(): number {
  const client = useClient();
  const [tick, setTick] = useState(0);
  const { connection } = useLiveClient();
  const live = useSyncExternalStore(connection.subscribe, connection.getState).status === "live";
  const resubscribing = useRef(false);

  useEffect(() => {
    if (!live) return;
    const bump = throttle(() => setTick((n) => n + 1), THROTTLE_MS);
    let resumed = resubscribing.current;
    resubscribing.current = true;
    const { unsubscribe } = client.subscription(DashboardPulseSubscription, {}).subscribe((result) => {
      const message = result.data?.flowRunUpdates;
      if (message === undefined) return;
      // After a drop, the first message says the subscription is back: re-read what was missed.
      if (resumed || message.flowRuns.length > 0 || message.deletedIds.length > 0) bump.call();
      resumed = false;
    });
    return () => {
      bump.cancel();
      unsubscribe();
    };
  }, [client, live]);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), PERIOD_MS);
    return () => clearInterval(timer);
  }, []);

  return tick;
}
