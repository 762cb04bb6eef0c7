/**
 * Calls `onChange` when block documents, types or schemas change (their
 * events, from HEAD), and when the subscription (re)connects, since changes
 * made while it was down are not replayed from HEAD.
 */
import { useEffect, useRef } from "react";
import { useClient } from "urql";

import { BlockChangesSubscription } from "./operations";

export function useBlockChanges(onChange: () => void): void {
  const client = useClient();
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    let caughtUp = false;
    const { unsubscribe } = client.subscription(BlockChangesSubscription, {}).subscribe((result) => {
      const message = result.data?.events;
      if (message === undefined) return;
      if (!message.live) {
        // The first message of each (re)subscription: reload unless it is the very first.
        if (caughtUp) latest.current();
        caughtUp = true;
        return;
      }
      if (message.edges.length > 0) latest.current();
    });
    return unsubscribe;
  }, [client]);
}
