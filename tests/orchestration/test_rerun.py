"""A retrying flow runs its task runs again: they may leave their terminal state."""

from __future__ import annotations

import pytest
from orchestration_factories import FLOW, TASK, decide, run, state

from flowql.core.states import StateType
from flowql.orchestration import Accept, Reject

TERMINAL = [StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED]


@pytest.mark.parametrize("final", TERMINAL)
def test_a_rerun_task_run_starts_over_from_a_terminal_state(final: StateType) -> None:
    result = decide(
        TASK,
        state(final),
        state(StateType.PENDING),
        run_snapshot=run(TASK, run_count=0, rerun=True),
    )

    assert isinstance(result.decision, Accept)
    assert result.run_updates is not None
    assert result.run_updates.end_time is None


@pytest.mark.parametrize("final", TERMINAL)
def test_without_a_rerun_terminal_task_runs_stay_final(final: StateType) -> None:
    result = decide(TASK, state(final), state(StateType.PENDING))

    assert isinstance(result.decision, Reject)


def test_rerun_does_not_reopen_flow_runs() -> None:
    result = decide(
        FLOW,
        state(StateType.COMPLETED),
        state(StateType.PENDING),
        run_snapshot=run(FLOW, run_count=1, rerun=True),
    )

    assert isinstance(result.decision, Reject)
