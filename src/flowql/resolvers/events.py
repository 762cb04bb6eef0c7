"""The ``events`` query and the ``emitEvents`` mutation: conversions and pages."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flowql.core.errors import InvalidInputError
from flowql.core.time import ensure_utc, utcnow
from flowql.db.database import Database
from flowql.db.queries.event_counts import CountBy, count_events
from flowql.db.queries.events import EventCursor, EventQuery, read_events
from flowql.db.queries.events import count_events as count_matching
from flowql.db.queries.pagination import check_page_size
from flowql.events.materialize import materialize
from flowql.events.outbox import NewEvent
from flowql.resolvers.convert import json_object
from flowql.schema.connection import PageInfo
from flowql.schema.filters import EventFilter
from flowql.schema.types.event import (
    Event,
    EventConnection,
    EventCount,
    EventCountBucket,
    EventEdge,
)
from flowql.services.events import check_event_name, check_labels


def event_query(filter: EventFilter | None) -> EventQuery:
    if filter is None:
        return EventQuery()
    occurred = filter.occurred
    return EventQuery(
        name_prefixes=filter.event_prefix or (),
        resource_ids=filter.resource_id or (),
        related_ids=filter.related_id or (),
        occurred_after=ensure_utc(occurred.after) if occurred and occurred.after else None,
        occurred_before=ensure_utc(occurred.before) if occurred and occurred.before else None,
    )


async def event_page(
    db: Database,
    filter: EventFilter | None,
    first: int | None,
    after: str | None,
    newest_first: bool,
) -> EventConnection:
    limit = check_page_size(first)
    query = event_query(filter)
    cursor = None if after is None else EventCursor.decode(after)
    async with db.session() as session:
        rows, more = await read_events(
            session, query, after=cursor, limit=limit, newest_first=newest_first
        )
        views = await materialize(session, rows)

    async def total() -> int:
        async with db.session() as session:
            return await count_matching(session, query)

    edges = [EventEdge(cursor=node.cursor, node=node) for node in map(Event.of, views)]
    return EventConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=more,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=total,
    )


def client_events(inputs: Sequence[Any]) -> list[NewEvent]:
    """Check and convert ``EventInput``s; the first problem is named by its path."""
    return [_client_event(("events", str(index)), item) for index, item in enumerate(inputs)]


def _client_event(path: tuple[str, ...], item: Any) -> NewEvent:
    related = item.related or []
    if not isinstance(related, list):
        raise InvalidInputError(
            f"{'.'.join(path)}.related must be a list", field=(*path, "related")
        )
    return NewEvent(
        id=item.id or uuid.uuid4(),
        event=check_event_name(item.event, field=(*path, "event")),
        resource=check_labels(item.resource, field=(*path, "resource")),
        occurred=ensure_utc(item.occurred) if item.occurred else utcnow(),
        related=[
            check_labels(labels, field=(*path, "related", str(n)))
            for n, labels in enumerate(related)
        ],
        payload=json_object(item.payload, field=(*path, "payload")),
        follows=item.follows,
    )


async def event_count_buckets(
    db: Database,
    filter: EventFilter | None,
    since: datetime,
    until: datetime,
    interval: float,
    by: CountBy,
) -> list[EventCountBucket]:
    async with db.session() as session:
        buckets = await count_events(
            session,
            event_query(filter),
            since=ensure_utc(since),
            until=ensure_utc(until),
            interval=interval,
            by=by,
        )
    return [
        EventCountBucket(
            start=bucket.start,
            end=bucket.end,
            counts=[EventCount(key=k, count=n) for k, n in sorted(bucket.counts.items())],
        )
        for bucket in buckets
    ]
