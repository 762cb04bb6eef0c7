"""Run fields that follow from an accepted state: counts, times, durations."""

from __future__ import annotations

from datetime import datetime

from flowql.core.states import StateType
from flowql.orchestration.transition import RunSnapshot, RunUpdates, StateSnapshot


def bookkeeping(
    run: RunSnapshot,
    initial: StateSnapshot | None,
    accepted: StateSnapshot,
    now: datetime,
) -> RunUpdates:
    """The run fields to write with ``accepted``, the state that replaces ``initial``.

    Times come from the state timestamps, so the run agrees with its state
    history; ``now`` only caps a timestamp from a client clock that runs ahead.
    """
    at = min(accepted.timestamp, now)
    entering_running = accepted.type is StateType.RUNNING and not _is_running(initial)
    return RunUpdates(
        run_count=run.run_count + 1 if entering_running else run.run_count,
        start_time=run.start_time or (at if entering_running else None),
        end_time=_end_time(run, initial, accepted, at),
        total_run_time=run.total_run_time + _seconds_running(initial, accepted, at),
        expected_start_time=_expected_start_time(accepted),
    )


def _is_running(state: StateSnapshot | None) -> bool:
    return state is not None and state.type is StateType.RUNNING


def _end_time(
    run: RunSnapshot, initial: StateSnapshot | None, accepted: StateSnapshot, at: datetime
) -> datetime | None:
    """Set on entering a terminal state, cleared on leaving one (a manual retry)."""
    if accepted.type.is_terminal:
        return at
    if initial is not None and initial.type.is_terminal:
        return None
    return run.end_time


def _seconds_running(initial: StateSnapshot | None, accepted: StateSnapshot, at: datetime) -> float:
    """Seconds spent in RUNNING when ``accepted`` ends a RUNNING stretch, never negative."""
    if initial is None or initial.type is not StateType.RUNNING:
        return 0.0
    if accepted.type is StateType.RUNNING:
        return 0.0
    return max(0.0, (at - initial.timestamp).total_seconds())


def _expected_start_time(accepted: StateSnapshot) -> datetime | None:
    """The scheduled time of an accepted SCHEDULED state; None leaves the run's as is."""
    if accepted.type is StateType.SCHEDULED:
        return accepted.scheduled_time
    return None
