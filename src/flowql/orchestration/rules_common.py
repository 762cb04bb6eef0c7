"""Rules shared by flow runs and task runs.

Each rule is a pure function of a frozen :class:`Transition`. It returns
``None`` when it has no opinion, or a Reject / Wait / Abort / Rewrite. Rules
are modelled on Prefect 3's core orchestration policy; their docstrings say
why they exist, the policies say in which order they run.
"""

from __future__ import annotations

from datetime import timedelta

from flowql.core.states import StateName, StateType
from flowql.orchestration.transition import (
    Abort,
    Reject,
    RetryPolicy,
    Rewrite,
    RunKind,
    StateSnapshot,
    Transition,
    Wait,
)

RANK = {StateType.SCHEDULED: 0, StateType.PENDING: 1, StateType.RUNNING: 2}
"""The forward order of the states a run passes through before it runs."""

MANUAL_RETRY_FROM = frozenset({StateType.FAILED, StateType.CRASHED, StateType.CANCELLED})
PENDING_BLOCKED_FROM = frozenset(
    {StateType.PENDING, StateType.RUNNING, StateType.CANCELLING, StateType.CANCELLED}
)
ALLOWED_FROM_CANCELLING = frozenset(
    {StateType.CANCELLED, StateType.COMPLETED, StateType.FAILED, StateType.CRASHED}
)
TRANSITION_ID = "transition_id"
PAUSE_TIMEOUT = "pause_timeout"


def is_awaiting_retry(state: StateSnapshot) -> bool:
    return state.type is StateType.SCHEDULED and state.name == StateName.AWAITING_RETRY


def prevent_duplicate_transitions(t: Transition) -> Reject | None:
    """Reject a proposal that carries the transition id of the current state.

    A client whose request was accepted but whose response got lost retries
    the same request. Answering with the current state (instead of running the
    rules again, which could now say something else) makes that retry
    idempotent. Clients opt in by putting ``transition_id`` in the details.
    """
    if t.initial is None:
        return None
    proposed_id = t.proposed.details.get(TRANSITION_ID)
    if proposed_id is None or proposed_id != t.initial.details.get(TRANSITION_ID):
        return None
    return Reject("This run has already made this state transition.")


def prevent_leaving_terminal_states(t: Transition) -> Reject | None:
    """Reject every move out of COMPLETED, FAILED, CANCELLED or CRASHED.

    A terminal state is the run's final answer: results, end time and
    downstream automations depend on it, and a late or duplicate client message
    must not reopen it. Operators who really mean it use ``force``. The two
    ordinary ways out: a manual retry of a flow run that did not complete (a
    SCHEDULED state named AwaitingRetry from FAILED, CRASHED or CANCELLED), and
    a task run that its retrying flow runs again (``run.rerun``, as Prefect's
    flow_run_run_count check), which starts over as a new attempt.
    """
    if t.initial is None or not t.initial.type.is_terminal:
        return None
    if t.run.kind is RunKind.FLOW_RUN and _is_manual_retry(t):
        return None
    if t.run.kind is RunKind.TASK_RUN and t.run.rerun:
        return None
    return Reject(
        f"The run is already {t.initial.type.value} ({t.initial.name}); "
        "terminal states are final unless the transition is forced (force=True)."
    )


def _is_manual_retry(t: Transition) -> bool:
    return t.initial_type in MANUAL_RETRY_FROM and is_awaiting_retry(t.proposed)


def enforce_cancelling_to_cancelled(t: Transition) -> Reject | None:
    """A CANCELLING run may only end: CANCELLED, or COMPLETED/FAILED/CRASHED.

    CANCELLING means infrastructure is being torn down. Letting the run go
    back to SCHEDULED, PENDING or RUNNING would resurrect a run the user asked
    to stop; a run that finished (or crashed) during teardown may still report
    how it really ended.
    """
    if t.initial_type is not StateType.CANCELLING:
        return None
    if t.proposed_type in ALLOWED_FROM_CANCELLING:
        return None
    return Reject(f"A cancelling run can only end; it cannot become {t.proposed_type.value}.")


def prevent_pending_transitions(t: Transition) -> Abort | None:
    """Abort PENDING proposals for runs that are already submitted or stopping.

    Two workers may pick up the same scheduled run. The second one proposes
    PENDING while the run is PENDING or already RUNNING and must back off
    instead of submitting a duplicate. CANCELLING and CANCELLED runs must not
    be submitted again either, unless a retrying flow runs the task run again
    (``run.rerun``): that is a new attempt, not a duplicate submission.
    """
    initial = t.initial
    if initial is None or initial.type not in PENDING_BLOCKED_FROM or t.run.rerun:
        return None
    if t.proposed_type is not StateType.PENDING:
        return None
    return Abort(f"The run is {initial.type.value} and cannot become PENDING.")


def prevent_duplicate_running(t: Transition) -> Abort | None:
    """Abort RUNNING proposals for a run that is already RUNNING.

    Only one process executes a run. A second RUNNING proposal comes from a
    duplicate executor, which must stop. Retries never go RUNNING -> RUNNING:
    they pass through AwaitingRetry, so run_count counts every attempt.
    """
    if t.initial_type is StateType.RUNNING and t.proposed_type is StateType.RUNNING:
        return Abort("The run is already running.")
    return None


def ensure_only_scheduled_runs_marked_late(t: Transition) -> Reject | None:
    """Only a SCHEDULED run may be marked Late.

    The late-runs service marks runs whose scheduled time passed. If the run
    was picked up in the meantime, the mark would move it backwards; the run
    keeps its current state instead.
    """
    proposed = t.proposed
    if proposed.type is not StateType.SCHEDULED or proposed.name != StateName.LATE:
        return None
    if t.initial is None or t.initial.type is StateType.SCHEDULED:
        return None
    return Reject("Only scheduled runs can be marked late.")


