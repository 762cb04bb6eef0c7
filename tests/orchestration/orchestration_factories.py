"""Small builders for transitions, shared by the orchestration tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

from flowql.core.states import StateType
from flowql.orchestration import (
    OrchestrationResult,
    RetryPolicy,
    RunKind,
    RunSnapshot,
    StateSnapshot,
    Transition,
    evaluate,
    policy_for,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
FLOW = RunKind.FLOW_RUN
TASK = RunKind.TASK_RUN


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


def state(
    type_: StateType,
    name: str | None = None,
    *,
    at: datetime = NOW,
    details: dict[str, Any] | None = None,
    **changes: Any,
) -> StateSnapshot:
    return StateSnapshot(
        type=type_,
        name=name or type_.default_name,
        timestamp=at,
        details=MappingProxyType(details or {}),
        **changes,
    )


def run(kind: RunKind, *, retries: int = 0, **changes: Any) -> RunSnapshot:
    flow_state = state(StateType.RUNNING, at=NOW - seconds(600)) if kind is TASK else None
    base = RunSnapshot(
        kind=kind, retry_policy=RetryPolicy(retries=retries), flow_run_state=flow_state
    )
    return replace(base, **changes)


def transition(
    kind: RunKind,
    initial: StateSnapshot | None,
    proposed: StateSnapshot,
    *,
    run_snapshot: RunSnapshot | None = None,
    **changes: Any,
) -> Transition:
    return Transition(
        run=run_snapshot or run(kind, run_count=1),
        initial=initial,
        proposed=proposed,
        now=NOW,
        **changes,
    )


def decide(
    kind: RunKind,
    initial: StateSnapshot | None,
    proposed: StateSnapshot,
    **changes: Any,
) -> OrchestrationResult:
    return evaluate(policy_for(kind), transition(kind, initial, proposed, **changes))
