/** The feed's rows, virtualized: only those on screen are in the DOM, so thousands stay smooth. */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useRef, useState, type ReactNode } from "react";

import type { FeedItem } from "./feed";
import { EventRow } from "./EventRow";

const FRESH_MS = 2_000;

export function EventList({ items, now, footer }: { items: FeedItem[]; now: number; footer: ReactNode }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((id: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 38,
    overscan: 12,
    getItemKey: (index) => items[index]?.event.id ?? index,
  });

  return (
    <div className="cat-event-scroller" ref={scroller} role="list" aria-label="Events, newest first">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (item === undefined) return null;
          return (
            <div
              key={row.key}
              role="listitem"
              data-index={row.index}
              ref={virtualizer.measureElement}
              className="cat-event-slot"
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <EventRow
                event={item.event}
                expanded={expanded.has(item.event.id)}
                fresh={item.arrivedAt !== null && now - item.arrivedAt < FRESH_MS}
                now={now}
                onToggle={toggle}
              />
            </div>
          );
        })}
      </div>
      {footer}
    </div>
  );
}
