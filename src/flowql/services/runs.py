"""Create and delete flow runs and task runs (idempotently, where asked)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql import orchestration as o
from flowql.core.errors import InvalidInputError, NotFoundError
from flowql.core.ids import new_id
from flowql.core.names import generate_run_name
from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.lifecycle import lifecycle_event
from flowql.services.states import propose_state
from flowql.services.unique import insert_unless_duplicate
from flowql.services.validation import check_key, check_name, check_tags


@dataclass(frozen=True)
class RetrySettings:
    retries: int = 0
    retry_delay_seconds: Sequence[float] = ()
    retry_jitter_factor: float | None = None

    def to_policy(self) -> dict[str, Any]:
        if self.retries < 0:
            raise InvalidInputError("retries must be 0 or more", field=("retries",))
        if any(delay < 0 for delay in self.retry_delay_seconds):
            raise InvalidInputError(
                "retryDelaySeconds must not be negative", field=("retryDelaySeconds",)
            )
        if self.retry_jitter_factor is not None and self.retry_jitter_factor < 0:
            raise InvalidInputError(
                "retryJitterFactor must not be negative", field=("retryJitterFactor",)
            )
        return {
            "retries": self.retries,
            "retry_delay_seconds": list(self.retry_delay_seconds),
            "retry_jitter_factor": self.retry_jitter_factor,
        }


@dataclass(frozen=True)
class FlowRunCreate:
    flow_id: uuid.UUID
    name: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    tags: Sequence[str] = ()
    idempotency_key: str | None = None
    parent_task_run_id: uuid.UUID | None = None
    state: o.StateSnapshot | None = None
    retry: RetrySettings = RetrySettings()


@dataclass(frozen=True)
class TaskRunCreate:
    flow_run_id: uuid.UUID | None
    task_key: str
    dynamic_key: str
    name: str | None = None
    tags: Sequence[str] = ()
    cache_key: str | None = None
    cache_expiration: datetime | None = None
    task_inputs: Mapping[str, Any] = field(default_factory=dict)
    state: o.StateSnapshot | None = None
    retry: RetrySettings = RetrySettings()


def pending_state() -> o.StateSnapshot:
    return o.StateSnapshot(type=StateType.PENDING, name="Pending", timestamp=utcnow())


async def create_flow_run(db: Database, spec: FlowRunCreate) -> tuple[m.FlowRun, bool]:
    """Create a flow run; returns ``(run, created)``.

    With an idempotency key, a second call for the same flow returns the first
    run and ``created=False``.
    """
    if spec.name is not None:
        check_name(spec.name, field="name")
    run = m.FlowRun(
        id=new_id(),
        flow_id=spec.flow_id,
        name=spec.name or generate_run_name(),
        parameters=dict(spec.parameters),
        tags=check_tags(spec.tags),
        idempotency_key=spec.idempotency_key
        and check_key(spec.idempotency_key, field="idempotencyKey"),
        parent_task_run_id=spec.parent_task_run_id,
        empirical_policy=spec.retry.to_policy(),
        expected_start_time=utcnow(),
    )
    async with db.transaction() as session:
        if await session.scalar(sa.select(m.Flow.id).where(m.Flow.id == spec.flow_id)) is None:
            raise NotFoundError(f"flow {spec.flow_id} not found", field=("flowId",))
        if spec.parent_task_run_id is not None:
            run.parent_flow_run_id = await _parent_flow_run_id(session, spec.parent_task_run_id)
        existing = await insert_unless_duplicate(session, run, _same_flow_run(run))
        if existing is not None:
            return existing, False
        await propose_state(session, run, None, spec.state or pending_state())
    return run, True


async def create_task_run(db: Database, spec: TaskRunCreate) -> tuple[m.TaskRun, bool]:
    """Create a task run; returns ``(run, created)``.

    A task run is identified by (flow run, task key, dynamic key): creating it
    again returns the existing run and ``created=False``.
    """
    run = m.TaskRun(
        id=new_id(),
        flow_run_id=spec.flow_run_id,
        task_key=check_key(spec.task_key, field="taskKey"),
        dynamic_key=check_key(spec.dynamic_key, field="dynamicKey"),
        name=check_name(spec.name, field="name") if spec.name else spec.task_key,
        tags=check_tags(spec.tags),
        cache_key=spec.cache_key,
        cache_expiration=spec.cache_expiration,
        task_inputs=dict(spec.task_inputs),
        empirical_policy=spec.retry.to_policy(),
        expected_start_time=utcnow(),
    )
    async with db.transaction() as session:
        if spec.flow_run_id is not None:
            flow_run = await session.get(m.FlowRun, spec.flow_run_id)
            if flow_run is None:
                raise NotFoundError(f"flow run {spec.flow_run_id} not found", field=("flowRunId",))
            run.flow_run_run_count = flow_run.run_count
        existing = await insert_unless_duplicate(session, run, _same_task_run(run))
        if existing is not None:
            return existing, False
        await propose_state(session, run, None, spec.state or pending_state())
    return run, True


async def delete_flow_run(db: Database, flow_run_id: uuid.UUID) -> None:
    """Delete a flow run with its task runs, states and logs."""
    async with db.transaction() as session:
        name = await session.scalar(
            sa.delete(m.FlowRun).where(m.FlowRun.id == flow_run_id).returning(m.FlowRun.name)
        )
        if name is None:
            raise NotFoundError(f"flow run {flow_run_id} not found", field=("id",))
        deleted = lifecycle_event("flow-run", flow_run_id, name, "deleted")
        await outbox.emit(session, [deleted], [outbox.FLOW_RUNS_CHANNEL])


async def _parent_flow_run_id(session: AsyncSession, parent_task_run_id: uuid.UUID) -> Any:
    parent = await session.get(m.TaskRun, parent_task_run_id)
    if parent is None:
        raise NotFoundError(
            f"parent task run {parent_task_run_id} not found", field=("parentTaskRunId",)
        )
    return parent.flow_run_id


def _same_flow_run(run: m.FlowRun) -> sa.Select[m.FlowRun] | None:
    if run.idempotency_key is None:
        return None
    return sa.select(m.FlowRun).where(
        m.FlowRun.flow_id == run.flow_id, m.FlowRun.idempotency_key == run.idempotency_key
    )


def _same_task_run(run: m.TaskRun) -> sa.Select[m.TaskRun] | None:
    if run.flow_run_id is None:
        return None
    return sa.select(m.TaskRun).where(
        m.TaskRun.flow_run_id == run.flow_run_id,
        m.TaskRun.task_key == run.task_key,
        m.TaskRun.dynamic_key == run.dynamic_key,
    )
