"""evaluate(): force, rule order, rewrites and where evaluation stops."""

from __future__ import annotations

from orchestration_factories import FLOW, NOW, seconds, state, transition

from flowql.core.states import StateType
from flowql.orchestration import (
    Abort,
    Accept,
    Reject,
    Rewrite,
    Rule,
    RunKind,
    Transition,
    Wait,
    evaluate,
    policy_for,
)

RUNNING = state(StateType.RUNNING, at=NOW - seconds(10))


def recorder(seen: list[str]) -> Rule:
    def record(t: Transition) -> None:
        seen.append(t.proposed.name)

    return record


def test_rewrite_replaces_the_proposal_for_later_rules() -> None:
    seen: list[str] = []

    def rename(t: Transition) -> Rewrite:
        return Rewrite(t.proposed.evolve(name="Renamed"), "test")

    policy = (recorder(seen), rename, recorder(seen))
    result = evaluate(policy, transition(FLOW, RUNNING, state(StateType.COMPLETED)))

    assert seen == ["Completed", "Renamed"]
    assert result.decision == Accept(state(StateType.COMPLETED, "Renamed"))


def test_first_objection_stops_evaluation() -> None:
    seen: list[str] = []

    def wait(t: Transition) -> Wait:
        return Wait("later", 3.0)

    def reject(t: Transition) -> Reject:
        return Reject("no")

    result = evaluate(
        (wait, reject, recorder(seen)), transition(FLOW, RUNNING, state(StateType.FAILED))
    )

    assert result.decision == Wait("later", 3.0)
    assert result.run_updates is None
    assert seen == []


def test_force_skips_every_rule() -> None:
    def explode(t: Transition) -> Abort:
        raise AssertionError("rules must not run when forced")

    result = evaluate((explode,), transition(FLOW, RUNNING, state(StateType.PENDING), force=True))

    assert result.decision == Accept(state(StateType.PENDING))


def test_empty_policy_accepts_with_bookkeeping() -> None:
    result = evaluate((), transition(FLOW, RUNNING, state(StateType.COMPLETED)))

    assert result.decision == Accept(state(StateType.COMPLETED))
    assert result.run_updates is not None
    assert result.run_updates.total_run_time == 10.0
    assert result.run_updates.end_time == NOW


def test_policies_are_distinct_per_kind() -> None:
    flow, task = policy_for(RunKind.FLOW_RUN), policy_for(RunKind.TASK_RUN)

    assert [rule.__name__ for rule in flow][:2] == [
        "prevent_duplicate_transitions",
        "prevent_leaving_terminal_states",
    ]
    assert "use_cached_result" in [rule.__name__ for rule in task]
    assert "use_cached_result" not in [rule.__name__ for rule in flow]
    assert "retry_crashed_flow_runs" not in [rule.__name__ for rule in task]