def prevent_redundant_backwards_moves(t: Transition) -> Abort | None:
    """Abort SCHEDULED proposals for a run that is SCHEDULED, PENDING or RUNNING.

    Runs move SCHEDULED -> PENDING -> RUNNING. Proposing a lower or equal rank
    means a stale or duplicate client. PENDING and RUNNING proposals are
    handled by prevent_pending_transitions and prevent_duplicate_running, so
    this rule covers SCHEDULED proposals. Excepted: a retry (AwaitingRetry from
    RUNNING) and Late marks, which ensure_only_scheduled_runs_marked_late owns.
    """
    initial = t.initial
    if initial is None or initial.type not in RANK:
        return None
    if t.proposed_type is not StateType.SCHEDULED or t.proposed.name == StateName.LATE:
        return None
    if initial.type is StateType.RUNNING and is_awaiting_retry(t.proposed):
        return None
    return Abort(f"The run is already {initial.type.value} and cannot be scheduled again.")


def copy_scheduled_time(t: Transition) -> Rewrite | None:
    """Carry the scheduled time from SCHEDULED into the PENDING proposal.

    The PENDING state then still knows when the run is due, so
    wait_for_scheduled_time can hold the PENDING -> RUNNING step too. A
    scheduled time set on the proposal wins.
    """
    if t.initial is None or t.initial.type is not StateType.SCHEDULED:
        return None
    if t.proposed_type is not StateType.PENDING or t.proposed.scheduled_time is not None:
        return None
    if t.initial.scheduled_time is None:
        return None
    return Rewrite(
        t.proposed.evolve(scheduled_time=t.initial.scheduled_time),
        "Copied the scheduled time of the scheduled state.",
    )


def wait_for_scheduled_time(t: Transition) -> Wait | None:
    """Hold a run that tries to start before its scheduled time.

    The server's clock decides when a run is due, not the client's. PENDING
    and RUNNING proposals from SCHEDULED wait, and so do RUNNING proposals from
    PENDING, whose scheduled time copy_scheduled_time kept. The delay is the
    number of seconds until the scheduled time.
    """
    initial = t.initial
    if initial is None or initial.scheduled_time is None:
        return None
    if not _starts_run(initial.type, t.proposed_type):
        return None
    delay = (initial.scheduled_time - t.now).total_seconds()
    if delay <= 0:
        return None
    return Wait("The scheduled time is in the future.", delay_seconds=delay)


def _starts_run(initial: StateType, proposed: StateType) -> bool:
    if initial is StateType.SCHEDULED:
        return proposed in (StateType.PENDING, StateType.RUNNING)
    return initial is StateType.PENDING and proposed is StateType.RUNNING


def retry_failed_runs(t: Transition) -> Rewrite | None:
    """Turn a FAILED proposal into AwaitingRetry while retries remain.

    Retries are a server decision so every client (and the UI) sees the same
    count. ``run_count`` counts the attempt that just failed, so attempt n is
    retried while n <= retries. A task whose retry condition said no sends
    ``{"retry": False}`` in the details and is not retried.
    """
    if t.initial_type is not StateType.RUNNING or t.proposed_type is not StateType.FAILED:
        return None
    if t.run.kind is RunKind.TASK_RUN and t.proposed.details.get("retry") is False:
        return None
    return schedule_retry(t)


def schedule_retry(t: Transition) -> Rewrite | None:
    """Rewrite the proposal into AwaitingRetry if the run has retries left."""
    policy = t.run.retry_policy
    if t.run.run_count > policy.retries:
        return None
    delay = retry_delay(policy, t.run.run_count, t.jitter_sample)
    retry = t.proposed.evolve(
        type=StateType.SCHEDULED,
        name=StateName.AWAITING_RETRY,
        scheduled_time=t.now + timedelta(seconds=delay),
    )
    return Rewrite(retry, f"Retry {t.run.run_count} of {policy.retries} in {delay:g}s.")


def retry_delay(policy: RetryPolicy, attempt: int, jitter_sample: float) -> float:
    """Seconds to wait before retrying after ``attempt`` (1-based) failed.

    The base delay is ``retry_delay_seconds[attempt - 1]``; the last delay
    repeats and an empty tuple means 0. With ``retry_jitter_factor`` f and the
    caller's sample s in [0, 1), the delay becomes ``base * (1 + f * (2s - 1))``,
    i.e. uniform in ``base * [1 - f, 1 + f)``, clamped at 0.
    """
    delays = policy.retry_delay_seconds
    if not delays:
        return 0.0
    base = delays[min(max(attempt - 1, 0), len(delays) - 1)]
    if not policy.retry_jitter_factor:
        return base
    return max(0.0, base * (1 + policy.retry_jitter_factor * (2 * jitter_sample - 1)))


def rename_reruns(t: Transition) -> Rewrite | None:
    """Name a RUNNING proposal that leaves AwaitingRetry "Retrying".

    The name tells users (and the UI) that this attempt is a retry. Applies
    only to runs that already ran (run_count > 0).
    """
    if t.initial is None or t.proposed_type is not StateType.RUNNING:
        return None
    if t.run.run_count == 0 or not is_awaiting_retry(t.initial):
        return None
    if t.proposed.name == StateName.RETRYING:
        return None
    return Rewrite(t.proposed.evolve(name=StateName.RETRYING), "This attempt is a retry.")
