"""Value objects of the state machine: what a rule sees and what it may answer."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from flowql.core.states import StateType

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class RunKind(enum.StrEnum):
    FLOW_RUN = "FLOW_RUN"
    TASK_RUN = "TASK_RUN"


@dataclass(frozen=True, slots=True)
class StateSnapshot:
    """A state as the rules see it (proposed or current)."""

    type: StateType
    name: str
    timestamp: datetime
    message: str | None = None
    scheduled_time: datetime | None = None
    details: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    data: Any = None
    """A reference to the state's result; rules carry it along untouched."""

    def evolve(self, **changes: Any) -> StateSnapshot:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How many times a run may be retried and how long to wait in between.

    ``retry_delay_seconds`` holds one delay per retry; the last one repeats.
    """

    retries: int = 0
    retry_delay_seconds: tuple[float, ...] = ()
    retry_jitter_factor: float | None = None


@dataclass(frozen=True, slots=True)
class RunSnapshot:
    """The run a transition applies to, with the fields its rules read."""

    kind: RunKind
    run_count: int = 0
    start_time: datetime | None = None
    end_time: datetime | None = None
    total_run_time: float = 0.0
    retry_policy: RetryPolicy = RetryPolicy()
    flow_run_state: StateSnapshot | None = None
    """For task runs: the current state of the flow run the task belongs to."""
    rerun: bool = False
    """For task runs: the flow run is retrying and runs this task run again, so it may
    leave the terminal state its previous flow attempt left it in."""


@dataclass(frozen=True, slots=True)
class Transition:
    """A proposal to move ``run`` from ``initial`` to ``proposed``, frozen for the rules."""

    run: RunSnapshot
    initial: StateSnapshot | None
    proposed: StateSnapshot
    now: datetime
    force: bool = False
    jitter_sample: float = 0.5
    """A number in [0, 1) drawn by the caller, so that retry jitter stays pure."""
    cached_state: StateSnapshot | None = None
    """A valid cached COMPLETED state for the proposal's cache key, when the caller found one."""

    @property
    def initial_type(self) -> StateType | None:
        return self.initial.type if self.initial else None

    @property
    def proposed_type(self) -> StateType:
        return self.proposed.type


@dataclass(frozen=True, slots=True)
class Accept:
    """The (possibly rewritten) proposed state is written."""

    state: StateSnapshot


@dataclass(frozen=True, slots=True)
class Reject:
    """The proposal is refused.

    With ``state``, that state is written instead of the proposal (Prefect's
    ``reject_transition(state=...)``: a paused flow pauses its tasks, a cache
    hit completes the task); without, nothing is written and the current state stays.
    """

    reason: str
    state: StateSnapshot | None = None


@dataclass(frozen=True, slots=True)
class Wait:
    """Nothing is written; the client should propose again after ``delay_seconds``."""

    reason: str
    delay_seconds: float


@dataclass(frozen=True, slots=True)
class Abort:
    """Nothing is written; the proposal makes no sense and the client should stop."""

    reason: str


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A rule replaces the proposed state; evaluation goes on with the new proposal."""

    state: StateSnapshot
    reason: str


Decision = Accept | Reject | Wait | Abort
Rule = Callable[[Transition], "Reject | Wait | Abort | Rewrite | None"]


@dataclass(frozen=True, slots=True)
class RunUpdates:
    """Run fields to write together with an accepted state."""

    run_count: int
    start_time: datetime | None
    end_time: datetime | None
    total_run_time: float
    expected_start_time: datetime | None = None
