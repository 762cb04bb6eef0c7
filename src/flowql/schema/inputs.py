"""Mutation inputs: each mutation takes exactly one of these as ``input``."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from flowql.schema.enums import StateType


@strawberry.input(description="A state to propose for a run.")
class StateInput:
    type: StateType
    name: str | None = strawberry.field(default=None, description="Default: the type's name.")
    message: str | None = None
    timestamp: datetime | None = strawberry.field(default=None, description="Default: now.")
    scheduled_time: datetime | None = None
    details: JSON | None = None
    data: JSON | None = strawberry.field(default=None, description="A result reference.")


@strawberry.input
class CreateFlowInput:
    name: str
    description: str | None = None
    tags: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="Fields left out stay as they are.")
class UpdateFlowInput:
    id: uuid.UUID
    description: str | None = None
    tags: list[str] | None = None


@strawberry.input
class DeleteInput:
    id: uuid.UUID


@strawberry.input
class CreateFlowRunInput:
    flow_id: uuid.UUID
    name: str | None = strawberry.field(default=None, description="Default: generated.")
    # Nullable with default null: a JSON object default ({}) breaks introspection (graphql-core
    # cannot print it), so GraphiQL and codegen would fail; null means {}.
    parameters: JSON | None = strawberry.field(default=None, description="Default: {}.")
    tags: list[str] = strawberry.field(default_factory=list)
    idempotency_key: str | None = strawberry.field(
        default=None, description="A second create with the same key returns the first run."
    )
    parent_task_run_id: uuid.UUID | None = None
    state: StateInput | None = strawberry.field(default=None, description="Default: PENDING.")
    retries: int = 0
    retry_delay_seconds: list[float] = strawberry.field(default_factory=list)


@strawberry.input
class CreateTaskRunInput:
    flow_run_id: uuid.UUID | None
    task_key: str
    dynamic_key: str
    name: str | None = None
    tags: list[str] = strawberry.field(default_factory=list)
    cache_key: str | None = None
    cache_expiration: datetime | None = None
    task_inputs: JSON | None = strawberry.field(default=None, description="Default: {}.")
    state: StateInput | None = strawberry.field(default=None, description="Default: PENDING.")
    retries: int = 0
    retry_delay_seconds: list[float] = strawberry.field(default_factory=list)
    retry_jitter_factor: float | None = None


@strawberry.input
class SetFlowRunStateInput:
    flow_run_id: uuid.UUID
    state: StateInput
    force: bool = strawberry.field(default=False, description="Skip the orchestration rules.")
    transition_id: str | None = strawberry.field(
        default=None,
        description="Chosen by the client; a retried call with the same id returns the "
        "state the first call wrote instead of proposing again.",
    )


@strawberry.input
class SetTaskRunStateInput:
    task_run_id: uuid.UUID
    state: StateInput
    force: bool = False
    transition_id: str | None = None


@strawberry.input
class LogInput:
    name: str
    level: int
    message: str
    timestamp: datetime
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None


@strawberry.input
class CreateLogsInput:
    logs: list[LogInput]
