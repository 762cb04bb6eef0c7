"""Rules that only apply to flow runs: crash retries, pausing and resuming."""

from __future__ import annotations

from datetime import datetime

from flowql.core.states import StateName, StateType
from flowql.core.time import ensure_utc
from flowql.orchestration.rules_common import PAUSE_TIMEOUT, schedule_retry
from flowql.orchestration.transition import (
    Abort,
    Reject,
    Rewrite,
    RunKind,
    StateSnapshot,
    Transition,
)

ALLOWED_FROM_PAUSED = frozenset(
    {
        StateType.RUNNING,
        StateType.SCHEDULED,
        StateType.CANCELLING,
        StateType.CANCELLED,
        StateType.FAILED,
        StateType.CRASHED,
    }
)
RESUMING = frozenset({StateType.RUNNING, StateType.SCHEDULED})


def retry_crashed_flow_runs(t: Transition) -> Rewrite | None:
    """Turn a CRASHED flow run proposal into AwaitingRetry while retries remain.

    A crash (lost worker, killed container) is not the flow's fault, and a flow
    with retries left deserves another attempt just as after a failure. Task
    crashes are not retried: the enclosing flow run's retry covers them.
    """
    if t.run.kind is not RunKind.FLOW_RUN or t.initial_type is not StateType.RUNNING:
        return None
    if t.proposed_type is not StateType.CRASHED:
        return None
    return schedule_retry(t)


def prevent_pausing_idle_flows(t: Transition) -> Abort | Reject | None:
    """Only a RUNNING flow run may pause (or suspend).

    Pausing is something the flow's own code does while it executes; a run
    that is not running has no code to pause. A run without a state cannot be
    paused at all (Abort); any other non-running run keeps its state (Reject).
    """
    if t.run.kind is not RunKind.FLOW_RUN or t.proposed_type is not StateType.PAUSED:
        return None
    verb = "suspend" if t.proposed.name == StateName.SUSPENDED else "pause"
    if t.initial is None:
        return Abort(f"Cannot {verb} a flow run that has no state.")
    if t.initial.type is StateType.RUNNING:
        return None
    return Reject(f"Cannot {verb} a flow run that is not running.")


def restrict_leaving_paused(t: Transition) -> Reject | None:
    """A PAUSED flow run resumes (RUNNING), is rescheduled, cancelled or ends badly.

    RUNNING resumes in place and SCHEDULED reschedules a suspended run, which
    goes through PENDING again from there; CANCELLING stops the waiting process
    and CANCELLED, FAILED or CRASHED end the run. PENDING (skipping the
    schedule) and COMPLETED (it never finished its work) are rejected.
    PAUSED -> PAUSED belongs to prevent_pausing_idle_flows.
    """
    if t.run.kind is not RunKind.FLOW_RUN or t.initial_type is not StateType.PAUSED:
        return None
    if t.proposed_type in ALLOWED_FROM_PAUSED or t.proposed_type is StateType.PAUSED:
        return None
    return Reject(f"A paused flow run cannot become {t.proposed_type.value}; resume it first.")


def fail_expired_pauses(t: Transition) -> Reject | None:
    """A pause whose ``pause_timeout`` passed cannot resume: the run fails.

    Whoever paused the run gave it a deadline; resuming (RUNNING) or
    rescheduling (SCHEDULED) afterwards would run work nobody is waiting for.
    The client is told to adopt a FAILED state instead.
    """
    initial = t.initial
    if initial is None or initial.type is not StateType.PAUSED:
        return None
    if t.proposed_type not in RESUMING:
        return None
    timeout = pause_timeout(initial)
    if timeout is None or timeout >= t.now:
        return None
    failed = StateSnapshot(
        type=StateType.FAILED,
        name=StateType.FAILED.default_name,
        timestamp=t.now,
        message=f"The flow run was paused and never resumed: pause timed out at {timeout}.",
    )
    return Reject("The pause timed out; the run can no longer resume.", state=failed)


def pause_timeout(state: StateSnapshot) -> datetime | None:
    """The ``pause_timeout`` detail as a UTC datetime (ISO string or datetime)."""
    value = state.details.get(PAUSE_TIMEOUT)
    if isinstance(value, datetime):
        return ensure_utc(value)
    if not isinstance(value, str):
        return None
    try:
        return ensure_utc(datetime.fromisoformat(value))
    except ValueError:
        return None
