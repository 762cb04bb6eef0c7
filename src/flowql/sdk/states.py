"""Run states in the SDK, as ``prefect.states``: the :class:`State` class, its
constructors (``Completed()``, ``Failed()``, ``Scheduled()``...) and the helpers
flow code calls (``get_state_exception``, ``return_value_to_state``...).

A ``State`` holds its result in memory (``data``: the return value, an
exception, or other states). It converts to the orchestration layer's
:class:`~flowql.orchestration.StateSnapshot` and to and from the GraphQL API;
only a result *reference* (a JSON object with a ``storage_key``) leaves the
process, never the value itself.

States are created several times per task run, so ``State`` is a plain class
with ``__slots__`` and this module imports only the standard library, core and
orchestration (exceptions are imported when one is raised).
"""

from __future__ import annotations

import sys
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from types import GeneratorType, TracebackType
from typing import Any, Generic, Literal, TypeGuard, TypeVar, overload

from flowql.core.states import DEFAULT_STATE_NAMES, TERMINAL_STATE_TYPES, StateName, StateType
from flowql.orchestration.transition import StateSnapshot

R = TypeVar("R")

SCHEDULED_TIME = "scheduled_time"
RESULT_REFERENCE_KEY = "storage_key"
"""A ``data`` dict with this key is a reference to a persisted result."""

_FAILURES = frozenset({StateType.FAILED, StateType.CRASHED, StateType.CANCELLED})
_DATETIME_DETAILS = (SCHEDULED_TIME, "pause_timeout", "cache_expiration")


