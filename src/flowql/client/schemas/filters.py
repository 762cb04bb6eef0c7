"""Prefect's filter objects (``prefect.client.schemas.filters``), for flowql's API.

The classes and fields carry Prefect's names (``FlowRunFilter(state=
FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.FAILED])))``);
``to_graphql()`` turns one into the input of flowql's GraphQL list queries
(``any_`` becomes ``any``, ``not_any_`` ``notAny``, ``is_null_`` ``isNull``,
``start_time`` ``startTime`` ...).

A Prefect filter that flowql cannot express (``deployment_id``,
``work_queue_name``, ``operator=or_`` ...) raises ``NotImplementedError``
naming it when it is set: it is never dropped, which would return more rows
than asked for. Unknown keyword arguments are rejected when the filter is
built. Naive datetimes are taken as UTC, as Prefect does.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from flowql.client.schemas.artifacts import (
    ArtifactCollectionFilter,
    ArtifactCollectionFilterFlowRunId,
    ArtifactCollectionFilterKey,
    ArtifactCollectionFilterLatestId,
    ArtifactCollectionFilterTaskRunId,
    ArtifactCollectionFilterType,
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterId,
    ArtifactFilterKey,
    ArtifactFilterTaskRunId,
    ArtifactFilterType,
)
from flowql.client.schemas.base import Operator, OperatorFilter, PrefectFilter, graphql_value
from flowql.core.states import StateType

__all__ = [
    "ArtifactCollectionFilter",
    "ArtifactCollectionFilterFlowRunId",
    "ArtifactCollectionFilterKey",
    "ArtifactCollectionFilterLatestId",
    "ArtifactCollectionFilterTaskRunId",
    "ArtifactCollectionFilterType",
    "ArtifactFilter",
    "ArtifactFilterFlowRunId",
    "ArtifactFilterId",
    "ArtifactFilterKey",
    "ArtifactFilterTaskRunId",
    "ArtifactFilterType",
    "FlowFilter",
    "FlowFilterDeployment",
    "FlowFilterId",
    "FlowFilterName",
    "FlowFilterTags",
    "FlowRunFilter",
    "FlowRunFilterDeploymentId",
    "FlowRunFilterEndTime",
    "FlowRunFilterExpectedStartTime",
    "FlowRunFilterFlowVersion",
    "FlowRunFilterId",
    "FlowRunFilterIdempotencyKey",
    "FlowRunFilterName",
    "FlowRunFilterNextScheduledStartTime",
    "FlowRunFilterParentFlowRunId",
    "FlowRunFilterParentTaskRunId",
    "FlowRunFilterStartTime",
    "FlowRunFilterState",
    "FlowRunFilterStateName",
    "FlowRunFilterStateType",
    "FlowRunFilterTags",
    "FlowRunFilterWorkQueueName",
    "LogFilter",
    "LogFilterFlowRunId",
    "LogFilterLevel",
    "LogFilterName",
    "LogFilterTaskRunId",
    "LogFilterTimestamp",
    "Operator",
    "TaskRunFilter",
    "TaskRunFilterExpectedStartTime",
    "TaskRunFilterFlowRunId",
    "TaskRunFilterId",
    "TaskRunFilterName",
    "TaskRunFilterStartTime",
    "TaskRunFilterState",
    "TaskRunFilterStateName",
    "TaskRunFilterStateType",
    "TaskRunFilterSubFlowRuns",
    "TaskRunFilterTags",
    "flow_run_input",
    "graphql_input",
]


class FlowFilterId(PrefectFilter):
    """Filter by ``Flow.id``."""

    any_: list[uuid.UUID] | None = None


class FlowFilterDeployment(OperatorFilter):
    """Filter flows by whether they have deployments (not supported: no deployments)."""

    is_null_: bool | None = None
    _unsupported = frozenset({"is_null_"})


class FlowFilterName(PrefectFilter):
    """Filter by ``Flow.name``: ``like_`` is a case-insensitive partial match."""

    any_: list[str] | None = None
    like_: str | None = None


class FlowFilterTags(OperatorFilter):
    """Filter by ``Flow.tags``: ``all_`` of these, or none at all (``is_null_``)."""

    all_: list[str] | None = None
    is_null_: bool | None = None


class FlowFilter(OperatorFilter):
    """Flows matching every criterion set."""

    id: FlowFilterId | None = None
    deployment: FlowFilterDeployment | None = None
    name: FlowFilterName | None = None
    tags: FlowFilterTags | None = None
    _unsupported = frozenset({"deployment"})


class FlowRunFilterId(PrefectFilter):
    """Filter by ``FlowRun.id``."""

    any_: list[uuid.UUID] | None = None
    not_any_: list[uuid.UUID] | None = None


class FlowRunFilterName(PrefectFilter):
    """Filter by ``FlowRun.name``: ``like_`` is a case-insensitive partial match."""

    any_: list[str] | None = None
    like_: str | None = None


class FlowRunFilterTags(OperatorFilter):
    """Filter by ``FlowRun.tags``."""

    all_: list[str] | None = None
    any_: list[str] | None = None
    is_null_: bool | None = None


class FlowRunFilterDeploymentId(OperatorFilter):
    """Filter by ``FlowRun.deployment_id`` (not supported: flowql has no deployments)."""

    any_: list[uuid.UUID] | None = None
    is_null_: bool | None = None


class FlowRunFilterWorkQueueName(OperatorFilter):
    """Filter by ``FlowRun.work_queue_name`` (not supported: flowql has no work queues)."""

    any_: list[str] | None = None
    is_null_: bool | None = None


class FlowRunFilterStateType(PrefectFilter):
    """Filter by the type of a flow run's current state."""

    any_: list[StateType] | None = None
    not_any_: list[StateType] | None = None


