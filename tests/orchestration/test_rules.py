"""Targeted tests of the rules other than retries, through the real policies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from orchestration_factories import FLOW, NOW, TASK, decide, run, seconds, state

from flowql.core.states import StateName, StateType
from flowql.orchestration import Abort, Accept, Reject, RunKind, Wait

RUNNING = state(StateType.RUNNING, at=NOW - seconds(30))
CANCELLING = state(StateType.CANCELLING, at=NOW - seconds(5))
PAUSED = state(StateType.PAUSED, at=NOW - seconds(60))


@pytest.mark.parametrize("kind", [FLOW, TASK])
def test_terminal_reject_names_the_state_and_force(kind: RunKind) -> None:
    completed = state(StateType.COMPLETED, at=NOW - seconds(5))

    result = decide(kind, completed, state(StateType.RUNNING))

    assert isinstance(result.decision, Reject)
    assert result.decision.state is None
    assert "COMPLETED" in result.decision.reason
    assert "force" in result.decision.reason


@pytest.mark.parametrize("kind", [FLOW, TASK])
def test_cancelling_run_cannot_run_again(kind: RunKind) -> None:
    result = decide(kind, CANCELLING, state(StateType.RUNNING))

    assert result.decision == Reject("A cancelling run can only end; it cannot become RUNNING.")


@pytest.mark.parametrize("proposed", [StateType.CANCELLED, StateType.CRASHED])
def test_cancelling_run_may_end(proposed: StateType) -> None:
    assert decide(FLOW, CANCELLING, state(proposed)).decision == Accept(state(proposed))


@pytest.mark.parametrize("initial", [StateType.PENDING, StateType.RUNNING])
def test_second_worker_submitting_a_run_is_aborted(initial: StateType) -> None:
    result = decide(FLOW, state(initial, at=NOW - seconds(1)), state(StateType.PENDING))

    assert result.decision == Abort(f"The run is {initial.value} and cannot become PENDING.")


def test_duplicate_runner_is_aborted() -> None:
    result = decide(TASK, RUNNING, state(StateType.RUNNING))

    assert result.decision == Abort("The run is already running.")


def test_repeated_transition_id_gets_the_current_state() -> None:
    initial = state(StateType.RUNNING, at=NOW - seconds(1), details={"transition_id": "t-1"})

    repeated = decide(FLOW, initial, state(StateType.RUNNING, details={"transition_id": "t-1"}))
    fresh = decide(FLOW, initial, state(StateType.COMPLETED, details={"transition_id": "t-2"}))

    assert repeated.decision == Reject("This run has already made this state transition.")
    assert isinstance(fresh.decision, Accept)


@pytest.mark.parametrize("kind", [FLOW, TASK])
@pytest.mark.parametrize("proposed", [StateType.PENDING, StateType.RUNNING])
def test_early_start_waits_until_the_scheduled_time(kind: RunKind, proposed: StateType) -> None:
    initial = state(StateType.SCHEDULED, at=NOW - seconds(100), scheduled_time=NOW + seconds(42.5))

    result = decide(kind, initial, state(proposed))

    assert result.decision == Wait("The scheduled time is in the future.", delay_seconds=42.5)
    assert result.run_updates is None


def test_pending_run_waits_for_its_copied_scheduled_time() -> None:
    pending = state(StateType.PENDING, at=NOW - seconds(1), scheduled_time=NOW + seconds(7))

    result = decide(FLOW, pending, state(StateType.RUNNING))

    assert isinstance(result.decision, Wait)
    assert result.decision.delay_seconds == 7


def test_due_run_starts() -> None:
    initial = state(StateType.SCHEDULED, at=NOW - seconds(100), scheduled_time=NOW)

    assert isinstance(decide(FLOW, initial, state(StateType.RUNNING)).decision, Accept)


def test_pending_state_carries_the_scheduled_time() -> None:
    due = NOW - seconds(3)
    initial = state(StateType.SCHEDULED, at=NOW - seconds(100), scheduled_time=due)

    result = decide(TASK, initial, state(StateType.PENDING))

    assert result.decision == Accept(state(StateType.PENDING, scheduled_time=due))


def test_scheduled_time_on_the_pending_proposal_wins() -> None:
    initial = state(StateType.SCHEDULED, at=NOW - seconds(100), scheduled_time=NOW - seconds(50))
    proposed = state(StateType.PENDING, scheduled_time=NOW - seconds(1))

    assert decide(FLOW, initial, proposed).decision == Accept(proposed)


def test_manual_retry_of_a_failed_flow_run_is_accepted() -> None:
    failed = state(StateType.FAILED, at=NOW - seconds(60))
    retry = state(StateType.SCHEDULED, StateName.AWAITING_RETRY, scheduled_time=NOW)
    ended = run(FLOW, run_count=3, end_time=NOW - seconds(60))

    result = decide(FLOW, failed, retry, run_snapshot=ended)

    assert result.decision == Accept(retry)
    assert result.run_updates is not None
    assert result.run_updates.end_time is None
    assert result.run_updates.run_count == 3
    assert result.run_updates.expected_start_time == NOW


def test_manual_retry_of_a_task_run_is_rejected() -> None:
    failed = state(StateType.FAILED, at=NOW - seconds(60))
    retry = state(StateType.SCHEDULED, StateName.AWAITING_RETRY, scheduled_time=NOW)

    assert isinstance(decide(TASK, failed, retry).decision, Reject)


def test_cached_completed_state_is_served_instead_of_running() -> None:
    cached = state(
        StateType.COMPLETED, at=NOW - timedelta(days=1), message="done", details={"key": "k"}
    )
    pending = state(StateType.PENDING, at=NOW - seconds(1))

    result = decide(TASK, pending, state(StateType.RUNNING), cached_state=cached)

    assert result.decision == Reject(
        "Retrieved the result from the cache.",
        state=state(StateType.COMPLETED, StateName.CACHED, message="done", details={"key": "k"}),
    )


def test_cache_is_ignored_unless_completed_or_for_flows() -> None:
    pending = state(StateType.PENDING, at=NOW - seconds(1))
    failed = state(StateType.FAILED, at=NOW - seconds(9))
    completed = state(StateType.COMPLETED, at=NOW - seconds(9))

    task = decide(TASK, pending, state(StateType.RUNNING), cached_state=failed)
    flow = decide(FLOW, pending, state(StateType.RUNNING), cached_state=completed)

    assert task.decision == Accept(state(StateType.RUNNING))
    assert flow.decision == Accept(state(StateType.RUNNING))


@pytest.mark.parametrize(
    "flow_state", [StateType.CANCELLING, StateType.COMPLETED, StateType.PENDING]
)
def test_task_of_a_stopped_flow_is_aborted(flow_state: StateType) -> None:
    task_run = run(TASK, flow_run_state=state(flow_state, at=NOW - seconds(9)))

    result = decide(TASK, None, state(StateType.RUNNING), run_snapshot=task_run)

    assert isinstance(result.decision, Abort)
    assert flow_state.value in result.decision.reason


def test_task_of_a_paused_flow_waits_in_a_not_ready_paused_state() -> None:
    timeout = "2025-03-01T13:00:00+00:00"
    flow_state = state(StateType.PAUSED, at=NOW - seconds(9), details={"pause_timeout": timeout})

    result = decide(
        TASK, None, state(StateType.RUNNING), run_snapshot=run(TASK, flow_run_state=flow_state)
    )

    assert result.decision == Reject(
        "The flow run is paused; tasks run after it resumes.",
        state=state(StateType.PAUSED, "NotReady", details={"pause_timeout": timeout}),
    )


def test_task_without_a_known_flow_state_may_run() -> None:
    task_run = run(TASK, flow_run_state=None)

    assert isinstance(
        decide(TASK, None, state(StateType.RUNNING), run_snapshot=task_run).decision, Accept
    )


def test_task_runs_cannot_pause() -> None:
    result = decide(TASK, RUNNING, state(StateType.PAUSED))

    assert result.decision == Abort("Task runs cannot be paused; pause the flow run instead.")


def test_only_running_flow_runs_pause() -> None:
    pending = state(StateType.PENDING, at=NOW - seconds(1))

    assert decide(FLOW, RUNNING, state(StateType.PAUSED)).decision == Accept(
        state(StateType.PAUSED)
    )
    assert decide(FLOW, pending, state(StateType.PAUSED)).decision == Reject(
        "Cannot pause a flow run that is not running."
    )
    assert decide(FLOW, None, state(StateType.PAUSED, StateName.SUSPENDED)).decision == Abort(
        "Cannot suspend a flow run that has no state."
    )


@pytest.mark.parametrize(
    ("proposed", "accepted"),
    [
        (StateType.RUNNING, True),
        (StateType.SCHEDULED, True),
        (StateType.CANCELLING, True),
        (StateType.FAILED, True),
        (StateType.PENDING, False),
        (StateType.COMPLETED, False),
    ],
)
def test_moves_out_of_paused(proposed: StateType, accepted: bool) -> None:
    result = decide(FLOW, PAUSED, state(proposed))

    assert isinstance(result.decision, Accept) is accepted


@pytest.mark.parametrize(
    "timeout", ["2025-03-01T11:59:00+00:00", "2025-03-01T11:59:00", NOW - seconds(60)]
)
@pytest.mark.parametrize("proposed", [StateType.RUNNING, StateType.SCHEDULED])
def test_expired_pause_fails_instead_of_resuming(timeout: object, proposed: StateType) -> None:
    paused = state(StateType.PAUSED, at=NOW - seconds(600), details={"pause_timeout": timeout})

    result = decide(FLOW, paused, state(proposed))

    assert isinstance(result.decision, Reject)
    assert result.decision.reason == "The pause timed out; the run can no longer resume."
    failed = result.decision.state
    assert failed is not None
    assert (failed.type, failed.name, failed.timestamp) == (StateType.FAILED, "Failed", NOW)
    assert failed.message is not None and "pause timed out" in failed.message


@pytest.mark.parametrize("timeout", ["2025-03-01T12:01:00+00:00", "not a date", None])
def test_pause_without_an_expired_timeout_resumes(timeout: object) -> None:
    paused = state(StateType.PAUSED, at=NOW - seconds(600), details={"pause_timeout": timeout})

    assert decide(FLOW, paused, state(StateType.RUNNING)).decision == Accept(
        state(StateType.RUNNING)
    )


def test_expired_pause_may_still_be_cancelled() -> None:
    paused = state(
        StateType.PAUSED, at=NOW - seconds(600), details={"pause_timeout": NOW - seconds(1)}
    )

    assert isinstance(decide(FLOW, paused, state(StateType.CANCELLED)).decision, Accept)