class StateDetails(dict[str, Any]):
    """A state's details (``scheduled_time``, ``cache_key``, ``pause_timeout``,
    ``transition_id``...): a dict whose keys also read as attributes, as
    Prefect's ``state.state_details.scheduled_time``; a missing key reads ``None``."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


class State(Generic[R]):
    """The state of a flow run or task run: a type, a name and, in memory, its data."""

    __slots__ = ("data", "id", "message", "name", "state_details", "timestamp", "type")

    type: StateType
    name: str
    message: str | None
    timestamp: datetime
    data: Any
    state_details: StateDetails
    id: uuid.UUID | None

    def __init__(
        self,
        type: StateType | str,
        name: str | None = None,
        message: str | None = None,
        timestamp: datetime | None = None,
        data: Any = None,
        state_details: Mapping[str, Any] | None = None,
        id: uuid.UUID | None = None,
    ) -> None:
        state_type = type if isinstance(type, StateType) else StateType(type)
        self.type = state_type
        self.name = DEFAULT_STATE_NAMES[state_type] if name is None else name
        self.message = message
        self.timestamp = datetime.now(UTC) if timestamp is None else _utc(timestamp)
        self.data = data
        if state_details is None:
            details = StateDetails()
        elif state_details.__class__ is StateDetails:
            details = state_details
        else:
            details = StateDetails(state_details)
        if state_type is StateType.SCHEDULED and details.get(SCHEDULED_TIME) is None:
            details[SCHEDULED_TIME] = self.timestamp
        self.state_details = details
        self.id = id

    @property
    def scheduled_time(self) -> datetime | None:
        """When a SCHEDULED state is due (``state_details["scheduled_time"]``)."""
        value = self.state_details.get(SCHEDULED_TIME)
        return None if value is None else _as_datetime(value)

    # -- predicates -----------------------------------------------------------------------
    def is_scheduled(self) -> bool:
        """Whether this is a SCHEDULED state (``Late`` and ``AwaitingRetry`` too)."""
        return self.type is StateType.SCHEDULED

    def is_pending(self) -> bool:
        """Whether this is a PENDING state."""
        return self.type is StateType.PENDING

    def is_running(self) -> bool:
        """Whether this is a RUNNING state (``Retrying`` too)."""
        return self.type is StateType.RUNNING

    def is_completed(self) -> bool:
        """Whether this is a COMPLETED state (``Cached`` too)."""
        return self.type is StateType.COMPLETED

    def is_failed(self) -> bool:
        """Whether this is a FAILED state (``TimedOut`` too)."""
        return self.type is StateType.FAILED

    def is_crashed(self) -> bool:
        """Whether this is a CRASHED state."""
        return self.type is StateType.CRASHED

    def is_cancelled(self) -> bool:
        """Whether this is a CANCELLED state."""
        return self.type is StateType.CANCELLED

    def is_cancelling(self) -> bool:
        """Whether this is a CANCELLING state."""
        return self.type is StateType.CANCELLING

    def is_paused(self) -> bool:
        """Whether this is a PAUSED state (``Suspended`` too)."""
        return self.type is StateType.PAUSED

    def is_final(self) -> bool:
        """Whether the run is over: COMPLETED, FAILED, CRASHED or CANCELLED."""
        return self.type in TERMINAL_STATE_TYPES

    # -- the result -------------------------------------------------------------------------
    @overload
    def result(
        self,
        raise_on_failure: Literal[True] = ...,
        fetch: bool | None = ...,
        retry_result_failure: bool = ...,
    ) -> R: ...

    @overload
    def result(
        self, raise_on_failure: bool, fetch: bool | None = ..., retry_result_failure: bool = ...
    ) -> R | BaseException: ...

    def result(
        self,
        raise_on_failure: bool = True,
        fetch: bool | None = None,
        retry_result_failure: bool = True,
    ) -> R | BaseException:
        """The run's result.

        COMPLETED: the value. FAILED, CRASHED or CANCELLED: raise the run's
        exception (``FailedRun``/``CrashedRun``/``CancelledRun`` with the
        message when none is stored), or return it with
        ``raise_on_failure=False``. PAUSED raises ``PausedRun``, any other
        unfinished state ``UnfinishedRun``. ``fetch`` and
        ``retry_result_failure`` are accepted for Prefect compatibility.
        """
        type = self.type
        if type not in TERMINAL_STATE_TYPES:
            from flowql.exceptions import PausedRun, UnfinishedRun

            if type is StateType.PAUSED:
                raise PausedRun("Run is paused, its result is not available.", state=self)
            raise UnfinishedRun(f"Run is in {type.name} state, its result is not available.")
        if type is not StateType.COMPLETED:
            if raise_on_failure:
                raise get_state_exception(self)
            if self.data is None or _is_result_reference(self.data):
                return get_state_exception(self)
            return self.data  # type: ignore[no-any-return]
        if _is_result_reference(self.data):
            from flowql.exceptions import MissingResult

            raise MissingResult(
                "State data is a reference to a persisted result, which cannot be read here."
            )
        return self.data  # type: ignore[no-any-return]

    async def aresult(self, raise_on_failure: bool = True) -> R | BaseException:
        """``result()`` for async code (Prefect 3's ``State.aresult``)."""
        return self.result(raise_on_failure=raise_on_failure)

    # -- copies and conversions ------------------------------------------------------------
    def copy(self, **changes: Any) -> State[R]:
        """A copy with ``changes`` applied (details copied, not shared)."""
        fields: dict[str, Any] = {
            "type": self.type,
            "name": self.name,
            "message": self.message,
            "timestamp": self.timestamp,
            "data": self.data,
            "state_details": StateDetails(self.state_details),
            "id": self.id,
        }
        fields.update(changes)
        return type(self)(**fields)

    def model_copy(
        self, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> State[R]:
        """Prefect's ``model_copy``: a copy with ``update`` and, unless given, a new timestamp."""
        changes = dict(update or {})
        changes.setdefault("timestamp", datetime.now(UTC))
        if deep:
            import copy

            changes.setdefault("data", copy.deepcopy(self.data))
            changes.setdefault("state_details", copy.deepcopy(dict(self.state_details)))
        return self.copy(**changes)

    def to_snapshot(self) -> StateSnapshot:
        """This state as the orchestration rules see it (data: a result reference or None)."""
        details = self.state_details
        scheduled = details.get(SCHEDULED_TIME)
        if scheduled is not None or SCHEDULED_TIME in details:
            details = StateDetails({k: v for k, v in details.items() if k != SCHEDULED_TIME})
        snapshot = StateSnapshot(
            type=self.type,
            name=self.name,
            timestamp=self.timestamp,
            message=self.message,
            scheduled_time=None if scheduled is None else _as_datetime(scheduled),
            data=self.data if _is_result_reference(self.data) else None,
        )
        if details:
            snapshot = snapshot.evolve(details=dict(details))
        return snapshot

    @classmethod
    def from_snapshot(cls, snapshot: StateSnapshot, data: Any = None) -> State[Any]:
        """The state a snapshot describes; ``data`` (when given) replaces the snapshot's."""
        details = StateDetails(snapshot.details)
        if snapshot.scheduled_time is not None:
            details[SCHEDULED_TIME] = snapshot.scheduled_time
        return cls(
            snapshot.type,
            snapshot.name,
            snapshot.message,
            snapshot.timestamp,
            snapshot.data if data is None else data,
            details,
        )

    @classmethod
    def from_api(cls, d: Mapping[str, Any]) -> State[Any]:
        """A state from its GraphQL object (camelCase: ``scheduledTime``, ``details``...)."""
        details = StateDetails(d.get("details") or d.get("state_details") or {})
        scheduled = d.get("scheduledTime", d.get(SCHEDULED_TIME))
        if scheduled is not None:
            details[SCHEDULED_TIME] = scheduled
        for key in _DATETIME_DETAILS:
            value = details.get(key)
            if isinstance(value, str):
                details[key] = _as_datetime(value)
        timestamp = d.get("timestamp")
        state_id = d.get("id")
        return cls(
            StateType(d["type"]),
            d.get("name"),
            d.get("message"),
            None if timestamp is None else _as_datetime(timestamp),
            d.get("data"),
            details,
            uuid.UUID(state_id) if isinstance(state_id, str) else state_id,
        )

    def to_api_input(self) -> dict[str, Any]:
        """This state as the GraphQL ``StateInput`` (JSON-ready; data only if a reference)."""
        scheduled = self.scheduled_time
        return {
            "type": self.type.value,
            "name": self.name,
            "message": self.message,
            "timestamp": self.timestamp.isoformat(),
            "scheduledTime": None if scheduled is None else _utc(scheduled).isoformat(),
            "details": {
                key: _jsonable(value)
                for key, value in self.state_details.items()
                if key != SCHEDULED_TIME
            },
            "data": self.data if _is_result_reference(self.data) else None,
        }

    def __repr__(self) -> str:
        """``Completed(message=None, type=COMPLETED, result=42)``, as Prefect."""
        result = repr(self.data)
        if len(result) > 200:
            result = result[:197] + "..."
        return f"{self.name}(message={self.message!r}, type={self.type.value}, result={result})"

    def __str__(self) -> str:
        """``Failed('boom')`` or ``Late(type=SCHEDULED)``, for logs, as Prefect."""
        display = [repr(self.message)] if self.message else []
        if self.type.value.lower() != self.name.lower():
            display.append(f"type={self.type.value}")
        return f"{self.name}({', '.join(display)})"


# -- constructors, with prefect.states' signatures ----------------------------------------
# Keyword arguments go to ``State``: message, data, name, timestamp, state_details, id.


def Scheduled(
    cls: type[State[Any]] = State, scheduled_time: datetime | None = None, **kwargs: Any
) -> State[Any]:
    """A SCHEDULED state, due at ``scheduled_time`` (default: now)."""
    details = StateDetails(kwargs.pop("state_details", None) or {})
    if scheduled_time is None:
        scheduled_time = details.get(SCHEDULED_TIME) or datetime.now(UTC)
    elif details.get(SCHEDULED_TIME):
        raise ValueError("An extra scheduled_time was provided in state_details")
    details[SCHEDULED_TIME] = _utc(_as_datetime(scheduled_time))
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
        details["pause_timeout"] = _utc(pause_expiration_time)
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


# -- helpers, as prefect.states --------------------------------------------------------------


def is_state(obj: Any) -> TypeGuard[State[Any]]:
    """Whether ``obj`` is a :class:`State`."""
    return isinstance(obj, State)


def is_state_iterable(obj: Any) -> TypeGuard[Iterable[State[Any]]]:
    """Whether ``obj`` is a non-empty list, set or tuple of states only.

    Other iterables (dicts, generators, annotations) are not, even holding states.
    """
    if not obj or not isinstance(obj, list | set | tuple):
        return False
    from flowql.utilities.annotations import BaseAnnotation

    return not isinstance(obj, BaseAnnotation) and all(isinstance(o, State) for o in obj)


def format_exception(exc: BaseException, tb: TracebackType | None = None) -> str:
    """``"ValueError: boom"``, or the full traceback when ``tb`` is given."""
    exc_type = type(exc)
    if tb is None:
        return f"{exc_type.__name__}: {exc}"
    import traceback

    formatted = "".join(traceback.format_exception(exc_type, exc, tb))
    if exc_type.__module__.startswith("flowql."):
        formatted = formatted.replace(
            f"{exc_type.__module__}.{exc_type.__name__}", exc_type.__name__
        )
    return formatted


def get_state_exception(state: State[Any]) -> BaseException:
    """The exception of a FAILED, CRASHED or CANCELLED state.

    The stored exception; the first failure's for a state holding states; else
    ``FailedRun``/``CrashedRun``/``CancelledRun`` with the stored string or the
    state's message. ``ValueError`` for other states, ``TypeError`` when the
    data cannot be turned into an exception.
    """
    from flowql.exceptions import CancelledRun, CrashedRun, FailedRun

    wrapper: type[FailedRun | CrashedRun | CancelledRun]
    if state.type is StateType.FAILED:
        wrapper, default = FailedRun, "Run failed."
    elif state.type is StateType.CRASHED:
        wrapper, default = CrashedRun, "Run crashed."
    elif state.type is StateType.CANCELLED:
        wrapper, default = CancelledRun, "Run cancelled."
    else:
        raise ValueError(f"Expected failed or crashed state got {state!r}.")
    data = state.data
    if data is None or _is_result_reference(data):
        return wrapper(state.message or default)
    if isinstance(data, BaseException):
        return data
    if isinstance(data, str):
        return wrapper(data)
    if isinstance(data, State):
        return get_state_exception(data)
    if is_state_iterable(data):
        for inner in data:
            if inner.type in _FAILURES:
                return get_state_exception(inner)
        raise ValueError("Failed state result was an iterable of states but none were failed.")
    raise TypeError(
        f"Unexpected result for failed state: {data!r} —— "
        f"{type(data).__name__} cannot be resolved into an exception"
    )


async def aget_state_exception(state: State[Any]) -> BaseException:
    """:func:`get_state_exception` for async code."""
    return get_state_exception(state)


def raise_state_exception(state: State[Any]) -> None:
    """Raise the exception of a FAILED, CRASHED or CANCELLED state; do nothing otherwise."""
    if state.type in _FAILURES:
        raise get_state_exception(state)


async def araise_state_exception(state: State[Any]) -> None:
    """:func:`raise_state_exception` for async code."""
    raise_state_exception(state)


def get_state_result(
    state: State[R],
    raise_on_failure: bool = True,
    fetch: bool | None = None,
    retry_result_failure: bool = True,
) -> R | BaseException:
    """``state.result(raise_on_failure)``."""
    return state.result(raise_on_failure=raise_on_failure)


def exception_to_failed_state(
    exc: BaseException | None = None, message: str | None = None, **kwargs: Any
) -> State[Any]:
    """A FAILED state holding ``exc`` (default: the exception being handled).

    The message is ``"ValueError: boom"``, after ``message`` when one is given.
    """
    if exc is None:
        exc = sys.exc_info()[1]
        if exc is None:
            raise ValueError("Exception was not passed and no active exception could be found.")
    prefix = f"{message} " if message and not message.endswith(" ") else (message or "")
    return Failed(data=exc, message=prefix + format_exception(exc), **kwargs)


def exception_to_crashed_state(exc: BaseException, **kwargs: Any) -> State[Any]:
    """A CRASHED state for ``exc``, raised outside of user code (an interrupt, a signal...)."""
    from flowql.exceptions import TerminationSignal

    asyncio = sys.modules.get("asyncio")  # a CancelledError implies asyncio is loaded
    if asyncio is not None and isinstance(exc, asyncio.CancelledError):
        message = "Execution was cancelled by the runtime environment."
    elif isinstance(exc, KeyboardInterrupt):
        message = "Execution was aborted by an interrupt signal."
    elif isinstance(exc, TerminationSignal):
        message = "Execution was aborted by a termination signal."
    elif isinstance(exc, SystemExit):
        message = "Execution was aborted by Python system exit call."
    else:
        message = f"Execution was interrupted by an unexpected exception: {format_exception(exc)}"
    return Crashed(message=message, data=exc, **kwargs)


def return_value_to_state(retval: Any) -> State[Any]:
    """The final state of a run whose function returned ``retval``.

    A state created by the user (not yet written for a run) is used as is.
    A run's state, or a list/set/tuple of them, gives COMPLETED if all are
    completed, else CANCELLED, PAUSED or FAILED (in that order of precedence)
    with a message counting them; the states are the new state's data.
    Anything else is the data of a COMPLETED state (a generator becomes a list).
    """
    if isinstance(retval, State) and _is_manual(retval):
        return retval
    if isinstance(retval, State) or is_state_iterable(retval):
        group = StateGroup([retval] if isinstance(retval, State) else list(retval))
        if group.all_completed():
            return State(StateType.COMPLETED, message="All states completed.", data=retval)
        total = group.total_count
        if group.any_cancelled():
            state_type, message = (
                StateType.CANCELLED,
                f"{group.cancelled_count}/{total} states cancelled.",
            )
        elif group.any_paused():
            state_type, message = StateType.PAUSED, f"{group.paused_count}/{total} states paused."
        elif group.any_failed():
            state_type, message = StateType.FAILED, f"{group.fail_count}/{total} states failed."
        elif not group.all_final():
            state_type = StateType.FAILED
            message = f"{group.not_final_count}/{total} states are not final."
        else:
            state_type, message = StateType.FAILED, "Given states: " + group.counts_message()
        return State(state_type, message=message, data=retval)
    if isinstance(retval, GeneratorType):
        retval = list(retval)
    return State(StateType.COMPLETED, data=retval)


class StateGroup:
    """Counts over a group of states, to decide the state of a run that returned them."""

    def __init__(self, states: Iterable[State[Any]]) -> None:
        self.states = list(states)
        self.type_counts: Counter[StateType] = Counter(state.type for state in self.states)
        self.total_count = len(self.states)
        self.cancelled_count = self.type_counts[StateType.CANCELLED]
        self.final_count = sum(state.is_final() for state in self.states)
        self.not_final_count = self.total_count - self.final_count
        self.paused_count = self.type_counts[StateType.PAUSED]

    @property
    def fail_count(self) -> int:
        """FAILED and CRASHED states."""
        return self.type_counts[StateType.FAILED] + self.type_counts[StateType.CRASHED]

    def all_completed(self) -> bool:
        """Whether every state is COMPLETED."""
        return self.type_counts[StateType.COMPLETED] == self.total_count

    def any_cancelled(self) -> bool:
        """Whether a state is CANCELLED."""
        return self.cancelled_count > 0

    def any_failed(self) -> bool:
        """Whether a state is FAILED or CRASHED."""
        return self.fail_count > 0

    def any_paused(self) -> bool:
        """Whether a state is PAUSED."""
        return self.paused_count > 0

    def all_final(self) -> bool:
        """Whether every state is final."""
        return self.final_count == self.total_count

    def counts_message(self) -> str:
        """``"total=3, not_final=1, 'COMPLETED'=2, 'RUNNING'=1"``."""
        counts = [f"total={self.total_count}"]
        if self.not_final_count:
            counts.append(f"not_final={self.not_final_count}")
        counts += [f"{t.value!r}={n}" for t, n in self.type_counts.items() if n]
        return ", ".join(counts)

    def __repr__(self) -> str:
        return f"StateGroup<{self.counts_message()}>"


# -- private helpers ---------------------------------------------------------------------------


def _is_manual(state: State[Any]) -> bool:
    """Whether the user created ``state`` (rather than a run writing it)."""
    details = state.state_details
    return state.id is None and not details.get("flow_run_id") and not details.get("task_run_id")


def _is_result_reference(value: Any) -> bool:
    """Whether ``value`` is a JSON reference to a persisted result (it may leave the process)."""
    if value.__class__ is not dict or RESULT_REFERENCE_KEY not in value:
        return False
    import json

    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _as_datetime(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else _utc(datetime.fromisoformat(value))


def _jsonable(value: Any) -> Any:
    """A detail value as JSON: datetimes as ISO strings, UUIDs as strings."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime):
        return _utc(value).isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, timedelta):
        return value.total_seconds()
    return str(value)


__all__ = [
    "AwaitingConcurrencySlot",
    "AwaitingRetry",
    "Cancelled",
    "Cancelling",
    "Completed",
    "Crashed",
    "Failed",
    "Late",
    "Paused",
    "Pending",
    "Retrying",
    "Running",
    "Scheduled",
    "State",
    "StateDetails",
    "StateGroup",
    "StateType",
    "Suspended",
    "TimedOut",
    "aget_state_exception",
    "araise_state_exception",
    "exception_to_crashed_state",
    "exception_to_failed_state",
    "format_exception",
    "get_state_exception",
    "get_state_result",
    "is_state",
    "is_state_iterable",
    "raise_state_exception",
    "return_value_to_state",
]
