"""Prefect's API objects (``prefect.client.schemas.objects``), read from flowql's API.

``FlowRun``, ``TaskRun``, ``Flow``, ``Log`` and ``State`` carry Prefect's
snake_case field names and are built from the GraphQL answers with
``from_api(node)``. Durations (``total_run_time``) are timedeltas, ids UUIDs,
times timezone-aware datetimes, as in Prefect. A run's ``state`` is
``flowql.sdk.states.State`` when the SDK provides it (so ``state.result()``
and friends behave as in flows), otherwise this module's ``State``.

Fields Prefect has for features flowql lacks (``deployment_id``,
``work_queue_name``...) exist and are always None, so code that reads them
keeps working.
"""

from __future__ import annotations

import enum
import importlib
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from flowql.core.states import StateType

__all__ = [
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
    "state_from_api",
]


class _ApiModel(BaseModel):
    """Fields are snake_case; the GraphQL answer (camelCase) validates into them."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, arbitrary_types_allowed=True
    )

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Build from a GraphQL object (camelCase keys, JSON values)."""
        return cls.model_validate(cls._prepare(dict(data)))

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return data


class StateDetails(BaseModel):
    """Facts about a state: ``scheduled_time`` and the state's free-form details.

    Details are whatever their writer stored (JSON), so they are kept as they
    are: every key is an attribute, Prefect's usual ones default to None.
    """

    model_config = ConfigDict(extra="allow")

    scheduled_time: datetime | None = None
    flow_run_id: Any = None
    task_run_id: Any = None
    cache_key: Any = None
    cache_expiration: Any = None
    pause_timeout: Any = None
    transition_id: Any = None


class State(_ApiModel):
    """A run state as the API reports it (``type``, ``name``, ``message``...)."""

    id: uuid.UUID | None = None
    type: StateType
    name: str | None = None
    timestamp: datetime | None = None
    message: str | None = None
    state_details: StateDetails = Field(default_factory=StateDetails)
    data: Any = None

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        details = dict(data.pop("details", None) or {})
        scheduled_time = data.pop("scheduledTime", None)
        if scheduled_time is not None:
            details.setdefault("scheduled_time", scheduled_time)
        return {**data, "state_details": details}

    def is_scheduled(self) -> bool:
        """Whether this is a SCHEDULED state (``Late`` and ``AwaitingRetry`` too)."""
        return self.type is StateType.SCHEDULED

    def is_pending(self) -> bool:
        """Whether this is a PENDING state."""
        return self.type is StateType.PENDING

    def is_running(self) -> bool:
        """Whether this is a RUNNING state."""
        return self.type is StateType.RUNNING

    def is_completed(self) -> bool:
        """Whether this is a COMPLETED state (``Cached`` too)."""
        return self.type is StateType.COMPLETED

    def is_failed(self) -> bool:
        """Whether this is a FAILED state."""
        return self.type is StateType.FAILED

    def is_crashed(self) -> bool:
        """Whether this is a CRASHED state."""
        return self.type is StateType.CRASHED

    def is_cancelled(self) -> bool:
        """Whether this is a CANCELLED state."""
        return self.type is StateType.CANCELLED

    def is_cancelling(self) -> bool:
        """Whether this is a CANCELLING state."""
        return self.type is StateType.CANCELLING

    def is_paused(self) -> bool:
        """Whether this is a PAUSED state."""
        return self.type is StateType.PAUSED

    def is_final(self) -> bool:
        """Whether the run is over (COMPLETED, FAILED, CANCELLED or CRASHED)."""
        return self.type.is_terminal


def state_from_api(data: Any) -> Any:
    """A state from its GraphQL object: the SDK's ``State`` if there is one, else ``State``.

    Objects that are already states pass through unchanged.
    """
    if data is None or not isinstance(data, Mapping):
        return data
    try:
        states = importlib.import_module("flowql.sdk.states")
    except ModuleNotFoundError as error:
        if error.name != "flowql.sdk.states":
            raise
        return State.from_api(data)
    from_api = getattr(getattr(states, "State", None), "from_api", None)
    return from_api(dict(data)) if callable(from_api) else State.from_api(data)


# A run's current state: flowql.sdk.states.State when available (see above).
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


class _Run(_ApiModel):
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


class Flow(_ApiModel):
    """A workflow, known by its name."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    name: str
    description: str | None = None
    tags: list[str] = Field(default_factory=list)


class Log(_ApiModel):
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
