/** One event: time, name, resource; opens to show the event as JSON. */
import { memo } from "react";
import { Link } from "react-router";

import type { EventRowFragment } from "../gql/graphql";
import { RelativeTime } from "../lib/Time";
import { resourceId, resourcePage } from "./feed";

interface Props {
  event: EventRowFragment;
  expanded: boolean;
  fresh: boolean;
  now: number;
  onToggle: (id: string) => void;
}

function rawEvent(event: EventRowFragment): string {
  const { cursor: _cursor, ...rest } = event;
  return JSON.stringify(rest, null, 2);
}

export const EventRow = memo(function EventRow({ event, expanded, fresh, now, onToggle }: Props) {
  const resource = resourceId(event.resource);
  const page = resourcePage(resource);
  const detailsId = `event-${event.id}`;
  return (
    <div className={`cat-event-row${fresh ? " cat-fresh" : ""}`} data-event={event.event}>
      <button
        type="button"
        className="cat-event-summary"
        aria-expanded={expanded}
        aria-controls={detailsId}
        onClick={() => onToggle(event.id)}
      >
        <span className="event-chevron" aria-hidden="true">
          {expanded ? "▾" : "▸"}
        </span>
        <span className="cat-event-time">
          <RelativeTime iso={event.occurred} now={now} />
        </span>
        <span className="cat-event-name">{event.event}</span>
        <span className="cat-event-resource muted">{resource ?? "—"}</span>
      </button>
      {expanded && (
        <div className="cat-event-details" id={detailsId}>
          {page !== null && (
            <Link className="cat-event-link" to={page.to}>
              {page.label}
            </Link>
          )}
          <pre className="cat-json-block cat-event-json">{rawEvent(event)}</pre>
        </div>
      )}
    </div>
  );
});
