"""Run count, start, end and total run time as runs go through retries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from flowql.core.states import StateName, StateType
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.orchestration import StateSnapshot
from flowql.services import states
from flowql.services.states import SetStateStatus, StateChange
from tests.services.factories import flow_run_in, make_flow_run, make_task_run, reload, state


class Clock:
    """Timestamps in the past, ten seconds apart, so durations are exact."""

    def __init__(self) -> None:
        self.now = utcnow() - timedelta(hours=1)

    def tick(self, seconds: float = 10) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now

    def pending(self) -> StateSnapshot:
        """The initial state of a run created at the clock's start."""
        return state(StateType.PENDING, at=self.now)


async def _flow(db: Database, run: m.FlowRun, clock: Clock, type: StateType) -> StateChange:
    return await states.set_flow_run_state(db, run.id, state(type, at=clock.tick()))


async def test_flow_run_bookkeeping_across_retries(db: Database) -> None:
    clock = Clock()
    run = await make_flow_run(db, retries=2, state=clock.pending())

    first_start = clock.now + timedelta(seconds=10)
    for attempt in (1, 2, 3):
        running = await _flow(db, run, clock, StateType.RUNNING)
        assert running.status is SetStateStatus.ACCEPT
        assert running.state.name == ("Running" if attempt == 1 else StateName.RETRYING)
        assert (running.run.run_count, running.run.start_time) == (attempt, first_start)
        failed = await _flow(db, run, clock, StateType.FAILED)
        retried = attempt < 3
        assert failed.status is (SetStateStatus.REJECT if retried else SetStateStatus.ACCEPT)
        if retried:
            assert failed.state.name == StateName.AWAITING_RETRY
            assert failed.run.end_time is None
        assert failed.run.total_run_time == pytest.approx(10.0 * attempt)

    stored = await reload(db, m.FlowRun, run.id)
    assert stored.state_type is StateType.FAILED
    assert (stored.run_count, stored.start_time) == (3, first_start)
    assert stored.end_time == clock.now
    assert stored.total_run_time == pytest.approx(30.0)


async def test_crashed_flow_runs_are_retried_too(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING, retries=1)

    change = await states.set_flow_run_state(db, run.id, state(StateType.CRASHED))

    assert (change.state.type, change.state.name) == (StateType.SCHEDULED, "AwaitingRetry")


async def test_manual_retry_reopens_a_failed_flow_run(db: Database) -> None:
    clock = Clock()
    run = await make_flow_run(db, state=clock.pending())
    for type in (StateType.RUNNING, StateType.FAILED):
        await _flow(db, run, clock, type)
    assert (await reload(db, m.FlowRun, run.id)).end_time is not None

    retry = await states.set_flow_run_state(
        db, run.id, state(StateType.SCHEDULED, StateName.AWAITING_RETRY, at=clock.tick())
    )
    rerun = await _flow(db, run, clock, StateType.RUNNING)

    assert retry.status is SetStateStatus.ACCEPT
    assert retry.run.end_time is None
    assert (rerun.state.name, rerun.run.run_count) == (StateName.RETRYING, 2)


async def test_task_run_bookkeeping_across_retries(db: Database) -> None:
    clock = Clock()
    flow_run = await flow_run_in(db, StateType.RUNNING)
    task_run = await make_task_run(db, flow_run, retries=1, state=clock.pending())

    async def propose(type: StateType, **fields: Any) -> StateChange:
        return await states.set_task_run_state(
            db, task_run.id, state(type, at=clock.tick(), **fields)
        )

    assert (await propose(StateType.RUNNING)).run.run_count == 1
    retry = await propose(StateType.FAILED)
    assert retry.state.name == StateName.AWAITING_RETRY
    rerun = await propose(StateType.RUNNING)
    assert (rerun.state.name, rerun.run.run_count) == (StateName.RETRYING, 2)
    done = await propose(StateType.COMPLETED)

    assert done.status is SetStateStatus.ACCEPT
    stored = await reload(db, m.TaskRun, task_run.id)
    assert stored.run_count == 2
    assert stored.total_run_time == pytest.approx(20.0)
    assert stored.end_time == clock.now
    assert stored.start_time == clock.now - timedelta(seconds=30)


async def test_a_task_that_says_no_retry_fails_at_once(db: Database) -> None:
    flow_run = await flow_run_in(db, StateType.RUNNING)
    task_run = await make_task_run(db, flow_run, retries=3)
    await states.set_task_run_state(db, task_run.id, state(StateType.RUNNING))

    change = await states.set_task_run_state(
        db, task_run.id, state(StateType.FAILED, details={"retry": False})
    )

    assert change.state.type is StateType.FAILED
    assert change.run.end_time is not None


async def test_task_run_remembers_the_flow_run_attempt(db: Database) -> None:
    flow_run = await flow_run_in(db, StateType.RUNNING, retries=1)
    first = await make_task_run(db, flow_run, task_key="t", dynamic_key="0")
    await states.set_flow_run_state(db, flow_run.id, state(StateType.FAILED))
    await states.set_flow_run_state(db, flow_run.id, state(StateType.RUNNING))
    second = await make_task_run(db, flow_run, task_key="t", dynamic_key="1")

    assert (first.flow_run_run_count, second.flow_run_run_count) == (1, 2)
