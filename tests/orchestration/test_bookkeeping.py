"""Run fields written with an accepted state: run_count, start/end time, run time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from orchestration_factories import FLOW, NOW, TASK, run, seconds, state

from flowql.core.states import StateName, StateType
from flowql.orchestration import (
    Accept,
    RetryPolicy,
    RunKind,
    RunSnapshot,
    RunUpdates,
    StateSnapshot,
    Transition,
    evaluate,
    policy_for,
)
from flowql.orchestration.bookkeeping import bookkeeping


def step(
    run_snapshot: RunSnapshot, initial: StateSnapshot | None, proposed: StateSnapshot
) -> tuple[RunSnapshot, StateSnapshot, RunUpdates]:
    """Evaluate at the proposal's time and apply the updates as a service would."""
    t = Transition(run=run_snapshot, initial=initial, proposed=proposed, now=proposed.timestamp)
    result = evaluate(policy_for(run_snapshot.kind), t)
    assert isinstance(result.decision, Accept), result.decision
    updates = result.run_updates
    assert updates is not None
    applied = replace(
        run_snapshot,
        run_count=updates.run_count,
        start_time=updates.start_time,
        end_time=updates.end_time,
        total_run_time=updates.total_run_time,
    )
    return applied, result.decision.state, updates


def at(second: int) -> datetime:
    return NOW + seconds(second)


def test_retry_cycle_counts_attempts_and_running_time() -> None:
    r = run(TASK, retry_policy=RetryPolicy(retries=1, retry_delay_seconds=(10,)))

    r, current, _ = step(r, None, state(StateType.PENDING, at=at(0)))
    assert (r.run_count, r.start_time) == (0, None)

    r, current, _ = step(r, current, state(StateType.RUNNING, at=at(5)))
    assert (r.run_count, r.start_time, r.total_run_time) == (1, at(5), 0.0)

    r, current, updates = step(r, current, state(StateType.FAILED, at=at(20)))
    assert (current.type, current.name) == (StateType.SCHEDULED, StateName.AWAITING_RETRY)
    assert updates.expected_start_time == at(30)
    assert (r.run_count, r.total_run_time, r.end_time) == (1, 15.0, None)

    r, current, _ = step(r, current, state(StateType.RUNNING, at=at(30)))
    assert current.name == StateName.RETRYING
    assert (r.run_count, r.start_time, r.total_run_time) == (2, at(5), 15.0)

    r, current, updates = step(r, current, state(StateType.COMPLETED, at=at(38)))
    assert current.type is StateType.COMPLETED
    assert updates == RunUpdates(
        run_count=2, start_time=at(5), end_time=at(38), total_run_time=23.0
    )


def test_exhausted_retries_end_the_run() -> None:
    r = run(FLOW, run_count=1, start_time=at(0), retries=0)
    running = state(StateType.RUNNING, at=at(0))

    r, current, _ = step(r, running, state(StateType.FAILED, at=at(4)))

    assert current.type is StateType.FAILED
    assert (r.run_count, r.end_time, r.total_run_time) == (1, at(4), 4.0)


def updates(
    initial: StateSnapshot | None,
    accepted: StateSnapshot,
    now: datetime = NOW,
    **run_fields: Any,
) -> RunUpdates:
    return bookkeeping(run(FLOW, **run_fields), initial, accepted, now)


def test_running_to_running_does_not_count_an_attempt() -> None:
    result = updates(state(StateType.RUNNING, at=at(-5)), state(StateType.RUNNING), run_count=1)

    assert (result.run_count, result.total_run_time) == (1, 0.0)


def test_running_time_is_never_negative() -> None:
    result = updates(state(StateType.RUNNING, at=at(0)), state(StateType.FAILED, at=at(-3)))

    assert result.total_run_time == 0.0


def test_future_timestamps_are_capped_at_now() -> None:
    result = updates(state(StateType.RUNNING, at=at(-10)), state(StateType.COMPLETED, at=at(50)))

    assert (result.end_time, result.total_run_time) == (NOW, 10.0)


def test_leaving_a_terminal_state_clears_end_time() -> None:
    retry = state(StateType.SCHEDULED, StateName.AWAITING_RETRY, scheduled_time=at(60))

    result = updates(
        state(StateType.CRASHED, at=at(-9)), retry, end_time=at(-9), total_run_time=7.0
    )

    assert result == RunUpdates(
        run_count=0, start_time=None, end_time=None, total_run_time=7.0, expected_start_time=at(60)
    )


def test_non_scheduled_state_leaves_expected_start_time_unchanged() -> None:
    assert updates(None, state(StateType.PENDING)).expected_start_time is None


def test_new_run_created_running_starts_now() -> None:
    result = updates(None, state(StateType.RUNNING, at=at(-1)))

    assert (result.run_count, result.start_time, result.end_time) == (1, at(-1), None)


def test_kind_does_not_change_bookkeeping() -> None:
    initial, accepted = state(StateType.RUNNING, at=at(-2)), state(StateType.COMPLETED)
    flow = bookkeeping(run(RunKind.FLOW_RUN), initial, accepted, NOW)
    task = bookkeeping(run(RunKind.TASK_RUN), initial, accepted, NOW)

    assert flow == task
