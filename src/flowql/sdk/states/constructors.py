"""The state constructors, with ``prefect.states``' signatures: ``Scheduled()``,
``Late()``, ``AwaitingRetry()``, ``AwaitingConcurrencySlot()``, ``Pending()``,
``Running()``, ``Retrying()``, ``Completed()``, ``Failed()``, ``TimedOut()``,
``Crashed()``, ``Cancelling()``, ``Cancelled()``, ``Paused()``, ``Suspended()``.

Each takes the class to build (``cls``, default :class:`State`) and passes
its keyword arguments to it: message, data, name, timestamp, state_details, id.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flowql.core.states import StateName, StateType
from flowql.sdk.states.details import SCHEDULED_TIME, StateDetails, as_datetime, to_utc
from flowql.sdk.states.state import State


def Scheduled(
    cls: type[State[Any]] = State, scheduled_time: datetime | None = None, **kwargs: Any
) -> State[Any]:
    """A SCHEDULED state, due at ``scheduled_time`` (default: now)."""
    details = StateDetails(kwargs.pop("state_details", None) or {})
    if scheduled_time is None:
        scheduled_time = details.get(SCHEDULED_TIME) or datetime.now(UTC)
    elif details.get(SCHEDULED_TIME):
        raise ValueError("An extra scheduled_time was provided in state_details")
    details[SCHEDULED_TIME] = to_utc(as_datetime(scheduled_time))
    return cls(StateType.SCHEDULED, state_details=details, **kwargs)


def Late(
    cls: type[State[Any]] = State, scheduled_time: datetime | None = None, **kwargs: Any
) -> State[Any]:
    """A SCHEDULED state named ``Late``: its scheduled time has passed."""
    return Scheduled(cls, scheduled_time, **{"name": StateName.LATE, **kwargs})


def AwaitingRetry(
    cls: type[State[Any]] = State, scheduled_time: datetime | None = None, **kwargs: Any
) -> State[Any]:
    """A SCHEDULED state named ``AwaitingRetry``: the run retries at ``scheduled_time``."""
    return Scheduled(cls, scheduled_time, **{"name": StateName.AWAITING_RETRY, **kwargs})


def AwaitingConcurrencySlot(
    cls: type[State[Any]] = State, scheduled_time: datetime | None = None, **kwargs: Any
) -> State[Any]:
    """A SCHEDULED state named ``AwaitingConcurrencySlot``: waiting for a concurrency slot."""
    name = StateName.AWAITING_CONCURRENCY_SLOT
    return Scheduled(cls, scheduled_time, **{"name": name, **kwargs})


def Pending(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A PENDING state: the run is about to start."""
    return cls(StateType.PENDING, **kwargs)


def Running(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A RUNNING state."""
    return cls(StateType.RUNNING, **kwargs)


def Retrying(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A RUNNING state named ``Retrying``: a later attempt of the run."""
    return cls(StateType.RUNNING, **{"name": StateName.RETRYING, **kwargs})


def Completed(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A COMPLETED state; ``data`` is the result."""
    return cls(StateType.COMPLETED, **kwargs)


def Failed(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A FAILED state; ``data`` is usually the exception."""
    return cls(StateType.FAILED, **kwargs)


def TimedOut(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A FAILED state named ``TimedOut``, which Prefect writes ``Failed(name="TimedOut")``."""
    return cls(StateType.FAILED, **{"name": StateName.TIMED_OUT, **kwargs})


def Crashed(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A CRASHED state: the run was interrupted outside of user code."""
    return cls(StateType.CRASHED, **kwargs)


def Cancelling(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A CANCELLING state: cancellation was requested and is under way."""
    return cls(StateType.CANCELLING, **kwargs)


def Cancelled(cls: type[State[Any]] = State, **kwargs: Any) -> State[Any]:
    """A CANCELLED state."""
    return cls(StateType.CANCELLED, **kwargs)


def Paused(
    cls: type[State[Any]] = State,
    timeout_seconds: int | None = None,
    pause_expiration_time: datetime | None = None,
    reschedule: bool = False,
    pause_key: str | None = None,
    **kwargs: Any,
) -> State[Any]:
    """A PAUSED state; it times out after ``timeout_seconds`` or at ``pause_expiration_time``.

    With ``reschedule``, the run exits while paused and is rescheduled on resume.
    """
    details = StateDetails(kwargs.pop("state_details", None) or {})
    if details.get("pause_timeout"):
        raise ValueError("An extra pause timeout was provided in state_details")
    if pause_expiration_time is not None and timeout_seconds is not None:
        raise ValueError("Cannot supply both a pause_expiration_time and timeout_seconds")
    if pause_expiration_time is not None:
        details["pause_timeout"] = to_utc(pause_expiration_time)
    elif timeout_seconds is not None:
        details["pause_timeout"] = datetime.now(UTC) + timedelta(seconds=timeout_seconds)
    details["pause_reschedule"] = reschedule
    details["pause_key"] = pause_key
    return cls(StateType.PAUSED, state_details=details, **kwargs)


def Suspended(
    cls: type[State[Any]] = State,
    timeout_seconds: int | None = None,
    pause_expiration_time: datetime | None = None,
    pause_key: str | None = None,
    **kwargs: Any,
) -> State[Any]:
    """A PAUSED state named ``Suspended``: the run exits and is rescheduled on resume."""
    kwargs = {"name": StateName.SUSPENDED, **kwargs}
    return Paused(cls, timeout_seconds, pause_expiration_time, True, pause_key, **kwargs)
