/**
 * Calls `onChange` when block documents, types or schemas change (their events;
 * see `live/useRefreshOnEvents`, which also refreshes after a reconnect and
 * polls while the websocket is down).
 */
import { useRefreshOnEvents } from "../live/useRefreshOnEvents";

const BLOCK_EVENTS = {
  eventPrefix: ["flowql.block-document.", "flowql.block-type.", "flowql.block-schema."],
};

export function useBlockChanges(onChange: () => void): void {
  useRefreshOnEvents(BLOCK_EVENTS, onChange);
}
