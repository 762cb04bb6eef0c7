"""Turn mutation inputs into service arguments, checking what GraphQL cannot.

Inputs are read through the shapes in ``input_shapes`` rather than the
Strawberry classes, so the embedded SDK (``sdk/client/local_api.py``) passes
its own values through the same checks without importing the GraphQL layer.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from flowql import orchestration as o
from flowql.core.errors import InvalidInputError
from flowql.core.states import StateType
from flowql.core.time import ensure_utc, utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.resolvers.input_shapes import (
    CreateArtifactInputLike,
    CreateFlowInputLike,
    CreateFlowRunInputLike,
    LogInputLike,
    RegisterBlockTypeInputLike,
    StateInputLike,
    StateRecordLike,
    TaskRunRecordLike,
)
from flowql.services import artifacts, block_types, logs, record, runs

if TYPE_CHECKING:
    from flowql.schema import inputs as i

T = TypeVar("T")


def json_object(value: Any, *, field: tuple[str, ...]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInputError(
            f"{'.'.join(field)} must be a JSON object, got {type(value).__name__}", field=field
        )
    return value


def bounded(value: T, *, field: tuple[str, ...], column: Any) -> T:
    """Refuse text longer than its column holds (PostgreSQL would fail the write)."""
    if not isinstance(value, str):
        return value
    limit = _length(column)
    if len(value) > limit:
        raise InvalidInputError(
            f"{'.'.join(field)} is {len(value)} characters long; the limit is {limit}",
            field=field,
        )
    return value


@functools.cache
def _length(column: Any) -> int:
    # Reading a mapped attribute's type goes through SQLAlchemy's proxies
    # (~10 us); recorded batches ask for it once per task run and state.
    return int(column.type.length)


def transition_id(value: str | None) -> str | None:
    return bounded(value, field=("transitionId",), column=m.FlowRunState.transition_id)


def state_snapshot(state: StateInputLike) -> o.StateSnapshot:
    state_type = StateType(state.type)
    name = bounded(state.name, field=("state", "name"), column=m.FlowRunState.name)
    return o.StateSnapshot(
        type=state_type,
        name=name or state_type.default_name,
        timestamp=ensure_utc(state.timestamp) if state.timestamp else utcnow(),
        message=state.message,
        scheduled_time=ensure_utc(state.scheduled_time) if state.scheduled_time else None,
        details=json_object(state.details, field=("state", "details")),
        data=state.data,
    )


def _retry(
    retries: int, delays: Sequence[float], jitter: float | None = None
) -> runs.RetrySettings:
    return runs.RetrySettings(
        retries=retries, retry_delay_seconds=tuple(delays), retry_jitter_factor=jitter
    )


def flow_run_create(input: CreateFlowRunInputLike) -> runs.FlowRunCreate:
    return runs.FlowRunCreate(
        flow_id=input.flow_id,
        name=input.name,
        parameters=json_object(input.parameters, field=("parameters",)),
        tags=input.tags,
        idempotency_key=input.idempotency_key,
        parent_task_run_id=input.parent_task_run_id,
        state=state_snapshot(input.state) if input.state else None,
        retry=_retry(input.retries, input.retry_delay_seconds),
    )


def task_run_create(input: i.CreateTaskRunInput) -> runs.TaskRunCreate:
    return runs.TaskRunCreate(
        flow_run_id=input.flow_run_id,
        task_key=input.task_key,
        dynamic_key=input.dynamic_key,
        name=input.name,
        tags=input.tags,
        cache_key=bounded(input.cache_key, field=("cacheKey",), column=m.TaskRun.cache_key),
        cache_expiration=ensure_utc(input.cache_expiration) if input.cache_expiration else None,
        task_inputs=json_object(input.task_inputs, field=("taskInputs",)),
        state=state_snapshot(input.state) if input.state else None,
        retry=_retry(input.retries, input.retry_delay_seconds, input.retry_jitter_factor),
    )


def flow_fields(input: CreateFlowInputLike) -> dict[str, Any]:
    schema = input.parameter_schema
    return {
        "name": input.name,
        "description": input.description,
        "tags": input.tags,
        "parameter_schema": None
        if schema is None
        else json_object(schema, field=("parameterSchema",)),
        "version": bounded(input.version, field=("version",), column=m.Flow.version),
    }


async def record_task_run_batch(
    db: Database, runs: Sequence[TaskRunRecordLike]
) -> record.RecordResult:
    """Check, convert and store a batch: the recordTaskRuns mutation, and the SDK's
    embedded recorder, which hands over its records without a GraphQL round trip."""
    if len(runs) > record.MAX_TASK_RUN_BATCH:  # before converting them all
        raise InvalidInputError(
            f"{len(runs)} task runs in one batch; the limit is {record.MAX_TASK_RUN_BATCH}",
            field=("taskRuns",),
        )
    batch = [task_run_record(n, run) for n, run in enumerate(runs)]
    return await record.record_task_runs(db, batch)


def task_run_record(index: int, input: TaskRunRecordLike) -> record.TaskRunRecord:
    path = ("taskRuns", str(index))
    return record.TaskRunRecord(
        id=input.id,
        flow_run_id=input.flow_run_id,
        task_key=input.task_key,
        dynamic_key=input.dynamic_key,
        name=input.name,
        tags=input.tags,
        cache_key=bounded(input.cache_key, field=(*path, "cacheKey"), column=m.TaskRun.cache_key),
        cache_expiration=_utc(input.cache_expiration),
        task_inputs=json_object(input.task_inputs, field=(*path, "taskInputs")),
        retry=_retry(input.retries, input.retry_delay_seconds, input.retry_jitter_factor),
        run_count=input.run_count,
        flow_run_run_count=input.flow_run_run_count,
        expected_start_time=_utc(input.expected_start_time),
        start_time=_utc(input.start_time),
        end_time=_utc(input.end_time),
        total_run_time=input.total_run_time,
        states=[
            state_record((*path, "states", str(number)), state)
            for number, state in enumerate(input.states)
        ],
    )


def state_record(path: tuple[str, ...], state: StateRecordLike) -> record.StateRecord:
    state_type = _STATE_TYPES.get(state.type) or StateType(state.type)
    name = bounded(state.name, field=(*path, "name"), column=m.TaskRunState.name)
    return record.StateRecord(
        id=state.id,
        type=state_type,
        name=name or state_type.default_name,
        timestamp=ensure_utc(state.timestamp),
        message=state.message,
        scheduled_time=_utc(state.scheduled_time),
        details=json_object(state.details, field=(*path, "details")),
        data=state.data,
    )


_STATE_TYPES: dict[Any, StateType] = {
    **{state_type.value: state_type for state_type in StateType},
    **{state_type: state_type for state_type in StateType},
}
"""Calling the enum costs ~4 us; batches convert tens of thousands of states."""


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else ensure_utc(value)


def log_create(index: int, log: LogInputLike) -> logs.LogCreate:
    return logs.LogCreate(
        name=bounded(log.name, field=("logs", str(index), "name"), column=m.Log.name),
        level=log.level,
        message=log.message,
        timestamp=ensure_utc(log.timestamp),
        flow_run_id=log.flow_run_id,
        task_run_id=log.task_run_id,
    )


def artifact_create(input: CreateArtifactInputLike) -> artifacts.ArtifactCreate:
    return artifacts.ArtifactCreate(
        type=input.type,
        data=input.data,
        key=input.key,
        description=input.description,
        flow_run_id=input.flow_run_id,
        task_run_id=input.task_run_id,
    )


def block_type_input(input: RegisterBlockTypeInputLike) -> block_types.BlockTypeInput:
    """The description of the block type in ``input``; the service checks the slug."""
    return block_types.BlockTypeInput(
        slug=input.slug,
        name=input.name,
        logo_url=input.logo_url,
        documentation_url=input.documentation_url,
        description=input.description,
        code_example=input.code_example,
    )
