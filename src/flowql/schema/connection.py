"""Relay connections: ``edges { cursor node }``, ``pageInfo`` and ``totalCount``.

A connection is lazy: the page and the count are fetched only when asked
for, and at most once each.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
import strawberry

from flowql.db.database import Database
from flowql.db.queries.pagination import Page, PageRequest, SortKey, count, fetch_page
from flowql.resolvers.loaders import ChildCounts, ChildPages, ChildQuery

NodeT = TypeVar("NodeT")
T = TypeVar("T")


def once(fetch: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T]]:
    """Run ``fetch`` on the first call; later (or concurrent) calls share its result."""
    task: asyncio.Future[T] | None = None

    def call() -> Awaitable[T]:
        nonlocal task
        if task is None:
            task = asyncio.ensure_future(fetch())
        return task

    return call


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Pass as `after` to get the items after this one.")
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    _page: strawberry.Private[Callable[[], Awaitable[Page]]]
    _count: strawberry.Private[Callable[[], Awaitable[int]]]
    _to_node: strawberry.Private[Callable[[Any], NodeT]]

    @strawberry.field
    async def edges(self) -> list[Edge[NodeT]]:
        page = await self._page()
        return [
            Edge(cursor=page.sort_key.cursor_for(row), node=self._to_node(row)) for row in page.rows
        ]

    @strawberry.field
    async def page_info(self) -> PageInfo:
        page = await self._page()
        cursors = [page.sort_key.cursor_for(row) for row in (*page.rows[:1], *page.rows[-1:])]
        return PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        )

    @strawberry.field(description="Number of items matching the filter, on all pages.")
    async def total_count(self) -> int:
        return await self._count()


def make_connection(
    page: Callable[[], Awaitable[Page]],
    count: Callable[[], Awaitable[int]],
    to_node: Callable[[Any], NodeT],
) -> Connection[NodeT]:
    return Connection(_page=once(page), _count=once(count), _to_node=to_node)


def child_connection(
    pages: ChildPages,
    counts: ChildCounts,
    parent_id: uuid.UUID,
    *,
    where: Sequence[sa.ColumnElement[bool]],
    filter_input: object,
    sort_key: SortKey,
    first: int | None,
    after: str | None,
    to_node: Callable[[Any], NodeT],
) -> Connection[NodeT]:
    """A nested connection whose page and count batch with its siblings'."""
    request = PageRequest.parse(sort_key, first, after)
    filter_key = repr(filter_input)
    query = ChildQuery(
        key=f"{filter_key}|{sort_key.attribute}|{sort_key.descending}|{first}|{after}",
        where=where,
        sort_key=sort_key,
        request=request,
    )
    return make_connection(
        lambda: pages.load(parent_id, query),
        lambda: counts.load(parent_id, filter_key, where),
        to_node,
    )


def root_connection(
    db: Database,
    model: type[Any],
    *,
    where: Sequence[sa.ColumnElement[bool]],
    sort_key: SortKey,
    first: int | None,
    after: str | None,
    to_node: Callable[[Any], NodeT],
) -> Connection[NodeT]:
    """A top-level list: one page query and, if asked for, one count query."""
    request = PageRequest.parse(sort_key, first, after)

    async def page() -> Page:
        async with db.session() as session:
            statement = sa.select(model).where(*where)
            return await fetch_page(session, statement, sort_key, request)

    async def total() -> int:
        async with db.session() as session:
            return await count(session, model, where)

    return make_connection(page, total, to_node)
