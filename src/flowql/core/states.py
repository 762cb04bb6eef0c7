"""State types and the well-known state names, as Prefect users know them."""

from __future__ import annotations

import enum


class StateType(enum.StrEnum):
    """The type of a run state; the name (``Late``, ``Cached``...) refines it."""

    SCHEDULED = "SCHEDULED"
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    CANCELLING = "CANCELLING"
    CRASHED = "CRASHED"
    PAUSED = "PAUSED"

    @property
    def is_terminal(self) -> bool:
        # A tuple, compared by identity: hashing an enum member runs Python code.
        return self in _TERMINAL_TUPLE

    @property
    def default_name(self) -> str:
        return DEFAULT_STATE_NAMES[self]


TERMINAL_STATE_TYPES = frozenset(
    {StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED}
)

_TERMINAL_TUPLE = tuple(TERMINAL_STATE_TYPES)

DEFAULT_STATE_NAMES: dict[StateType, str] = {
    StateType.SCHEDULED: "Scheduled",
    StateType.PENDING: "Pending",
    StateType.RUNNING: "Running",
    StateType.COMPLETED: "Completed",
    StateType.FAILED: "Failed",
    StateType.CANCELLED: "Cancelled",
    StateType.CANCELLING: "Cancelling",
    StateType.CRASHED: "Crashed",
    StateType.PAUSED: "Paused",
}


class StateName:
    """Names that carry meaning beyond their type (Prefect's named states)."""

    LATE = "Late"
    AWAITING_RETRY = "AwaitingRetry"
    RETRYING = "Retrying"
    CACHED = "Cached"
    TIMED_OUT = "TimedOut"
    SUSPENDED = "Suspended"
    AWAITING_CONCURRENCY_SLOT = "AwaitingConcurrencySlot"
    ROLLED_BACK = "RolledBack"
