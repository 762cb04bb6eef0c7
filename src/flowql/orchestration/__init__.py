"""The orchestration state machine: pure, synchronous, no I/O.

Services load what a rule needs into a frozen :class:`Transition`, call
:func:`evaluate` with a policy (an ordered tuple of rules) and write what the
returned decision says. The SDK runs the same rules client-side.
"""

from flowql.orchestration.evaluate import OrchestrationResult, evaluate
from flowql.orchestration.policies import FLOW_RUN_POLICY, TASK_RUN_POLICY, policy_for
from flowql.orchestration.transition import (
    Abort,
    Accept,
    Decision,
    Reject,
    RetryPolicy,
    Rewrite,
    Rule,
    RunKind,
    RunSnapshot,
    RunUpdates,
    StateSnapshot,
    Transition,
    Wait,
)

__all__ = [
    "FLOW_RUN_POLICY",
    "TASK_RUN_POLICY",
    "Abort",
    "Accept",
    "Decision",
    "OrchestrationResult",
    "Reject",
    "RetryPolicy",
    "Rewrite",
    "Rule",
    "RunKind",
    "RunSnapshot",
    "RunUpdates",
    "StateSnapshot",
    "Transition",
    "Wait",
    "evaluate",
    "policy_for",
]