class FlowRunFilterStateName(PrefectFilter):
    """Filter by the name of a flow run's current state (``Late``, ``Cached``...)."""

    any_: list[str] | None = None
    not_any_: list[str] | None = None


class FlowRunFilterState(OperatorFilter):
    """Filter by a flow run's current state."""

    type: FlowRunFilterStateType | None = None
    name: FlowRunFilterStateName | None = None


class FlowRunFilterFlowVersion(PrefectFilter):
    """Filter by ``FlowRun.flow_version`` (not supported)."""

    any_: list[str] | None = None


class FlowRunFilterStartTime(PrefectFilter):
    """Filter by ``FlowRun.start_time`` (bounds inclusive)."""

    before_: datetime | None = None
    after_: datetime | None = None
    is_null_: bool | None = None


class FlowRunFilterEndTime(PrefectFilter):
    """Filter by ``FlowRun.end_time`` (bounds inclusive)."""

    before_: datetime | None = None
    after_: datetime | None = None
    is_null_: bool | None = None


class FlowRunFilterExpectedStartTime(PrefectFilter):
    """Filter by ``FlowRun.expected_start_time`` (bounds inclusive)."""

    before_: datetime | None = None
    after_: datetime | None = None


class FlowRunFilterNextScheduledStartTime(PrefectFilter):
    """Filter by ``FlowRun.next_scheduled_start_time`` (not supported)."""

    before_: datetime | None = None
    after_: datetime | None = None


class FlowRunFilterParentFlowRunId(OperatorFilter):
    """Subflow runs of these flow runs."""

    any_: list[uuid.UUID] | None = None


class FlowRunFilterParentTaskRunId(OperatorFilter):
    """Filter by ``FlowRun.parent_task_run_id`` (``is_null_``: top-level runs)."""

    any_: list[uuid.UUID] | None = None
    is_null_: bool | None = None


class FlowRunFilterIdempotencyKey(PrefectFilter):
    """Filter by ``FlowRun.idempotency_key``."""

    any_: list[str] | None = None
    not_any_: list[str] | None = None


class FlowRunFilter(OperatorFilter):
    """Flow runs matching every criterion set."""

    id: FlowRunFilterId | None = None
    name: FlowRunFilterName | None = None
    tags: FlowRunFilterTags | None = None
    deployment_id: FlowRunFilterDeploymentId | None = None
    work_queue_name: FlowRunFilterWorkQueueName | None = None
    state: FlowRunFilterState | None = None
    flow_version: FlowRunFilterFlowVersion | None = None
    start_time: FlowRunFilterStartTime | None = None
    end_time: FlowRunFilterEndTime | None = None
    expected_start_time: FlowRunFilterExpectedStartTime | None = None
    next_scheduled_start_time: FlowRunFilterNextScheduledStartTime | None = None
    parent_flow_run_id: FlowRunFilterParentFlowRunId | None = None
    parent_task_run_id: FlowRunFilterParentTaskRunId | None = None
    idempotency_key: FlowRunFilterIdempotencyKey | None = None
    _unsupported = frozenset(
        {"deployment_id", "work_queue_name", "flow_version", "next_scheduled_start_time"}
    )


