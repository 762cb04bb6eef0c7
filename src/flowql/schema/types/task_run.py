"""TaskRun: one execution of a task inside a flow run."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from flowql.core import sorting
from flowql.core.artifacts import ArtifactSort
from flowql.db import models as m
from flowql.schema.connection import Connection
from flowql.schema.enums import LogSort, StateSort, StateType
from flowql.schema.filters import ArtifactFilter, LogFilter
from flowql.schema.rows import from_row
from flowql.schema.types import run_fields
from flowql.schema.types.artifact import Artifact, run_artifacts
from flowql.schema.types.flow_run import FlowRun
from flowql.schema.types.log import Log
from flowql.schema.types.state import State, state_or_none


@strawberry.type(description="One execution of a task.")
class TaskRun:
    id: uuid.UUID
    created: datetime
    updated: datetime
    name: str
    flow_run_id: uuid.UUID | None
    task_key: str = strawberry.field(description="Identifies the task within its flow.")
    dynamic_key: str = strawberry.field(
        description="Identifies this call of the task within its flow run (deterministic)."
    )
    tags: list[str]
    run_count: int
    flow_run_run_count: int = strawberry.field(
        description="The flow run's run count when this task run was created."
    )
    cache_key: str | None
    cache_expiration: datetime | None
    task_inputs: JSON = strawberry.field(
        description="Upstream dependencies: for each parameter, the runs its value came from."
    )
    expected_start_time: datetime | None
    start_time: datetime | None
    end_time: datetime | None
    total_run_time: float
    state_type: StateType | None
    state_name: str | None
    state_id: strawberry.Private[uuid.UUID | None]
    empirical_policy: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def retries(self) -> int:
        return int(self.empirical_policy.get("retries", 0))

    @strawberry.field
    def retry_delay_seconds(self) -> list[float]:
        return run_fields.retry_delays(self.empirical_policy)

    @strawberry.field
    async def flow_run(self, info: strawberry.Info) -> FlowRun | None:
        if self.flow_run_id is None:
            return None
        row = await info.context.loaders.flow_run_by_id.load(self.flow_run_id)
        return None if row is None else from_row(FlowRun, row)

    @strawberry.field(description="The current state.")
    async def state(self, info: strawberry.Info) -> State | None:
        if self.state_id is None:
            return None
        return state_or_none(await info.context.loaders.task_run_state_by_id.load(self.state_id))

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
            loaders.task_run_state_pages_by_task_run_id,
            loaders.task_run_state_counts_by_task_run_id,
            self.id,
            m.TaskRunState,
            first=first,
            after=after,
            order_by=order_by,
        )

    @strawberry.field(description="For a subflow call: the child flow run.")
    async def subflow_run(self, info: strawberry.Info) -> FlowRun | None:
        row = await info.context.loaders.subflow_run_by_parent_task_run_id.load(self.id)
        return None if row is None else from_row(FlowRun, row)

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
            loaders.log_pages_by_task_run_id,
            loaders.log_counts_by_task_run_id,
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
            loaders.artifact_pages_by_task_run_id,
            loaders.artifact_counts_by_task_run_id,
            self.id,
            filter=filter,
            first=first,
            after=after,
            order_by=order_by,
        )
