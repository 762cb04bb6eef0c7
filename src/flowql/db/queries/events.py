"""Read the event log by cursor, in commit order, without gaps.

Events are ordered by (tx, seq) (see ``models.Event``). On PostgreSQL a
reader only sees transactions older than every transaction still running on
flowql's database (``commit_order.visible``): an event inserted earlier by a
transaction that commits later can therefore never land behind a cursor a
client already holds. On SQLite writers take turns, so seq order is commit order and
every committed event is visible.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.errors import InvalidInputError
from flowql.db import models as m
from flowql.db.commit_order import visible

HEAD = "HEAD"
"""``after: "HEAD"``: skip the history, start from the newest event."""


@dataclass(frozen=True, order=True)
class EventCursor:
    """A position in the event log (``LogCursor``: in the log records)."""

    tx: int
    seq: int

    KIND = "e"
    LIST = "event list"

    def encode(self) -> str:
        return base64.urlsafe_b64encode(f"{self.KIND}:{self.tx}:{self.seq}".encode()).decode()

    @classmethod
    def decode(cls, text: str, *, field: str = "after") -> Self:
        try:
            kind, tx, seq = base64.urlsafe_b64decode(text.encode()).decode().split(":")
            if kind != cls.KIND:
                raise ValueError(kind)
            return cls(int(tx), int(seq))
        except (ValueError, UnicodeDecodeError):
            raise InvalidInputError(
                f"{field}: {text!r} is not a cursor of the {cls.LIST}", field=(field,)
            ) from None

    @classmethod
    def of(cls, row: Any) -> Self:
        return cls(row.tx, row.seq)

    @classmethod
    def start(cls) -> Self:
        """Before the first row."""
        return cls(-1, 0)


CursorT = TypeVar("CursorT", bound=EventCursor)


class LogCursor(EventCursor):
    KIND = "l"
    LIST = "log records"


@dataclass(frozen=True)
class EventQuery:
    """Which events: every field given must match (names: any of them, as prefixes)."""

    name_prefixes: Sequence[str] = ()
    resource_ids: Sequence[str] = ()
    related_ids: Sequence[str] = ()
    occurred_after: datetime | None = None
    occurred_before: datetime | None = None
    flow_run_ids: Sequence[Any] = ()

    def clauses(self, dialect: str) -> list[sa.ColumnElement[bool]]:
        event = m.Event
        clauses: list[sa.ColumnElement[bool]] = []
        if self.name_prefixes:
            clauses.append(sa.or_(*(event.event.startswith(p) for p in self.name_prefixes)))
        if self.resource_ids:
            clauses.append(event.resource_id.in_(self.resource_ids))
        if self.related_ids:
            clauses.append(_related_to(self.related_ids, dialect))
        if self.flow_run_ids:
            clauses.append(event.flow_run_id.in_(self.flow_run_ids))
        if self.occurred_after is not None:
            clauses.append(event.occurred >= self.occurred_after)
        if self.occurred_before is not None:
            clauses.append(event.occurred < self.occurred_before)
        return clauses


def _related_to(ids: Sequence[str], dialect: str) -> sa.ColumnElement[bool]:
    """An event whose related resources include one of ``ids``."""
    if dialect == "postgresql":
        return sa.or_(
            *(m.Event.related.op("@>")(sa.cast([{"flowql.resource.id": i}], m.Event.related.type))
              for i in ids)
        )  # fmt: skip
    item = sa.func.json_each(m.Event.related).table_valued("value").alias("item")
    label = sa.func.json_extract(item.c.value, '$."flowql.resource.id"')
    return sa.exists(sa.select(1).select_from(item).where(label.in_(ids)))


async def read_events(
    session: AsyncSession,
    query: EventQuery,
    *,
    after: EventCursor | None,
    limit: int,
    newest_first: bool = False,
) -> tuple[list[m.Event], bool]:
    """Up to ``limit`` visible events after ``after`` (before it with ``newest_first``),
    and whether more follow."""
    dialect = session.get_bind().dialect.name
    return await _page(session, m.Event, query.clauses(dialect), after, limit, newest_first)


async def read_logs(
    session: AsyncSession,
    flow_run_id: Any,
    *,
    after: EventCursor | None,
    limit: int,
    task_run_id: Any = None,
) -> tuple[list[m.Log], bool]:
    """A flow run's log records (only one task run's, given ``task_run_id``) after
    ``after``, in commit order (as ``read_events``)."""
    where = [m.Log.flow_run_id == flow_run_id]
    if task_run_id is not None:
        where.append(m.Log.task_run_id == task_run_id)
    return await _page(session, m.Log, where, after, limit)


async def _page(
    session: AsyncSession,
    model: Any,
    where: list[Any],
    after: EventCursor | None,
    limit: int,
    newest_first: bool = False,
) -> tuple[list[Any], bool]:
    statement = sa.select(model).where(*where, *await visible(session, model))
    if after is not None:
        key = sa.tuple_(model.tx, model.seq)
        bound = sa.tuple_(sa.literal(after.tx), sa.literal(after.seq))
        statement = statement.where(key < bound if newest_first else key > bound)
    order = (model.tx.desc(), model.seq.desc()) if newest_first else (model.tx, model.seq)
    rows = list((await session.scalars(statement.order_by(*order).limit(limit + 1))).all())
    return rows[:limit], len(rows) > limit


async def count_events(session: AsyncSession, query: EventQuery) -> int:
    dialect = session.get_bind().dialect.name
    statement = sa.select(sa.func.count()).select_from(m.Event)
    # No visibility horizon: it orders what cursors see, a count is of everything committed.
    return int(await session.scalar(statement.where(*query.clauses(dialect))) or 0)


async def head_cursor(session: AsyncSession) -> EventCursor:
    """The cursor of the newest visible event (``start()`` when there is none)."""
    return await _newest(session, m.Event, [], EventCursor)


async def head_log_cursor(session: AsyncSession, flow_run_id: Any) -> LogCursor:
    """The cursor of a flow run's newest visible log record."""
    return await _newest(session, m.Log, [m.Log.flow_run_id == flow_run_id], LogCursor)


async def _newest(
    session: AsyncSession, model: Any, where: list[Any], cursor: type[CursorT]
) -> CursorT:
    statement = (
        sa.select(model.tx, model.seq)
        .where(*where, *await visible(session, model))
        .order_by(model.tx.desc(), model.seq.desc())
        .limit(1)
    )
    row = (await session.execute(statement)).first()
    return cursor.start() if row is None else cursor(row.tx, row.seq)
