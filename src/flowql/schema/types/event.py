"""Event: something that happened to a resource, as Prefect users know events."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from flowql.db.queries.events import EventCursor
from flowql.schema.connection import PageInfo


@strawberry.type(
    description="Something that happened: `event` names it (`flowql.flow-run.Completed`), "
    "`resource` says to what (labels, with `flowql.resource.id`), `related` what else it "
    "concerns (each with a `flowql.resource.role`)."
)
class Event:
    id: uuid.UUID
    occurred: datetime
    received: datetime
    event: str
    resource: JSON
    related: JSON = strawberry.field(description="A list of labelled resources.")
    payload: JSON
    follows: uuid.UUID | None = strawberry.field(
        description="The event this one comes after (for a run: its previous state's)."
    )
    cursor: str = strawberry.field(description="Pass as `after` to continue after this event.")

    @classmethod
    def of(cls, view: Any) -> Event:
        return cls(
            id=view.id,
            occurred=view.occurred,
            received=view.received,
            event=view.event,
            resource=view.resource,
            related=view.related,
            payload=view.payload,
            follows=view.follows,
            cursor=EventCursor.of(view.row).encode(),
        )


@strawberry.type
class EventEdge:
    cursor: str
    node: Event


@strawberry.type(description="Events in commit order (or newest first), by cursor.")
class EventConnection:
    edges: list[EventEdge]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of events matching the filter, on all pages.")
    async def total_count(self) -> int:
        return await self._count()  # counted only when asked: a count scans the matches


@strawberry.type
class EventCount:
    key: str = strawberry.field(description="The event name, or the state type.")
    count: int


@strawberry.type(description="Events in one time bucket, counted per key.")
class EventCountBucket:
    start: datetime
    end: datetime
    counts: list[EventCount]
