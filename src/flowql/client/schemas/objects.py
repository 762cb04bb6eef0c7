"""Prefect's API objects (``prefect.client.schemas.objects``), read from flowql's API.

``FlowRun``, ``TaskRun``, ``Flow``, ``Log`` and ``State`` carry Prefect's
snake_case field names and are built from the GraphQL answers with
``from_api(node)``. Durations (``total_run_time``) are timedeltas, ids UUIDs,
times timezone-aware datetimes, as in Prefect. A run's ``state`` is
``flowql.sdk.states.State`` (so ``state.result()`` and friends behave as in
flows): one State class for the SDK and the client.

Fields Prefect has for features flowql lacks (``deployment_id``,
``work_queue_name``...) exist and are always None, so code that reads them
keeps working.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from flowql.client.schemas.artifacts import Artifact, ArtifactCollection
from flowql.client.schemas.base import ApiModel
from flowql.client.schemas.blocks import BlockDocument, BlockSchema, BlockType
from flowql.client.schemas.variables import Variable
from flowql.core.states import StateType
from flowql.sdk.states import State, StateDetails

__all__ = [
    "Artifact",
    "ArtifactCollection",
    "BlockDocument",
    "BlockSchema",
    "BlockType",
    "Flow",
    "FlowRun",
    "FlowRunPolicy",
    "Log",
    "OrchestrationDetails",
    "OrchestrationResult",
    "SetStateStatus",
    "State",
    "StateDetails",
    "StateType",
    "TaskRun",
    "TaskRunPolicy",
    "Variable",
    "state_from_api",
]


def state_from_api(data: Any) -> Any:
    """A run's state from its GraphQL object, as the SDK's ``State``; states pass through."""
    if data is None or not isinstance(data, Mapping):
        return data
    return State.from_api(dict(data))


# A run's current state, as the SDK's State (so state.result() works as in flows).
RunState = Annotated[Any, BeforeValidator(state_from_api)]


def _retry_delay(delays: list[float] | None) -> float | list[float] | None:
    if not delays:
        return None
    return delays[0] if len(delays) == 1 else list(delays)


class FlowRunPolicy(BaseModel):
    """A flow run's retry settings."""

    retries: int | None = None
    retry_delay: float | list[float] | None = None


class TaskRunPolicy(BaseModel):
    """A task run's retry settings."""

    retries: int | None = None
    retry_delay: float | list[float] | None = None


class _Run(ApiModel):
    """Fields flow runs and task runs share."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    name: str
    tags: list[str] = Field(default_factory=list)
    state_id: uuid.UUID | None = None
    state_type: StateType | None = None
    state_name: str | None = None
    run_count: int = 0
    expected_start_time: datetime | None = None
    next_scheduled_start_time: datetime | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    total_run_time: timedelta = timedelta(0)
    state: RunState = None

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        state = data.get("state")
        policy = {
            "retries": data.pop("retries", None),
            "retry_delay": _retry_delay(data.pop("retryDelaySeconds", None)),
        }
        return {
            **data,
            "state_id": state.get("id") if isinstance(state, Mapping) else None,
            "empirical_policy": policy,
        }


class FlowRun(_Run):
    """One execution of a flow."""

    flow_id: uuid.UUID
    parameters: dict[str, Any] = Field(default_factory=dict)
    idempotency_key: str | None = None
    estimated_run_time: timedelta = timedelta(0)
    parent_task_run_id: uuid.UUID | None = None
    parent_flow_run_id: uuid.UUID | None = None
    empirical_policy: FlowRunPolicy = Field(default_factory=FlowRunPolicy)
    context: dict[str, Any] = Field(default_factory=dict)
    # Prefect features flowql does not have: always None.
    deployment_id: uuid.UUID | None = None
    deployment_version: str | None = None
    flow_version: str | None = None
    work_queue_name: str | None = None
    work_pool_name: str | None = None
    infrastructure_pid: str | None = None


class TaskRun(_Run):
    """One execution of a task."""

    flow_run_id: uuid.UUID | None = None
    task_key: str
    dynamic_key: str
    cache_key: str | None = None
    cache_expiration: datetime | None = None
    task_version: str | None = None
    empirical_policy: TaskRunPolicy = Field(default_factory=TaskRunPolicy)
    task_inputs: dict[str, list[Any]] = Field(default_factory=dict)
    flow_run_run_count: int = 0


class Flow(ApiModel):
    """A workflow, known by its name."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    name: str
    description: str | None = None
    tags: list[str] = Field(default_factory=list)


class Log(ApiModel):
    """A log record of a flow run or task run."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    name: str
    level: int
    message: str
    timestamp: datetime
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None


class SetStateStatus(enum.StrEnum):
    """The orchestration decision on a proposed state."""

    ACCEPT = "ACCEPT"
    REJECT = "REJECT"
    ABORT = "ABORT"
    WAIT = "WAIT"


class OrchestrationDetails(BaseModel):
    """Why the decision was taken (``reason``) and, for WAIT, how long to wait."""

    type: Literal["accept_details", "reject_details", "abort_details", "wait_details"]
    reason: str | None = None
    delay_seconds: float | None = None


_DETAILS_TYPES: dict[SetStateStatus, Any] = {
    SetStateStatus.ACCEPT: "accept_details",
    SetStateStatus.REJECT: "reject_details",
    SetStateStatus.ABORT: "abort_details",
    SetStateStatus.WAIT: "wait_details",
}


class OrchestrationResult(BaseModel):
    """What ``set_flow_run_state`` returns: the decision and the state now current."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    state: RunState = None
    status: SetStateStatus
    details: OrchestrationDetails

    @classmethod
    def from_api(cls, payload: Mapping[str, Any]) -> OrchestrationResult:
        """Build from a ``setFlowRunState`` payload (status, state, reason, delaySeconds)."""
        status = SetStateStatus(payload["status"])
        details = OrchestrationDetails(
            type=_DETAILS_TYPES[status],
            reason=payload.get("reason"),
            delay_seconds=payload.get("delaySeconds"),
        )
        return cls(state=payload.get("state"), status=status, details=details)
