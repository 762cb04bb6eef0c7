"""Run a policy over a transition and say what to write."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flowql.orchestration.bookkeeping import bookkeeping
from flowql.orchestration.transition import (
    Accept,
    Decision,
    Reject,
    Rewrite,
    Rule,
    RunUpdates,
    Transition,
)


@dataclass(frozen=True, slots=True)
class OrchestrationResult:
    """The decision, and the run fields to write with the state it writes.

    ``run_updates`` is set exactly when a state is written: for an Accept, and
    for a Reject that carries a replacement state.
    """

    decision: Decision
    run_updates: RunUpdates | None
    rewrites: tuple[str, ...] = ()
    """The reasons of the Rewrites applied on the way, in order."""


def evaluate(policy: tuple[Rule, ...], transition: Transition) -> OrchestrationResult:
    """Apply ``policy`` to ``transition``, rule by rule, in order.

    A forced transition skips every rule. Otherwise the first Reject, Wait or
    Abort is the answer; a Rewrite replaces the proposed state for the rules
    that follow it (the earlier ones do not run again). When no rule objects,
    the (possibly rewritten) proposal is accepted.
    """
    if transition.force:
        return _accept(transition, ())
    rewrites: list[str] = []
    for rule in policy:
        answer = rule(transition)
        if answer is None:
            continue
        if isinstance(answer, Rewrite):
            transition = replace(transition, proposed=answer.state)
            rewrites.append(answer.reason)
            continue
        updates = None
        if isinstance(answer, Reject) and answer.state is not None:
            updates = bookkeeping(transition.run, transition.initial, answer.state, transition.now)
        return OrchestrationResult(answer, updates, tuple(rewrites))
    return _accept(transition, tuple(rewrites))


def _accept(transition: Transition, rewrites: tuple[str, ...]) -> OrchestrationResult:
    accepted = transition.proposed
    updates = bookkeeping(transition.run, transition.initial, accepted, transition.now)
    return OrchestrationResult(Accept(accepted), updates, rewrites)
