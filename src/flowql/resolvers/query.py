"""The root Query: lookups by id and filtered, paginated lists."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
import strawberry

from flowql.core import sorting
from flowql.db import models as m
from flowql.db.queries import filters, sorts
from flowql.resolvers.events import event_count_buckets, event_page
from flowql.schema.connection import Connection, root_connection
from flowql.schema.enums import CountBy, FlowRunSort, FlowSort, LogSort, TaskRunSort
from flowql.schema.filters import EventFilter, FlowFilter, FlowRunFilter, LogFilter, TaskRunFilter
from flowql.schema.rows import from_row
from flowql.schema.types.event import EventConnection, EventCountBucket
from flowql.schema.types.flow import Flow
from flowql.schema.types.flow_run import FlowRun
from flowql.schema.types.log import Log
from flowql.schema.types.task_run import TaskRun


@strawberry.type
class Query:
    @strawberry.field
    async def flow(self, info: strawberry.Info, id: uuid.UUID) -> Flow | None:
        row = await info.context.loaders.flow_by_id.load(id)
        return None if row is None else from_row(Flow, row)

    @strawberry.field
    async def flow_by_name(self, info: strawberry.Info, name: str) -> Flow | None:
        async with info.context.db.session() as session:
            row = await session.scalar(sa.select(m.Flow).where(m.Flow.name == name))
        return None if row is None else from_row(Flow, row)

    @strawberry.field
    def flows(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: FlowFilter | None = None,
        order_by: FlowSort = sorting.FlowSort.NAME_ASC,
    ) -> Connection[Flow]:
        return root_connection(
            info.context.db,
            m.Flow,
            where=filters.flow_clauses(filter),
            sort_key=sorts.flow_sort(order_by),
            first=first,
            after=after,
            to_node=lambda row: from_row(Flow, row),
        )

    @strawberry.field
    async def flow_run(self, info: strawberry.Info, id: uuid.UUID) -> FlowRun | None:
        row = await info.context.loaders.flow_run_by_id.load(id)
        return None if row is None else from_row(FlowRun, row)

    @strawberry.field
    def flow_runs(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: FlowRunFilter | None = None,
        order_by: FlowRunSort = sorting.FlowRunSort.EXPECTED_START_TIME_DESC,
    ) -> Connection[FlowRun]:
        return root_connection(
            info.context.db,
            m.FlowRun,
            where=filters.flow_run_clauses(filter),
            sort_key=sorts.flow_run_sort(order_by),
            first=first,
            after=after,
            to_node=lambda row: from_row(FlowRun, row),
        )

    @strawberry.field
    async def task_run(self, info: strawberry.Info, id: uuid.UUID) -> TaskRun | None:
        row = await info.context.loaders.task_run_by_id.load(id)
        return None if row is None else from_row(TaskRun, row)

    @strawberry.field
    def task_runs(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: TaskRunFilter | None = None,
        order_by: TaskRunSort = sorting.TaskRunSort.EXPECTED_START_TIME_DESC,
    ) -> Connection[TaskRun]:
        return root_connection(
            info.context.db,
            m.TaskRun,
            where=filters.task_run_clauses(filter),
            sort_key=sorts.task_run_sort(order_by),
            first=first,
            after=after,
            to_node=lambda row: from_row(TaskRun, row),
        )

    @strawberry.field
    def logs(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: LogFilter | None = None,
        order_by: LogSort = sorting.LogSort.TIMESTAMP_ASC,
    ) -> Connection[Log]:
        return root_connection(
            info.context.db,
            m.Log,
            where=filters.log_clauses(filter),
            sort_key=sorts.log_sort(order_by),
            first=first,
            after=after,
            to_node=lambda row: from_row(Log, row),
        )

    @strawberry.field(
        description="Events in commit order (`newestFirst`: the other way), by cursor: a client "
        "that continues from its last cursor sees every event once."
    )
    async def events(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: EventFilter | None = None,
        newest_first: bool = False,
    ) -> EventConnection:
        return await event_page(info.context.db, filter, first, after, newest_first)

    @strawberry.field(
        description="How many events matching the filter occurred in each `intervalSeconds` "
        "bucket from `since` to `until` (empty buckets included), per event name or per "
        "state type: the dashboard's run history."
    )
    async def event_counts(
        self,
        info: strawberry.Info,
        since: datetime,
        until: datetime,
        interval_seconds: float,
        filter: EventFilter | None = None,
        count_by: CountBy = CountBy.EVENT,
    ) -> list[EventCountBucket]:
        return await event_count_buckets(
            info.context.db, filter, since, until, interval_seconds, count_by
        )
