"""Policies: the ordered rules a flow run or task run transition goes through.

Evaluation stops at the first Reject, Wait or Abort, and a Rewrite only
reaches the rules after it, so the order is part of the meaning:

1. Idempotency first: a retried request must get the answer of the first one,
   whatever the other rules would say now.
2. Then the guards of the state graph (terminal, cancelling, pending, running,
   late, backwards, pausing). They only Reject or Abort, and they look at the
   proposal as the client sent it, before any rule reshapes it.
3. Then the rules that answer for a valid move: the cache (a hit wins over
   waiting or the flow's state, as in Prefect), the enclosing flow, the
   scheduled time (copy before wait, so the wait sees the copied time).
4. Rewrites last: retries reshape FAILED/CRASHED into AwaitingRetry, which no
   later rule blocks, and rename_reruns names a RUNNING proposal that passed
   every check.
"""

from __future__ import annotations

from flowql.orchestration.rules_common import (
    copy_scheduled_time,
    enforce_cancelling_to_cancelled,
    ensure_only_scheduled_runs_marked_late,
    prevent_duplicate_running,
    prevent_duplicate_transitions,
    prevent_leaving_terminal_states,
    prevent_pending_transitions,
    prevent_redundant_backwards_moves,
    rename_reruns,
    retry_failed_runs,
    wait_for_scheduled_time,
)
from flowql.orchestration.rules_flow import (
    fail_expired_pauses,
    prevent_pausing_idle_flows,
    restrict_leaving_paused,
    retry_crashed_flow_runs,
)
from flowql.orchestration.rules_task import (
    prevent_pausing_tasks,
    prevent_running_tasks_from_stopped_flows,
    use_cached_result,
)
from flowql.orchestration.transition import Rule, RunKind

FLOW_RUN_POLICY: tuple[Rule, ...] = (
    prevent_duplicate_transitions,
    prevent_leaving_terminal_states,  # before all: a terminal run answers nothing else
    enforce_cancelling_to_cancelled,  # before pending: cancelling runs get Reject, not Abort
    prevent_pending_transitions,
    prevent_duplicate_running,
    ensure_only_scheduled_runs_marked_late,  # owns Late proposals; backwards skips them
    prevent_redundant_backwards_moves,
    prevent_pausing_idle_flows,
    restrict_leaving_paused,  # the allowed moves out of PAUSED ...
    fail_expired_pauses,  # ... then whether the pause may still resume
    copy_scheduled_time,  # before wait, so PENDING carries the time it waits for
    wait_for_scheduled_time,
    retry_failed_runs,
    retry_crashed_flow_runs,
    rename_reruns,
)

TASK_RUN_POLICY: tuple[Rule, ...] = (
    prevent_duplicate_transitions,
    prevent_leaving_terminal_states,
    enforce_cancelling_to_cancelled,
    prevent_pending_transitions,
    prevent_duplicate_running,
    ensure_only_scheduled_runs_marked_late,
    prevent_redundant_backwards_moves,
    prevent_pausing_tasks,
    use_cached_result,  # only valid RUNNING proposals; a hit beats the flow check and the wait
    prevent_running_tasks_from_stopped_flows,
    copy_scheduled_time,
    wait_for_scheduled_time,
    retry_failed_runs,
    rename_reruns,
)

_POLICIES: dict[RunKind, tuple[Rule, ...]] = {
    RunKind.FLOW_RUN: FLOW_RUN_POLICY,
    RunKind.TASK_RUN: TASK_RUN_POLICY,
}


def policy_for(kind: RunKind) -> tuple[Rule, ...]:
    """The policy that governs runs of ``kind``."""
    return _POLICIES[kind]
