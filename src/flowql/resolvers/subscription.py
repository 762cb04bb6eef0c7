"""The root Subscription: replay what a client missed after its cursor, then tail.

Each subscription reads the event log by cursor (``db.queries.events``) in a
``follow`` loop woken by the bus; ``after: "HEAD"`` starts at the newest
event. See ``events.follow`` for why nothing is lost or repeated.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
import strawberry

from flowql.core.errors import FlowqlError
from flowql.core.recent import Recent
from flowql.core.resources import id_in
from flowql.db import models as m
from flowql.db.queries import filters
from flowql.db.queries.events import (
    HEAD,
    EventCursor,
    EventQuery,
    LogCursor,
    head_cursor,
    head_log_cursor,
    read_events,
    read_logs,
)
from flowql.events.follow import follow
from flowql.events.materialize import materialize
from flowql.events.outbox import (
    EVENTS_CHANNEL,
    FLOW_RUNS_CHANNEL,
    logs_channel,
    task_runs_channel,
)
from flowql.resolvers.events import event_query
from flowql.schema.filters import EventFilter, FlowRunFilter
from flowql.schema.rows import from_row
from flowql.schema.types.event import Event, EventEdge
from flowql.schema.types.flow_run import FlowRun
from flowql.schema.types.live import (
    EventsMessage,
    FlowRunUpdatesMessage,
    LiveMessage,
    LogsMessage,
    TaskRunUpdatesMessage,
)
from flowql.schema.types.log import Log
from flowql.schema.types.task_run import TaskRun

PAGE = 200
T = TypeVar("T")
_FLOW_RUN = "flowql.flow-run."
_TASK_RUN = "flowql.task-run."


def _start(
    info: strawberry.Info,
    after: str | None,
    cursor_type: type[EventCursor] = EventCursor,
    newest: Callable[[Any], Awaitable[EventCursor]] = head_cursor,
) -> Callable[[], Awaitable[EventCursor]]:
    """Where the subscription starts: the beginning (``after`` null), the cursor given,
    or, with ``HEAD``, ``newest(session)`` read once subscribed, so nothing slips by."""
    # A malformed cursor fails here, before any message.
    cursor = None if after in (None, HEAD) else cursor_type.decode(after)
    db = info.context.db

    async def start() -> EventCursor:
        if after != HEAD:
            return cursor or cursor_type.start()
        async with db.quick_session() as session:
            return await newest(session)

    return start


def _bus(info: strawberry.Info) -> Any:
    bus = info.context.bus
    if bus is None:
        raise FlowqlError("subscriptions need a running server (no event bus here)")
    return bus


_messages: Recent[tuple[Any, ...], tuple[Any, Any]] = Recent(256)


def _message(page: Any, build: Callable[[], T]) -> T:
    """The message for ``page``: one object for every subscriber that shared its read
    (the same items list), so that its execution is shared too
    (``schema.shared_execution``). A few hundred are remembered, each holding its
    items alive so their id cannot pass to another list."""
    key = (id(page.items), page.live, page.more_history, page.cursor)
    found = _messages.get(key)
    if found is None:
        message = build()
        _messages.add(key, (page.items, message))
        return message
    shared: T = found[1]
    return shared


def _sharing(info: strawberry.Info, subscription: str, arguments: Any) -> dict[str, Any]:
    """``follow``'s arguments to share reads with every subscriber of ``subscription``
    with equal ``arguments`` (filters are dataclasses: equal ones have equal reprs)."""
    return {"shared": info.context.reads, "key": f"{subscription}:{arguments!r}"}


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Events matching the filter: first those after `after` (all of them "
        'when null, none with "HEAD"), in pages, then each new one as it commits.'
    )
    async def events(
        self, info: strawberry.Info, filter: EventFilter | None = None, after: str | None = None
    ) -> AsyncGenerator[EventsMessage, None]:
        query, db = event_query(filter), info.context.db

        async def read(cursor: EventCursor) -> tuple[list[Any], EventCursor, bool]:
            async with db.quick_session() as session:
                rows, more = await read_events(session, query, after=cursor, limit=PAGE)
                views = await materialize(session, rows)
            return views, (EventCursor.of(rows[-1]) if rows else cursor), more

        pages = follow(_bus(info), EVENTS_CHANNEL, read, _start(info, after),
                       **_sharing(info, "events", query))  # fmt: skip
        async for page in pages:
            yield _message(page, functools.partial(_events_message, page))

    @strawberry.subscription(
        description="Flow runs matching the filter each time they are created or change "
        "state (and the ids of those deleted), after `after` as for `events`."
    )
    async def flow_run_updates(
        self, info: strawberry.Info, filter: FlowRunFilter | None = None, after: str | None = None
    ) -> AsyncGenerator[FlowRunUpdatesMessage, None]:
        db, clauses = info.context.db, filters.flow_run_clauses(filter)
        query = EventQuery(name_prefixes=(_FLOW_RUN,))

        async def read(cursor: EventCursor) -> tuple[list[Any], EventCursor, bool]:
            async with db.quick_session() as session:
                rows, more = await read_events(session, query, after=cursor, limit=PAGE)
                changed = _run_ids(rows, "flow-run")
                runs = await _rows_in_order(session, m.FlowRun, changed, *clauses)
            deleted = _run_ids([row for row in rows if row.event.endswith(".deleted")], "flow-run")
            return [(runs, deleted)], (EventCursor.of(rows[-1]) if rows else cursor), more

        pages = follow(_bus(info), FLOW_RUNS_CHANNEL, read, _start(info, after),
                       **_sharing(info, "flowRunUpdates", filter))  # fmt: skip
        async for page in pages:
            (runs, deleted), *_ = page.items
            if page.live and not runs and not deleted:
                continue  # only runs the filter leaves out changed
            yield _message(page, functools.partial(_flow_runs_message, page, runs, deleted))

    @strawberry.subscription(
        description="A flow run's task runs each time one is created or changes state, "
        "after `after` as for `events`."
    )
    async def task_run_updates(
        self, info: strawberry.Info, flow_run_id: uuid.UUID, after: str | None = None
    ) -> AsyncGenerator[TaskRunUpdatesMessage, None]:
        db = info.context.db
        query = EventQuery(name_prefixes=(_TASK_RUN,), flow_run_ids=(flow_run_id,))

        async def read(cursor: EventCursor) -> tuple[list[Any], EventCursor, bool]:
            async with db.quick_session() as session:
                rows, more = await read_events(session, query, after=cursor, limit=PAGE)
                ids = _run_ids(rows, "task-run")
                runs = await _rows_in_order(session, m.TaskRun, ids)
            return runs, (EventCursor.of(rows[-1]) if rows else cursor), more

        channel = task_runs_channel(flow_run_id)
        sharing = _sharing(info, "taskRunUpdates", flow_run_id)
        async for page in follow(_bus(info), channel, read, _start(info, after), **sharing):
            yield _message(page, functools.partial(_task_runs_message, page))

    @strawberry.subscription(
        description="A flow run's log records (its task runs' too) as they are stored: those "
        'after `after` first (all when null, none with "HEAD"), then each new batch.'
    )
    async def logs(
        self,
        info: strawberry.Info,
        flow_run_id: uuid.UUID,
        after: str | None = None,
        task_run_id: Annotated[
            uuid.UUID | None,
            strawberry.argument(description="Only this task run's records (of that flow run)."),
        ] = None,
    ) -> AsyncGenerator[LogsMessage, None]:
        db = info.context.db
        start = _start(info, after, LogCursor, lambda s: head_log_cursor(s, flow_run_id))

        async def read(cursor: EventCursor) -> tuple[list[Any], EventCursor, bool]:
            async with db.quick_session() as session:
                rows, more = await read_logs(
                    session, flow_run_id, after=cursor, limit=PAGE, task_run_id=task_run_id
                )
            return rows, (LogCursor.of(rows[-1]) if rows else cursor), more

        sharing = _sharing(info, "logs", (flow_run_id, task_run_id))
        async for page in follow(_bus(info), logs_channel(flow_run_id), read, start, **sharing):
            yield _message(page, functools.partial(_logs_message, page))


def _events_message(page: Any) -> EventsMessage:
    edges = [EventEdge(cursor=n.cursor, node=n) for n in map(Event.of, page.items)]
    return EventsMessage(edges=edges, **LiveMessage.position(page))


def _flow_runs_message(page: Any, runs: list[Any], deleted: list[Any]) -> FlowRunUpdatesMessage:
    return FlowRunUpdatesMessage(
        flow_runs=[from_row(FlowRun, run) for run in runs],
        deleted_ids=deleted,
        **LiveMessage.position(page),
    )


def _task_runs_message(page: Any) -> TaskRunUpdatesMessage:
    return TaskRunUpdatesMessage(
        task_runs=[from_row(TaskRun, run) for run in page.items], **LiveMessage.position(page)
    )


def _logs_message(page: Any) -> LogsMessage:
    return LogsMessage(
        logs=[from_row(Log, row) for row in page.items], **LiveMessage.position(page)
    )


def _run_ids(rows: list[m.Event], kind: str) -> list[uuid.UUID]:
    """The runs the events are about, in order, once each (events a client emitted
    under a run's name prefix about something else are skipped)."""
    ids = (id_in(row.resource_id, kind) for row in rows)
    return list(dict.fromkeys(run_id for run_id in ids if run_id is not None))


async def _rows_in_order(
    session: Any, model: Any, ids: list[uuid.UUID], *clauses: Any
) -> list[Any]:
    """The rows of ``ids`` that match ``clauses``, in the order of ``ids``."""
    if not ids:
        return []
    statement = sa.select(model).where(model.id.in_(ids), *clauses)
    found = {row.id: row for row in await session.scalars(statement)}
    return [found[row_id] for row_id in ids if row_id in found]
