"""Keyset (cursor) pagination that stays fast on deep pages.

A cursor is the opaque, URL-safe encoding of the sort value and the id of the
last row of a page; the next page starts strictly after it. Sort columns may
be NULL: NULLs always come last, in both directions. Nested connections (the
task runs of each of 50 flow runs) are fetched for all parents in one query
with a window function, so statements do not grow with the page size.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from flowql.core.errors import InvalidInputError
from flowql.core.time import ensure_utc

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class SortKey:
    """Order by ``column`` then by ``id`` in the same direction, to break ties."""

    column: InstrumentedAttribute[Any]
    id_column: InstrumentedAttribute[Any]
    descending: bool

    @property
    def attribute(self) -> str:
        return self.column.key

    def order_by(self) -> list[sa.ColumnElement[Any]]:
        if self.column is self.id_column:
            return [self.id_column.desc() if self.descending else self.id_column.asc()]
        if self.descending:
            return [self.column.desc().nulls_last(), self.id_column.desc()]
        return [self.column.asc().nulls_last(), self.id_column.asc()]

    def after(self, cursor: Cursor) -> sa.ColumnElement[bool]:
        """Rows that come strictly after ``cursor`` in this order."""
        id_beyond = self._beyond(self.id_column, cursor.id)
        if self.column is self.id_column:
            return id_beyond
        if cursor.value is None:
            return sa.and_(self.column.is_(None), id_beyond)
        return sa.or_(
            self._beyond(self.column, cursor.value),
            sa.and_(self.column == cursor.value, id_beyond),
            self.column.is_(None),
        )

    def _beyond(self, column: Any, value: Any) -> sa.ColumnElement[bool]:
        return column < value if self.descending else column > value  # type: ignore[no-any-return]

    def cursor_for(self, row: Any) -> str:
        return Cursor(getattr(row, self.attribute), row.id).encode()

    def decode(self, text: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            value, row_id = json.loads(raw)
            return Cursor(self._parse_value(value), uuid.UUID(row_id))
        except (ValueError, TypeError, AttributeError) as exc:  # uuid.UUID(5): AttributeError
            raise InvalidInputError(
                f"malformed cursor {text!r}: pass an endCursor or edge cursor returned "
                "by the same query and ordering",
                field=("after",),
            ) from exc

    def _parse_value(self, value: Any) -> Any:
        if value is None:
            return None
        column_type = self.column.type  # a TypeDecorator's python_type is object: ask its impl
        python_type = getattr(column_type, "impl_instance", column_type).python_type
        if python_type is datetime:
            return ensure_utc(datetime.fromisoformat(value))
        if python_type is uuid.UUID:
            return uuid.UUID(value)
        if not isinstance(value, python_type):
            raise TypeError(value)
        return value


@dataclass(frozen=True)
class Cursor:
    value: Any
    id: uuid.UUID

    def encode(self) -> str:
        value = self.value
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        raw = json.dumps([value, str(self.id)], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def check_page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise InvalidInputError(
            f"first must be between 0 and {MAX_PAGE_SIZE}, got {first}", field=("first",)
        )
    return first


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: Cursor | None

    @classmethod
    def parse(cls, sort_key: SortKey, first: int | None, after: str | None) -> PageRequest:
        return cls(check_page_size(first), sort_key.decode(after) if after else None)


@dataclass(frozen=True)
class Page:
    rows: Sequence[Any]
    has_next_page: bool
    has_previous_page: bool
    sort_key: SortKey

    @classmethod
    def from_rows(cls, rows: Sequence[Any], request: PageRequest, sort_key: SortKey) -> Page:
        return cls(
            rows=rows[: request.first],
            has_next_page=len(rows) > request.first,
            has_previous_page=request.after is not None,
            sort_key=sort_key,
        )


async def fetch_page(
    session: AsyncSession,
    statement: sa.Select[Any],
    sort_key: SortKey,
    request: PageRequest,
) -> Page:
    if request.after is not None:
        statement = statement.where(sort_key.after(request.after))
    statement = statement.order_by(*sort_key.order_by()).limit(request.first + 1)
    rows = (await session.scalars(statement)).all()
    return Page.from_rows(rows, request, sort_key)


async def fetch_pages_by_parent(
    session: AsyncSession,
    model: type[Any],
    parent_column: InstrumentedAttribute[Any],
    parent_ids: Iterable[uuid.UUID],
    where: Sequence[sa.ColumnElement[bool]],
    sort_key: SortKey,
    request: PageRequest,
) -> dict[uuid.UUID, Page]:
    """One page of children for each parent, in a single query."""
    ids = list(parent_ids)
    clauses = [parent_column.in_(ids), *where]
    if request.after is not None:
        clauses.append(sort_key.after(request.after))
    row_number = sa.func.row_number().over(partition_by=parent_column, order_by=sort_key.order_by())
    inner = sa.select(model, row_number.label("_row_number")).where(*clauses).subquery()
    child = aliased(model, inner)
    statement = (
        sa.select(child)
        .where(inner.c._row_number <= request.first + 1)
        .order_by(inner.c._row_number)
    )
    grouped: dict[uuid.UUID, list[Any]] = {parent_id: [] for parent_id in ids}
    for row in (await session.scalars(statement)).all():
        grouped[getattr(row, parent_column.key)].append(row)
    return {pid: Page.from_rows(rows, request, sort_key) for pid, rows in grouped.items()}


async def count_by_parent(
    session: AsyncSession,
    parent_column: InstrumentedAttribute[Any],
    parent_ids: Iterable[uuid.UUID],
    where: Sequence[sa.ColumnElement[bool]],
) -> dict[uuid.UUID, int]:
    ids = list(parent_ids)
    statement = (
        sa.select(parent_column, sa.func.count())
        .where(parent_column.in_(ids), *where)
        .group_by(parent_column)
    )
    counts: dict[uuid.UUID, int] = dict.fromkeys(ids, 0)
    for parent_id, count in (await session.execute(statement)).all():
        counts[parent_id] = count
    return counts


async def count(
    session: AsyncSession, model: type[Any], where: Sequence[sa.ColumnElement[bool]]
) -> int:
    statement = sa.select(sa.func.count()).select_from(model).where(*where)
    return int((await session.execute(statement)).scalar_one())
