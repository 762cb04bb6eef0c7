/** Every event as it commits, newest first: filter, pause, open one to see its JSON. */
import { useMemo } from "react";
import { useSearchParams } from "react-router";

import type { EventFilter } from "../gql/graphql";
import { useNow } from "../lib/useNow";
import { EventList } from "./EventList";
import { EventsFilterForm, type FeedFilter } from "./EventsFilterForm";
import { MAX_EVENTS } from "./feed";
import { useEventFeed } from "./useEventFeed";
import "./events.css";

export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const applied: FeedFilter = { prefix: params.get("prefix") ?? "", resource: params.get("resource") ?? "" };
  const filter = useMemo((): EventFilter => {
    const result: EventFilter = {};
    if (applied.prefix) result.eventPrefix = [applied.prefix];
    if (applied.resource) result.resourceId = [applied.resource];
    return result;
  }, [applied.prefix, applied.resource]);
  const feed = useEventFeed(filter);
  const now = useNow(5_000);

  function apply(next: FeedFilter) {
    const search: Record<string, string> = {};
    if (next.prefix) search.prefix = next.prefix;
    if (next.resource) search.resource = next.resource;
    setParams(search);
  }

  const count = feed.items.length;
  return (
    <section className="events-page">
      <div className="page-header cat-header">
        <h1>Events</h1>
        <span className="muted" data-testid="events-count">
          {feed.status === "loaded" ? `${count.toLocaleString("en")}${feed.hasOlder ? "+" : ""} shown` : ""}
        </span>
        <div className="cat-feed-controls">
          {feed.paused ? (
            <span className="cat-feed-status cat-paused" role="status">
              Paused{feed.pending.length > 0 ? ` · ${feed.pending.length.toLocaleString("en")} new` : ""}
            </span>
          ) : feed.socketLive ? (
            <span className="cat-feed-status cat-live" role="status">
              Following
            </span>
          ) : (
            <span className="cat-feed-status" role="status">
              Waiting for the connection; missed events follow once it is back
            </span>
          )}
          <button
            type="button"
            aria-pressed={feed.paused}
            onClick={feed.paused ? feed.resume : feed.pause}
          >
            {feed.paused ? "Resume" : "Pause"}
          </button>
        </div>
      </div>
      <EventsFilterForm value={applied} onApply={apply} />
      {feed.liveError !== null && (
        <div className="banner warning" role="alert">
          Live updates stopped: {feed.liveError}{" "}
          <button type="button" onClick={feed.retry}>
            Retry
          </button>
        </div>
      )}
      {feed.status === "error" && (
        <div className="banner error" role="alert">
          Could not load events: {feed.error}{" "}
          <button type="button" onClick={feed.retry}>
            Retry
          </button>
        </div>
      )}
      {feed.status === "loading" && (
        <p className="muted" aria-busy="true">
          Loading events…
        </p>
      )}
      {feed.status === "loaded" && count === 0 && (
        <div className="empty">
          <p>{applied.prefix || applied.resource ? "No events match this filter yet." : "No events yet."}</p>
          <p className="muted">New ones appear here as they happen.</p>
        </div>
      )}
      {count > 0 && (
        <EventList
          items={feed.items}
          now={now}
          footer={
            <div className="cat-event-footer">
              {feed.hasOlder && count < MAX_EVENTS ? (
                <button type="button" onClick={feed.loadOlder} disabled={feed.loadingOlder}>
                  {feed.loadingOlder ? "Loading…" : "Load older events"}
                </button>
              ) : feed.hasOlder ? (
                <span className="muted">Showing the newest {MAX_EVENTS.toLocaleString("en")}; filter to see older ones.</span>
              ) : (
                <span className="muted">The beginning.</span>
              )}
            </div>
          }
        />
      )}
    </section>
  );
}
