"""Retries: FAILED (and crashed flow runs) become AwaitingRetry while retries remain."""

from __future__ import annotations

import pytest
from orchestration_factories import FLOW, NOW, TASK, decide, run, seconds, state

from flowql.core.states import StateName, StateType
from flowql.orchestration import Accept, RetryPolicy, RunKind, StateSnapshot
from flowql.orchestration.rules_common import retry_delay

RUNNING = state(StateType.RUNNING, at=NOW - seconds(30))


def fail(kind: RunKind, policy: RetryPolicy, run_count: int, **changes: object) -> Accept:
    result = decide(
        kind,
        RUNNING,
        state(StateType.FAILED, message="boom"),
        run_snapshot=run(kind, run_count=run_count, retry_policy=policy),
        **changes,
    )
    assert isinstance(result.decision, Accept)
    return result.decision


def assert_retry_in(accepted: StateSnapshot, delay: float) -> None:
    assert accepted.type is StateType.SCHEDULED
    assert accepted.name == StateName.AWAITING_RETRY
    assert accepted.scheduled_time == NOW + seconds(delay)


@pytest.mark.parametrize("kind", [FLOW, TASK])
@pytest.mark.parametrize(("run_count", "delay"), [(1, 5), (2, 30), (3, 60), (4, 60), (9, 60)])
def test_delays_follow_the_list_and_repeat_the_last(
    kind: RunKind, run_count: int, delay: int
) -> None:
    policy = RetryPolicy(retries=9, retry_delay_seconds=(5, 30, 60))

    assert_retry_in(fail(kind, policy, run_count).state, delay)


def test_no_delays_means_retry_now_and_message_is_kept() -> None:
    accepted = fail(FLOW, RetryPolicy(retries=1), run_count=1).state

    assert_retry_in(accepted, 0)
    assert accepted.message == "boom"
    assert accepted.timestamp == NOW


@pytest.mark.parametrize(("sample", "delay"), [(0.0, 5.0), (0.5, 10.0), (0.75, 12.5)])
def test_jitter_scales_the_delay_by_the_sample(sample: float, delay: float) -> None:
    policy = RetryPolicy(retries=1, retry_delay_seconds=(10,), retry_jitter_factor=0.5)

    assert_retry_in(fail(TASK, policy, 1, jitter_sample=sample).state, delay)


def test_jitter_stays_within_bounds() -> None:
    policy = RetryPolicy(retries=1, retry_delay_seconds=(10,), retry_jitter_factor=0.2)
    delays = [retry_delay(policy, 1, sample / 100) for sample in range(100)]

    assert min(delays) == 8.0
    assert 11.9 < max(delays) < 12.0


def test_jitter_never_makes_the_delay_negative() -> None:
    policy = RetryPolicy(retries=1, retry_delay_seconds=(10,), retry_jitter_factor=3.0)

    assert retry_delay(policy, 1, 0.0) == 0.0
    assert retry_delay(policy, 1, 0.9) == pytest.approx(34.0)


@pytest.mark.parametrize("kind", [FLOW, TASK])
def test_exhausted_retries_let_the_run_fail(kind: RunKind) -> None:
    accepted = fail(kind, RetryPolicy(retries=2, retry_delay_seconds=(1,)), run_count=3)

    assert accepted.state.type is StateType.FAILED
    assert accepted.state.name == "Failed"


def test_last_retry_is_still_granted() -> None:
    assert_retry_in(fail(TASK, RetryPolicy(retries=2), run_count=2).state, 0)


def test_task_whose_retry_condition_said_no_fails() -> None:
    result = decide(
        TASK,
        RUNNING,
        state(StateType.FAILED, details={"retry": False}),
        run_snapshot=run(TASK, run_count=1, retries=3),
    )

    assert result.decision == Accept(state(StateType.FAILED, details={"retry": False}))


def test_flow_runs_ignore_the_task_retry_flag() -> None:
    result = decide(
        FLOW,
        RUNNING,
        state(StateType.FAILED, details={"retry": False}),
        run_snapshot=run(FLOW, run_count=1, retries=3),
    )

    assert isinstance(result.decision, Accept)
    assert result.decision.state.name == StateName.AWAITING_RETRY


def test_only_failures_of_a_running_run_are_retried() -> None:
    pending = state(StateType.PENDING, at=NOW - seconds(5))
    failed = state(StateType.FAILED)

    result = decide(TASK, pending, failed, run_snapshot=run(TASK, run_count=1, retries=3))

    assert result.decision == Accept(failed)


def test_crashed_flow_run_with_retries_left_is_retried() -> None:
    policy = RetryPolicy(retries=1, retry_delay_seconds=(20,))
    result = decide(
        FLOW,
        RUNNING,
        state(StateType.CRASHED, message="worker lost"),
        run_snapshot=run(FLOW, run_count=1, retry_policy=policy),
    )

    assert isinstance(result.decision, Accept)
    assert_retry_in(result.decision.state, 20)
    assert result.decision.state.message == "worker lost"


def test_crashed_flow_run_without_retries_left_crashes() -> None:
    crashed = state(StateType.CRASHED)

    result = decide(FLOW, RUNNING, crashed, run_snapshot=run(FLOW, run_count=2, retries=1))

    assert result.decision == Accept(crashed)


def test_crashed_task_run_is_not_retried() -> None:
    crashed = state(StateType.CRASHED)

    result = decide(TASK, RUNNING, crashed, run_snapshot=run(TASK, run_count=1, retries=3))

    assert result.decision == Accept(crashed)


@pytest.mark.parametrize("kind", [FLOW, TASK])
def test_running_after_awaiting_retry_is_named_retrying(kind: RunKind) -> None:
    awaiting = state(StateType.SCHEDULED, StateName.AWAITING_RETRY, scheduled_time=NOW)

    result = decide(kind, awaiting, state(StateType.RUNNING), run_snapshot=run(kind, run_count=1))

    assert result.decision == Accept(state(StateType.RUNNING, StateName.RETRYING))


def test_forced_failure_is_not_retried() -> None:
    failed = state(StateType.FAILED)

    result = decide(
        FLOW, RUNNING, failed, run_snapshot=run(FLOW, run_count=1, retries=3), force=True
    )

    assert result.decision == Accept(failed)
