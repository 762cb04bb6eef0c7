"""Mutation payloads: the result, or the reasons it was refused, as data."""

from __future__ import annotations

import uuid

import strawberry

from flowql.core.errors import FlowqlError
from flowql.schema.enums import ErrorCode, SetStateStatus
from flowql.schema.types.artifact import Artifact
from flowql.schema.types.block import BlockDocument
from flowql.schema.types.flow import Flow
from flowql.schema.types.flow_run import FlowRun
from flowql.schema.types.state import State
from flowql.schema.types.task_run import TaskRun
from flowql.schema.types.variable import Variable


@strawberry.type(description="Why a mutation refused its input.")
class UserError:
    code: ErrorCode
    message: str
    field: list[str] = strawberry.field(description="Path to the offending input field.")

    @classmethod
    def of(cls, error: FlowqlError) -> UserError:
        return cls(code=error.code, message=error.message, field=list(error.field))


@strawberry.type
class FlowPayload:
    flow: Flow | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeletePayload:
    deleted_id: uuid.UUID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class FlowRunPayload:
    flow_run: FlowRun | None = None
    created: bool = strawberry.field(
        default=False, description="False when an existing run was returned (idempotency)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TaskRunPayload:
    task_run: TaskRun | None = None
    created: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="The orchestration decision and the run's state after it.")
class SetStatePayload:
    status: SetStateStatus | None = None
    state: State | None = strawberry.field(
        default=None, description="The state written, or the current state if none was."
    )
    reason: str | None = None
    delay_seconds: float | None = strawberry.field(default=None, description="For WAIT.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SetFlowRunStatePayload(SetStatePayload):
    flow_run: FlowRun | None = None


@strawberry.type
class SetTaskRunStatePayload(SetStatePayload):
    task_run: TaskRun | None = None


@strawberry.type
class CreateLogsPayload:
    count: int = strawberry.field(default=0, description="Records stored.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RecordTaskRunsPayload:
    count: int = strawberry.field(default=0, description="Task runs recorded.")
    state_count: int = strawberry.field(
        default=0, description="States newly stored (a retried batch stores none)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class EmitEventsPayload:
    count: int = strawberry.field(default=0, description="Events in the batch (all stored).")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class VariablePayload:
    variable: Variable | None = None
    created: bool = strawberry.field(
        default=False, description="setVariable: false when an existing one was overwritten."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ArtifactPayload:
    artifact: Artifact | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RegisterBlockTypePayload:
    block_type_id: uuid.UUID | None = None
    block_schema_id: uuid.UUID | None = None
    checksum: str | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class BlockDocumentPayload:
    block_document: BlockDocument | None = strawberry.field(
        default=None, description="Secret values masked."
    )
    created: bool = strawberry.field(
        default=False, description="False when an existing one was overwritten."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)
