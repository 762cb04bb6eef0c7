"""Mutation inputs: each mutation takes exactly one of these as ``input``."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types.arguments import InputContext

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


@strawberry.input(
    description="For an existing flow of that name, the fields given replace the stored ones."
)
class CreateFlowInput:
    name: str
    description: str | None = None
    tags: list[str] | None = strawberry.field(default=None, description="Default: [].")
    parameter_schema: JSON | None = strawberry.field(
        default=None, description="JSON Schema of the flow function's parameters."
    )
    version: str | None = None


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


@strawberry.input(description="A state a task run entered, as the client's orchestration decided.")
class StateRecordInput:
    id: uuid.UUID = strawberry.field(description="Chosen by the client; a retry stores it once.")
    type: StateType
    name: str | None = strawberry.field(default=None, description="Default: the type's name.")
    message: str | None = None
    timestamp: datetime
    scheduled_time: datetime | None = None
    details: JSON | None = None
    data: JSON | None = strawberry.field(default=None, description="A result reference.")


@strawberry.input(description="A task run's fields now and the states it entered since last time.")
class TaskRunRecordInput:
    id: uuid.UUID = strawberry.field(description="Chosen by the client; the run is upserted by it.")
    flow_run_id: uuid.UUID | None = strawberry.field(
        default=None, description="Null for a task run called outside a flow."
    )
    task_key: str
    dynamic_key: str
    name: str | None = strawberry.field(default=None, description="Default: the task key.")
    tags: list[str] = strawberry.field(default_factory=list)
    cache_key: str | None = None
    cache_expiration: datetime | None = None
    task_inputs: JSON | None = strawberry.field(default=None, description="Default: {}.")
    retries: int = 0
    retry_delay_seconds: list[float] = strawberry.field(default_factory=list)
    retry_jitter_factor: float | None = None
    run_count: int = 0
    flow_run_run_count: int = 0
    expected_start_time: datetime | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    total_run_time: float = 0.0
    states: list[StateRecordInput] = strawberry.field(
        description="The states entered since the last batch, oldest first; the last one "
        "becomes the run's current state."
    )


@strawberry.input
class RecordTaskRunsInput:
    task_runs: list[TaskRunRecordInput]


def _built_by_name(cls: type[Any], **converters: Callable[[Any, InputContext], Any]) -> None:
    """Build ``cls`` from its input value field by field, converting only ``converters``' fields.

    For every value, Strawberry's generic input conversion resolves each field's
    type and GraphQL name again; for a batch of thousands of task runs that cost
    more than writing them (about 0.25 ms a task run). graphql-core has already
    coerced every scalar (ids, times, JSON), so the other fields are taken as
    they are (lists copied: graphql-core shares a published default between
    requests). This uses Strawberry's ``from_input`` hook; the API tests check
    the result equals Strawberry's own conversion.
    """
    definition = cls.__strawberry_definition__
    names: dict[int, list[tuple[str, str]]] = {}

    def from_input(target: type[Any], value: Mapping[str, Any], context: InputContext) -> Any:
        fields = names.get(id(context.config))
        if fields is None:
            convert_name = context.config.name_converter.from_field
            fields = [(convert_name(field), field.python_name) for field in definition.fields]
            names[id(context.config)] = fields
        kwargs: dict[str, Any] = {}
        for graphql_name, python_name in fields:
            if graphql_name in value:
                item = value[graphql_name]
                convert = converters.get(python_name)
                if item is not None and convert is not None:
                    item = convert(item, context)
                elif isinstance(item, list):
                    item = list(item)
                kwargs[python_name] = item
        return target(**kwargs)

    definition.from_input = from_input


_built_by_name(StateRecordInput, type=lambda value, _: StateType(value))
_built_by_name(
    TaskRunRecordInput,
    states=lambda value, context: [
        context.convert(item, StateRecordInput, "states", index) for index, item in enumerate(value)
    ],
)


@strawberry.input(description="An event a client reports (Prefect's emit_event).")
class EventInput:
    event: str = strawberry.field(description="What happened, such as `acme.model.retrained`.")
    resource: JSON = strawberry.field(
        description="Labels of what it happened to; `flowql.resource.id` names it."
    )
    id: uuid.UUID | None = strawberry.field(
        default=None, description="Chosen by the client: a retried batch stores it once."
    )
    occurred: datetime | None = strawberry.field(default=None, description="Default: now.")
    related: JSON | None = strawberry.field(
        default=None, description="A list of labelled resources, each with `flowql.resource.id`."
    )
    payload: JSON | None = None
    follows: uuid.UUID | None = None


@strawberry.input
class EmitEventsInput:
    events: list[EventInput]


@strawberry.input(description="A new variable; a CONFLICT if the name is taken.")
class CreateVariableInput:
    name: str = strawberry.field(
        description="Lowercase letters, numbers, dashes and underscores; at most 255."
    )
    value: JSON | None = strawberry.field(
        default=None, description="Any JSON, at most 5,000 characters as JSON."
    )
    tags: list[str] | None = strawberry.field(default=None, description="Default: [].")


@strawberry.input(
    description="Create a variable or, with overwrite, replace the value and tags of the "
    "one of that name (Prefect's Variable.set)."
)
class SetVariableInput:
    name: str
    value: JSON | None = None
    tags: list[str] | None = strawberry.field(default=None, description="Default: [].")
    overwrite: bool = strawberry.field(
        default=False, description="Without it, an existing name is a CONFLICT."
    )


@strawberry.input(description="Fields left out stay as they are; `value: null` stores null.")
class UpdateVariableInput:
    name: str = strawberry.field(description="The variable to change.")
    value: JSON | None = strawberry.UNSET
    tags: list[str] | None = None
    new_name: str | None = strawberry.field(default=None, description="Rename it.")


@strawberry.input(description="The variable's id or its name (one of them).")
class DeleteVariableInput:
    id: uuid.UUID | None = None
    name: str | None = None


@strawberry.input(
    description="An artifact; with a key it is the key's newest version. A task run "
    "implies its flow run."
)
class CreateArtifactInput:
    type: str = strawberry.field(description="markdown, table, link, progress, image, ...")
    data: JSON | None = strawberry.field(
        default=None, description="Checked against the type (see Artifact.data)."
    )
    key: str | None = strawberry.field(
        default=None, description="Lowercase letters, numbers and dashes."
    )
    description: str | None = None
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None


@strawberry.input(description="Fields left out stay as they are (how progress advances).")
class UpdateArtifactInput:
    id: uuid.UUID
    data: JSON | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input(
    description="A block type and the JSON Schema of its fields (Prefect's block schema); "
    "registering the same again is safe."
)
class RegisterBlockTypeInput:
    slug: str = strawberry.field(description="Lowercase letters, numbers and dashes.")
    name: str
    fields: JSON = strawberry.field(
        description="A JSON Schema of type 'object', with secret_fields and "
        "block_schema_references."
    )
    logo_url: str | None = None
    documentation_url: str | None = None
    description: str | None = None
    code_example: str | None = None
    capabilities: list[str] | None = strawberry.field(default=None, description="Default: [].")
    version: str | None = None


@strawberry.input(
    description="A block document of a block schema; without a name an anonymous one."
)
class SaveBlockDocumentInput:
    block_schema_id: uuid.UUID
    data: JSON = strawberry.field(
        description="The fields; a secret sent as `********` keeps the stored one; a "
        'nested block is `{"$ref": {"block_document_id": id}}`.'
    )
    name: str | None = None
    overwrite: bool = strawberry.field(
        default=False, description="Without it, a name in use is a CONFLICT."
    )


@strawberry.input
class DeleteBlockDocumentInput:
    id: uuid.UUID
