"""Count events in time buckets, by event name or by state type (the dashboard's history).

Buckets are ``interval`` seconds wide from ``since``; every bucket up to
``until`` is returned, empty ones included, so a chart needs no gap filling.
Grouping by state type joins the state rows (a task run's events are stored
small; their state rows know the type), so a renamed state (Cached, Late,
Retrying) counts under its type.
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.errors import InvalidInputError
from flowql.db import models as m
from flowql.db.queries.events import EventQuery

MAX_BUCKETS = 10_000
MIN_INTERVAL_SECONDS = 1.0


class CountBy(enum.Enum):
    EVENT = "EVENT"
    STATE_TYPE = "STATE_TYPE"


@dataclass(frozen=True)
class Bucket:
    start: datetime
    end: datetime
    counts: dict[str, int]


def check_window(since: datetime, until: datetime, interval: float) -> int:
    """The number of buckets, or an error naming what is wrong."""
    if interval < MIN_INTERVAL_SECONDS:
        raise InvalidInputError(
            f"intervalSeconds must be at least {MIN_INTERVAL_SECONDS:g}", field=("intervalSeconds",)
        )
    if until <= since:
        raise InvalidInputError("until must be after since", field=("until",))
    buckets = math.ceil((until - since).total_seconds() / interval)
    if buckets > MAX_BUCKETS:
        raise InvalidInputError(
            f"{buckets} buckets asked for; the limit is {MAX_BUCKETS}: widen intervalSeconds",
            field=("intervalSeconds",),
        )
    return buckets


async def count_events(
    session: AsyncSession,
    query: EventQuery,
    *,
    since: datetime,
    until: datetime,
    interval: float,
    by: CountBy,
) -> list[Bucket]:
    total = check_window(since, until, interval)
    dialect = session.get_bind().dialect.name
    bucket = _bucket_number(m.Event.occurred, since, interval, dialect).label("bucket")
    key, joined = _key(by)
    statement = (
        sa.select(bucket, key.label("key"), sa.func.count().label("n"))
        .select_from(joined)
        .where(m.Event.occurred >= since, m.Event.occurred < until)
        # Every committed event counts: the visibility horizon is for cursors only,
        # and would hold counts back while any transaction on the server runs.
        .where(*query.clauses(dialect))
        .group_by(bucket, key)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in await session.execute(statement):
        if row.key is not None:
            counts[int(row.bucket)][str(row.key)] = int(row.n)
    step = timedelta(seconds=interval)
    return [
        Bucket(since + n * step, min(since + (n + 1) * step, until), counts.get(n, {}))
        for n in range(total)
    ]


def _bucket_number(column: Any, since: datetime, interval: float, dialect: str) -> Any:
    if dialect == "postgresql":
        elapsed = sa.func.extract("epoch", column - sa.literal(since))
        return sa.cast(sa.func.floor(elapsed / interval), sa.Integer)
    # SQLite stores UTC text and julianday counts days; the values are never
    # negative here (occurred >= since), so truncating is flooring.
    naive = since.replace(tzinfo=None).isoformat(" ", timespec="microseconds")
    seconds = (sa.func.julianday(column) - sa.func.julianday(naive)) * 86_400
    return sa.cast(seconds / interval, sa.Integer)


def _key(by: CountBy) -> tuple[Any, Any]:
    if by is CountBy.EVENT:
        return m.Event.event, m.Event.__table__
    task_state, flow_state = m.TaskRunState.__table__, m.FlowRunState.__table__
    joined = m.Event.__table__.outerjoin(task_state, task_state.c.id == m.Event.id).outerjoin(
        flow_state, flow_state.c.id == m.Event.id
    )
    return sa.func.coalesce(task_state.c.type, flow_state.c.type), joined
