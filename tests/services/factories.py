"""Factories for service tests: they call the services, as users' requests do."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from flowql import orchestration as o
from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.services import flows, runs, states


def state(
    type: StateType,
    name: str | None = None,
    *,
    at: datetime | None = None,
    **fields: Any,
) -> o.StateSnapshot:
    """A proposal of ``type``, named by default, stamped now unless ``at`` says otherwise."""
    return o.StateSnapshot(
        type=type, name=name or type.default_name, timestamp=at or utcnow(), **fields
    )


async def make_flow(db: Database, name: str | None = None) -> m.Flow:
    return await flows.create_flow(db, name=name or f"flow-{uuid.uuid4().hex[:8]}")


async def make_flow_run(
    db: Database, flow: m.Flow | None = None, *, retries: int = 0, **fields: Any
) -> m.FlowRun:
    flow = flow or await make_flow(db)
    spec = runs.FlowRunCreate(flow_id=flow.id, retry=runs.RetrySettings(retries=retries), **fields)
    run, created = await runs.create_flow_run(db, spec)
    assert created
    return run


async def make_task_run(
    db: Database,
    flow_run: m.FlowRun,
    *,
    task_key: str = "task",
    dynamic_key: str | None = None,
    retries: int = 0,
    **fields: Any,
) -> m.TaskRun:
    spec = runs.TaskRunCreate(
        flow_run_id=flow_run.id,
        task_key=task_key,
        dynamic_key=dynamic_key or uuid.uuid4().hex[:8],
        retry=runs.RetrySettings(retries=retries),
        **fields,
    )
    run, created = await runs.create_task_run(db, spec)
    assert created
    return run


async def flow_run_in(db: Database, *types: StateType, retries: int = 0) -> m.FlowRun:
    """A flow run moved (PENDING, then) through ``types``, each accepted."""
    run = await make_flow_run(db, retries=retries)
    for type in types:
        change = await states.set_flow_run_state(db, run.id, state(type))
        assert change.status is states.SetStateStatus.ACCEPT, change
        run = change.run
    return run


async def count_rows(db: Database, model: type[Any], *where: sa.ColumnElement[bool]) -> int:
    async with db.session() as session:
        statement = sa.select(sa.func.count()).select_from(model).where(*where)
        return int((await session.execute(statement)).scalar_one())


async def flow_run_states(db: Database, flow_run_id: uuid.UUID) -> list[m.FlowRunState]:
    async with db.session() as session:
        statement = (
            sa.select(m.FlowRunState)
            .where(m.FlowRunState.flow_run_id == flow_run_id)
            .order_by(m.FlowRunState.timestamp)
        )
        return list((await session.scalars(statement)).all())


async def task_run_states(db: Database, task_run_id: uuid.UUID) -> list[m.TaskRunState]:
    async with db.session() as session:
        statement = (
            sa.select(m.TaskRunState)
            .where(m.TaskRunState.task_run_id == task_run_id)
            .order_by(m.TaskRunState.timestamp)
        )
        return list((await session.scalars(statement)).all())


async def reload(db: Database, model: type[Any], run_id: uuid.UUID) -> Any:
    async with db.session() as session:
        return await session.get(model, run_id)


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)