class TaskRunFilterFlowRunId(OperatorFilter):
    """Filter by ``TaskRun.flow_run_id``.

    As in Prefect, ``is_null_`` defaults to False: without ``any_`` this keeps
    the task runs that belong to a flow run; ``is_null_=True`` keeps the others.
    """

    any_: list[uuid.UUID] | None = None
    is_null_: bool | None = False

    def to_graphql(self) -> dict[str, Any]:
        """The GraphQL id filter, with Prefect's precedence of ``is_null_``."""
        if self.is_null_ is True:
            return {"isNull": True}
        if self.is_null_ is False and self.any_ is None:
            return {"isNull": False}
        return {} if self.any_ is None else {"any": graphql_value(self.any_)}


class TaskRunFilterId(PrefectFilter):
    """Filter by ``TaskRun.id``."""

    any_: list[uuid.UUID] | None = None


class TaskRunFilterName(PrefectFilter):
    """Filter by ``TaskRun.name``: ``like_`` is a case-insensitive partial match."""

    any_: list[str] | None = None
    like_: str | None = None


class TaskRunFilterTags(OperatorFilter):
    """Filter by ``TaskRun.tags``."""

    all_: list[str] | None = None
    is_null_: bool | None = None


class TaskRunFilterStateType(PrefectFilter):
    """Filter by the type of a task run's current state."""

    any_: list[StateType] | None = None


class TaskRunFilterStateName(PrefectFilter):
    """Filter by the name of a task run's current state."""

    any_: list[str] | None = None


class TaskRunFilterState(OperatorFilter):
    """Filter by a task run's current state."""

    type: TaskRunFilterStateType | None = None
    name: TaskRunFilterStateName | None = None


class TaskRunFilterSubFlowRuns(PrefectFilter):
    """Task runs that stand for a subflow run (not supported)."""

    exists_: bool | None = None


class TaskRunFilterStartTime(PrefectFilter):
    """Filter by ``TaskRun.start_time`` (bounds inclusive)."""

    before_: datetime | None = None
    after_: datetime | None = None
    is_null_: bool | None = None


class TaskRunFilterExpectedStartTime(PrefectFilter):
    """Filter by ``TaskRun.expected_start_time`` (bounds inclusive)."""

    before_: datetime | None = None
    after_: datetime | None = None


class TaskRunFilter(OperatorFilter):
    """Task runs matching every criterion set."""

    id: TaskRunFilterId | None = None
    name: TaskRunFilterName | None = None
    tags: TaskRunFilterTags | None = None
    state: TaskRunFilterState | None = None
    start_time: TaskRunFilterStartTime | None = None
    expected_start_time: TaskRunFilterExpectedStartTime | None = None
    subflow_runs: TaskRunFilterSubFlowRuns | None = None
    flow_run_id: TaskRunFilterFlowRunId | None = None
    _unsupported = frozenset({"subflow_runs"})


class LogFilterName(PrefectFilter):
    """Filter by ``Log.name`` (the logger's name)."""

    any_: list[str] | None = None


class LogFilterLevel(PrefectFilter):
    """Filter by ``Log.level`` (standard logging numbers; bounds inclusive)."""

    ge_: int | None = None
    le_: int | None = None


class LogFilterTimestamp(PrefectFilter):
    """Filter by ``Log.timestamp`` (bounds inclusive)."""

    before_: datetime | None = None
    after_: datetime | None = None


class LogFilterFlowRunId(PrefectFilter):
    """Filter by ``Log.flow_run_id``."""

    any_: list[uuid.UUID] | None = None


class LogFilterTaskRunId(PrefectFilter):
    """Filter by ``Log.task_run_id``."""

    any_: list[uuid.UUID] | None = None


class LogFilter(OperatorFilter):
    """Log records matching every criterion set."""

    level: LogFilterLevel | None = None
    timestamp: LogFilterTimestamp | None = None
    flow_run_id: LogFilterFlowRunId | None = None
    task_run_id: LogFilterTaskRunId | None = None


def graphql_input(value: Any, kind: type[PrefectFilter], argument: str) -> dict[str, Any]:
    """``value.to_graphql()`` once ``value`` is checked to be a ``kind`` ({} for None)."""
    if value is None:
        return {}
    if not isinstance(value, kind):
        raise TypeError(
            f"{argument} must be a flowql.client.schemas.filters.{kind.__name__}, "
            f"not {type(value).__module__}.{type(value).__name__}"
        )
    return value.to_graphql()


def flow_run_input(flow_filter: Any, flow_run_filter: Any) -> dict[str, Any]:
    """One flow run input from Prefect's pair: runs matching both, of flows matching the first."""
    result = graphql_input(flow_run_filter, FlowRunFilter, "flow_run_filter")
    flow = graphql_input(flow_filter, FlowFilter, "flow_filter")
    return {**result, "flow": flow} if flow else result
