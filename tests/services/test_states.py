"""Proposing states through the services: each answer, what it writes, and replays."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from flowql.core.errors import NotFoundError
from flowql.core.states import StateName, StateType
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.services import states
from flowql.services.states import SetStateStatus
from tests.services.factories import (
    count_rows,
    flow_run_in,
    flow_run_states,
    make_flow_run,
    make_task_run,
    reload,
    state,
    task_run_states,
)

FLOW_RUN_ROWS = m.FlowRunState


async def _flow_state_rows(db: Database, run_id: uuid.UUID) -> int:
    return await count_rows(db, m.FlowRunState, m.FlowRunState.flow_run_id == run_id)


async def _task_state_rows(db: Database, run_id: uuid.UUID) -> int:
    return await count_rows(db, m.TaskRunState, m.TaskRunState.task_run_id == run_id)


def _assert_denormalised(run: m.FlowRun | m.TaskRun, row: m.FlowRunState | m.TaskRunState) -> None:
    assert (run.state_id, run.state_type, run.state_name, run.state_timestamp) == (
        row.id,
        row.type,
        row.name,
        row.timestamp,
    )


async def test_accept_writes_a_state_row_and_updates_the_run(db: Database) -> None:
    run = await make_flow_run(db)

    change = await states.set_flow_run_state(db, run.id, state(StateType.RUNNING))

    assert change.status is SetStateStatus.ACCEPT
    assert change.state.type is StateType.RUNNING
    stored = await reload(db, m.FlowRun, run.id)
    history = await flow_run_states(db, run.id)
    assert [row.type for row in history] == [StateType.PENDING, StateType.RUNNING]
    _assert_denormalised(stored, history[-1])
    assert stored.state_id == change.state.id


async def test_reject_writes_nothing_and_keeps_the_state(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING, StateType.COMPLETED)

    change = await states.set_flow_run_state(db, run.id, state(StateType.RUNNING))

    assert change.status is SetStateStatus.REJECT
    assert change.reason and "terminal" in change.reason
    assert change.state.id == run.state_id
    assert await _flow_state_rows(db, run.id) == 3
    assert (await reload(db, m.FlowRun, run.id)).state_type is StateType.COMPLETED


async def test_abort_writes_nothing(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING)

    change = await states.set_flow_run_state(db, run.id, state(StateType.RUNNING))

    assert change.status is SetStateStatus.ABORT
    assert change.reason == "The run is already running."
    assert await _flow_state_rows(db, run.id) == 2


async def test_wait_until_the_scheduled_time(db: Database) -> None:
    run = await make_flow_run(db)
    due = utcnow() + timedelta(minutes=10)
    await states.set_flow_run_state(
        db, run.id, state(StateType.SCHEDULED, scheduled_time=due), force=True
    )

    change = await states.set_flow_run_state(db, run.id, state(StateType.PENDING))

    assert change.status is SetStateStatus.WAIT
    assert change.delay_seconds is not None and 590 < change.delay_seconds <= 600
    assert change.state.type is StateType.SCHEDULED
    assert await _flow_state_rows(db, run.id) == 2


async def test_force_skips_the_rules(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING, StateType.COMPLETED)

    change = await states.set_flow_run_state(db, run.id, state(StateType.RUNNING), force=True)

    assert change.status is SetStateStatus.ACCEPT
    stored = await reload(db, m.FlowRun, run.id)
    assert stored.state_type is StateType.RUNNING
    assert stored.end_time is None, "leaving a terminal state clears the end time"
    assert await _flow_state_rows(db, run.id) == 4


async def test_transition_id_replay_returns_the_same_row(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING)

    first = await states.set_flow_run_state(
        db, run.id, state(StateType.COMPLETED), transition_id="done-1"
    )
    again = await states.set_flow_run_state(
        db, run.id, state(StateType.COMPLETED), transition_id="done-1"
    )

    assert first.status is again.status is SetStateStatus.ACCEPT
    assert again.state.id == first.state.id
    assert again.reason == "already applied (transition id 'done-1')"
    assert await _flow_state_rows(db, run.id) == 3


async def test_transition_id_replay_wins_over_rules_that_would_now_refuse(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING)
    first = await states.set_flow_run_state(
        db, run.id, state(StateType.FAILED), transition_id="fail-1"
    )
    await states.set_flow_run_state(db, run.id, state(StateType.RUNNING), force=True)

    replay = await states.set_flow_run_state(
        db, run.id, state(StateType.FAILED), transition_id="fail-1"
    )

    assert replay.status is SetStateStatus.ACCEPT
    assert replay.state.id == first.state.id
    assert await _flow_state_rows(db, run.id) == 4
    assert (await reload(db, m.FlowRun, run.id)).state_type is StateType.RUNNING


async def test_a_new_transition_id_is_evaluated(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING)
    await states.set_flow_run_state(db, run.id, state(StateType.COMPLETED), transition_id="a")

    change = await states.set_flow_run_state(db, run.id, state(StateType.FAILED), transition_id="b")

    assert change.status is SetStateStatus.REJECT
    assert await _flow_state_rows(db, run.id) == 3


async def test_task_transition_id_replay(db: Database) -> None:
    flow_run = await flow_run_in(db, StateType.RUNNING)
    task_run = await make_task_run(db, flow_run)

    first = await states.set_task_run_state(
        db, task_run.id, state(StateType.RUNNING), transition_id="t-run"
    )
    again = await states.set_task_run_state(
        db, task_run.id, state(StateType.RUNNING), transition_id="t-run"
    )

    assert again.status is SetStateStatus.ACCEPT
    assert again.state.id == first.state.id
    assert await _task_state_rows(db, task_run.id) == 2
    assert (await reload(db, m.TaskRun, task_run.id)).run_count == 1


async def test_task_of_a_paused_flow_is_rejected_into_paused(db: Database) -> None:
    flow_run = await flow_run_in(db, StateType.RUNNING)
    timeout = (utcnow() + timedelta(hours=1)).isoformat()
    paused = await states.set_flow_run_state(
        db, flow_run.id, state(StateType.PAUSED, details={"pause_timeout": timeout})
    )
    assert paused.status is SetStateStatus.ACCEPT
    task_run = await make_task_run(db, flow_run)

    change = await states.set_task_run_state(db, task_run.id, state(StateType.RUNNING))

    assert change.status is SetStateStatus.REJECT
    assert change.reason and "paused" in change.reason
    assert (change.state.type, change.state.name) == (StateType.PAUSED, "NotReady")
    assert change.state.details == {"pause_timeout": timeout}
    history = await task_run_states(db, task_run.id)
    assert [row.type for row in history] == [StateType.PENDING, StateType.PAUSED]
    stored = await reload(db, m.TaskRun, task_run.id)
    _assert_denormalised(stored, history[-1])
    assert stored.run_count == 0, "a task that never ran has no attempts"


async def test_task_of_a_finished_flow_is_aborted(db: Database) -> None:
    flow_run = await flow_run_in(db, StateType.RUNNING)
    task_run = await make_task_run(db, flow_run)
    await states.set_flow_run_state(db, flow_run.id, state(StateType.COMPLETED))

    change = await states.set_task_run_state(db, task_run.id, state(StateType.RUNNING))

    assert change.status is SetStateStatus.ABORT
    assert await _task_state_rows(db, task_run.id) == 1


async def test_an_expired_pause_fails_the_flow_run(db: Database) -> None:
    flow_run = await flow_run_in(db, StateType.RUNNING)
    expired = (utcnow() - timedelta(seconds=1)).isoformat()
    await states.set_flow_run_state(
        db, flow_run.id, state(StateType.PAUSED, details={"pause_timeout": expired})
    )

    change = await states.set_flow_run_state(db, flow_run.id, state(StateType.RUNNING))

    assert change.status is SetStateStatus.REJECT
    assert change.state.type is StateType.FAILED
    stored = await reload(db, m.FlowRun, flow_run.id)
    assert stored.state_type is StateType.FAILED
    assert stored.end_time is not None
    assert await _flow_state_rows(db, flow_run.id) == 4


async def test_a_lagging_clock_cannot_reorder_history(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING)
    running_at = (await reload(db, m.FlowRun, run.id)).state_timestamp

    change = await states.set_flow_run_state(
        db, run.id, state(StateType.COMPLETED, at=running_at - timedelta(hours=1))
    )

    assert change.state.timestamp == running_at


async def test_history_is_append_only(db: Database) -> None:
    run = await make_flow_run(db, retries=1)
    before = await flow_run_states(db, run.id)
    proposals = [
        StateType.RUNNING,  # accept
        StateType.RUNNING,  # abort
        StateType.FAILED,  # reject, AwaitingRetry written instead
        StateType.RUNNING,  # accept (Retrying)
        StateType.COMPLETED,  # accept
        StateType.FAILED,  # reject, nothing written
    ]
    statuses = []
    for type in proposals:
        change = await states.set_flow_run_state(db, run.id, state(type))
        statuses.append(change.status)

    A, R = SetStateStatus.ACCEPT, SetStateStatus.REJECT
    assert statuses == [A, SetStateStatus.ABORT, R, A, A, R]
    written = 4
    after = await flow_run_states(db, run.id)
    assert len(after) == len(before) + written
    first = {row.id: (row.type, row.name, row.timestamp) for row in before}
    assert {row.id: (row.type, row.name, row.timestamp) for row in after[:1]} == first
    assert [row.name for row in after] == [
        "Pending", "Running", StateName.AWAITING_RETRY, StateName.RETRYING, "Completed",
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["flow run", "task run"])
async def test_unknown_run_is_not_found(db: Database, kind: str) -> None:
    setter = states.set_flow_run_state if kind == "flow run" else states.set_task_run_state
    with pytest.raises(NotFoundError, match=kind):
        await setter(db, uuid.uuid4(), state(StateType.RUNNING))


async def test_replay_of_a_refused_proposal_answers_as_the_first_call(db: Database) -> None:
    run = await make_flow_run(db, retries=1)
    await states.set_flow_run_state(db, run.id, state(StateType.RUNNING))
    first = await states.set_flow_run_state(
        db, run.id, state(StateType.FAILED), transition_id="fail-1"
    )
    replay = await states.set_flow_run_state(
        db, run.id, state(StateType.FAILED), transition_id="fail-1"
    )

    assert first.status is replay.status is SetStateStatus.REJECT
    assert replay.state.id == first.state.id
    assert replay.state.name == StateName.AWAITING_RETRY
