"""FlowRun: one execution of a flow."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from flowql.core import sorting
from flowql.core.artifacts import ArtifactSort
from flowql.core.states import StateType as CoreStateType
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.queries import filters, sorts
from flowql.schema.connection import Connection, child_connection
from flowql.schema.enums import FlowRunSort, LogSort, StateSort, StateType, TaskRunSort
from flowql.schema.filters import ArtifactFilter, FlowRunFilter, LogFilter, TaskRunFilter
from flowql.schema.rows import from_row
from flowql.schema.types import run_fields
from flowql.schema.types.artifact import Artifact, run_artifacts
from flowql.schema.types.flow import Flow
from flowql.schema.types.log import Log
from flowql.schema.types.state import State, state_or_none

if TYPE_CHECKING:
    from flowql.schema.types.task_run import TaskRun

TaskRunType = Annotated["TaskRun", strawberry.lazy("flowql.schema.types.task_run")]


@strawberry.type(description="One execution of a flow.")
class FlowRun:
    id: uuid.UUID
    created: datetime
    updated: datetime
    name: str
    flow_id: uuid.UUID
    parameters: JSON
    tags: list[str]
    idempotency_key: str | None
    run_count: int = strawberry.field(description="Attempts so far (retries included).")
    expected_start_time: datetime | None
    start_time: datetime | None
    end_time: datetime | None
    total_run_time: float = strawberry.field(description="Seconds spent RUNNING so far.")
    state_type: StateType | None
    state_name: str | None
    parent_task_run_id: uuid.UUID | None = strawberry.field(
        description="For a subflow run: the task run that stands for it in its parent."
    )
    parent_flow_run_id: uuid.UUID | None
    state_id: strawberry.Private[uuid.UUID | None]
    state_timestamp: strawberry.Private[datetime | None]
    empirical_policy: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def retries(self) -> int:
        return int(self.empirical_policy.get("retries", 0))

    @strawberry.field
    def retry_delay_seconds(self) -> list[float]:
        return run_fields.retry_delays(self.empirical_policy)

    @strawberry.field(description="totalRunTime plus the time in the current RUNNING state.")
    def estimated_run_time(self) -> float:
        if self.state_type == CoreStateType.RUNNING and self.state_timestamp is not None:
            running = (utcnow() - self.state_timestamp).total_seconds()
            return self.total_run_time + max(running, 0.0)
        return self.total_run_time

    @strawberry.field
    async def flow(self, info: strawberry.Info) -> Flow:
        return from_row(Flow, await info.context.loaders.flow_by_id.load(self.flow_id))

    @strawberry.field(description="The current state.")
    async def state(self, info: strawberry.Info) -> State | None:
        if self.state_id is None:
            return None
        return state_or_none(await info.context.loaders.flow_run_state_by_id.load(self.state_id))

    @strawberry.field(description="Every state this run has been in.")
    def state_history(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        order_by: StateSort = sorting.StateSort.TIMESTAMP_ASC,
    ) -> Connection[State]:
        loaders = info.context.loaders
        return run_fields.state_history(
            loaders.flow_run_state_pages_by_flow_run_id,
            loaders.flow_run_state_counts_by_flow_run_id,
            self.id,
            m.FlowRunState,
            first=first,
            after=after,
            order_by=order_by,
        )

    @strawberry.field
    def task_runs(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: TaskRunFilter | None = None,
        order_by: TaskRunSort = sorting.TaskRunSort.EXPECTED_START_TIME_ASC,
    ) -> Connection[TaskRunType]:
        from flowql.schema.types.task_run import TaskRun

        loaders = info.context.loaders
        return child_connection(
            loaders.task_run_pages_by_flow_run_id,
            loaders.task_run_counts_by_flow_run_id,
            self.id,
            where=filters.task_run_clauses(filter),
            filter_input=filter,
            sort_key=sorts.task_run_sort(order_by),
            first=first,
            after=after,
            to_node=lambda row: from_row(TaskRun, row),
        )

    @strawberry.field(description="Flow runs started from inside this one.")
    def subflow_runs(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: FlowRunFilter | None = None,
        order_by: FlowRunSort = sorting.FlowRunSort.EXPECTED_START_TIME_ASC,
    ) -> Connection[FlowRun]:
        loaders = info.context.loaders
        return child_connection(
            loaders.subflow_run_pages_by_parent_flow_run_id,
            loaders.subflow_run_counts_by_parent_flow_run_id,
            self.id,
            where=filters.flow_run_clauses(filter),
            filter_input=filter,
            sort_key=sorts.flow_run_sort(order_by),
            first=first,
            after=after,
            to_node=lambda row: from_row(FlowRun, row),
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
        loaders = info.context.loaders
        return run_fields.logs(
            loaders.log_pages_by_flow_run_id,
            loaders.log_counts_by_flow_run_id,
            self.id,
            filter=filter,
            first=first,
            after=after,
            order_by=order_by,
        )

    @strawberry.field(description="Artifacts this run published, newest first by default.")
    def artifacts(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: ArtifactFilter | None = None,
        order_by: ArtifactSort = ArtifactSort.CREATED_DESC,
    ) -> Connection[Artifact]:
        loaders = info.context.loaders
        return run_artifacts(
            loaders.artifact_pages_by_flow_run_id,
            loaders.artifact_counts_by_flow_run_id,
            self.id,
            filter=filter,
            first=first,
            after=after,
            order_by=order_by,
        )

    @strawberry.field
    async def parent_task_run(self, info: strawberry.Info) -> TaskRunType | None:
        from flowql.schema.types.task_run import TaskRun

        if self.parent_task_run_id is None:
            return None
        row = await info.context.loaders.task_run_by_id.load(self.parent_task_run_id)
        return None if row is None else from_row(TaskRun, row)

    @strawberry.field
    async def parent_flow_run(self, info: strawberry.Info) -> FlowRun | None:
        if self.parent_flow_run_id is None:
            return None
        row = await info.context.loaders.flow_run_by_id.load(self.parent_flow_run_id)
        return None if row is None else from_row(FlowRun, row)
