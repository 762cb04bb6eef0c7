"""Creating runs (idempotently) and deleting them (with everything below them)."""

from __future__ import annotations

import uuid

import pytest

from flowql.core.errors import NotFoundError
from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.services import flows, logs, runs, states
from tests.services.factories import (
    count_rows,
    make_flow,
    make_flow_run,
    make_task_run,
    reload,
    state,
)


async def test_create_flow_run_with_the_same_idempotency_key_returns_the_first(
    db: Database,
) -> None:
    flow = await make_flow(db)
    spec = runs.FlowRunCreate(flow_id=flow.id, idempotency_key="slot-1")

    first, created_first = await runs.create_flow_run(db, spec)
    again, created_again = await runs.create_flow_run(db, spec)

    assert (created_first, created_again) == (True, False)
    assert again.id == first.id
    assert await count_rows(db, m.FlowRun) == 1
    assert await count_rows(db, m.FlowRunState) == 1


async def test_idempotency_keys_are_per_flow(db: Database) -> None:
    one, other = await make_flow(db), await make_flow(db)

    a, _ = await runs.create_flow_run(db, runs.FlowRunCreate(one.id, idempotency_key="k"))
    b, created = await runs.create_flow_run(db, runs.FlowRunCreate(other.id, idempotency_key="k"))

    assert created and a.id != b.id


async def test_flow_runs_without_a_key_are_all_created(db: Database) -> None:
    flow = await make_flow(db)
    for _ in range(3):
        _, created = await runs.create_flow_run(db, runs.FlowRunCreate(flow.id))
        assert created
    assert await count_rows(db, m.FlowRun) == 3


async def test_create_task_run_is_idempotent_per_flow_run_task_and_dynamic_key(
    db: Database,
) -> None:
    flow_run = await make_flow_run(db)
    spec = runs.TaskRunCreate(flow_run_id=flow_run.id, task_key="extract", dynamic_key="0")

    first, created_first = await runs.create_task_run(db, spec)
    again, created_again = await runs.create_task_run(db, spec)
    other_call, created_other = await runs.create_task_run(
        db, runs.TaskRunCreate(flow_run_id=flow_run.id, task_key="extract", dynamic_key="1")
    )

    assert (created_first, created_again, created_other) == (True, False, True)
    assert again.id == first.id != other_call.id
    assert await count_rows(db, m.TaskRun) == 2
    assert await count_rows(db, m.TaskRunState) == 2


async def test_task_runs_outside_a_flow_run_are_never_deduplicated(db: Database) -> None:
    spec = runs.TaskRunCreate(flow_run_id=None, task_key="t", dynamic_key="0")
    a, _ = await runs.create_task_run(db, spec)
    b, created = await runs.create_task_run(db, spec)
    assert created and a.id != b.id


async def test_a_created_run_starts_pending(db: Database) -> None:
    run = await make_flow_run(db)
    stored = await reload(db, m.FlowRun, run.id)
    assert stored.state_type is StateType.PENDING
    assert stored.state_id is not None
    assert stored.run_count == 0


async def test_creating_runs_of_unknown_parents_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError, match="flow"):
        await runs.create_flow_run(db, runs.FlowRunCreate(flow_id=uuid.uuid4()))
    with pytest.raises(NotFoundError, match="flow run"):
        await runs.create_task_run(
            db, runs.TaskRunCreate(flow_run_id=uuid.uuid4(), task_key="t", dynamic_key="0")
        )
    assert await count_rows(db, m.FlowRun) == await count_rows(db, m.TaskRun) == 0


async def _run_with_children(db: Database, flow: m.Flow | None = None) -> m.FlowRun:
    """A flow run with two task runs (each with two states) and logs on both levels."""
    flow_run = await make_flow_run(db, flow)
    await states.set_flow_run_state(db, flow_run.id, state(StateType.RUNNING))
    for key in ("a", "b"):
        task_run = await make_task_run(db, flow_run, task_key=key)
        await logs.create_logs(
            db,
            [
                logs.LogCreate("l", 20, "task", utcnow(), flow_run.id, task_run.id),
                logs.LogCreate("l", 20, "flow", utcnow(), flow_run.id),
            ],
        )
    return flow_run


async def _counts(db: Database) -> dict[str, int]:
    tables = (m.Flow, m.FlowRun, m.FlowRunState, m.TaskRun, m.TaskRunState, m.Log)
    return {model.__tablename__: await count_rows(db, model) for model in tables}


async def test_delete_flow_run_cascades_to_its_task_runs_states_and_logs(db: Database) -> None:
    doomed = await _run_with_children(db)
    kept = await _run_with_children(db)
    subflow = await make_flow_run(db, parent_task_run_id=None)
    async with db.transaction() as session:
        row = await session.get(m.FlowRun, subflow.id)
        assert row is not None
        row.parent_flow_run_id = doomed.id
    before = await _counts(db)

    await runs.delete_flow_run(db, doomed.id)

    after = await _counts(db)
    assert after == {
        "flow": before["flow"],
        "flow_run": before["flow_run"] - 1,
        "flow_run_state": before["flow_run_state"] - 2,
        "task_run": before["task_run"] - 2,
        "task_run_state": before["task_run_state"] - 2,
        "log": before["log"] - 4,
    }
    assert await count_rows(db, m.TaskRun, m.TaskRun.flow_run_id == kept.id) == 2
    assert (await reload(db, m.FlowRun, subflow.id)).parent_flow_run_id is None


async def test_delete_flow_cascades_to_everything_below(db: Database) -> None:
    flow = await make_flow(db)
    await _run_with_children(db, flow)
    kept = await _run_with_children(db)

    await flows.delete_flow(db, flow.id)

    assert await reload(db, m.Flow, flow.id) is None
    assert await count_rows(db, m.FlowRun, m.FlowRun.flow_id == flow.id) == 0
    remaining = await _counts(db)
    assert remaining["task_run"] == 2
    assert remaining["log"] == 4
    assert remaining["task_run_state"] == 2
    assert await count_rows(db, m.FlowRunState, m.FlowRunState.flow_run_id == kept.id) == 2
    assert remaining["flow_run_state"] == 2


async def test_deleting_unknown_rows_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        await runs.delete_flow_run(db, uuid.uuid4())
    with pytest.raises(NotFoundError):
        await flows.delete_flow(db, uuid.uuid4())
