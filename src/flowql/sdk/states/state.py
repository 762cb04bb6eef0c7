"""The :class:`State` class: a run's state (a type, a name and, in memory, its data).

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

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar, overload

from flowql.core.states import DEFAULT_STATE_NAMES, TERMINAL_STATE_TYPES, StateType
from flowql.orchestration.transition import StateSnapshot
from flowql.sdk.states.details import (
    SCHEDULED_TIME,
    PersistedResult,
    StateDetails,
    as_datetime,
    is_result_reference,
    jsonable,
    result_reference,
    to_utc,
)

R = TypeVar("R")

_DATETIME_DETAILS = (SCHEDULED_TIME, "pause_timeout", "cache_expiration")


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
        self.timestamp = datetime.now(UTC) if timestamp is None else to_utc(timestamp)
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
        return None if value is None else as_datetime(value)

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

        COMPLETED: the value; a persisted result is read from its storage when it
        is not in memory (in a later process, say; ``MissingResult`` if its file
        is gone). FAILED, CRASHED or CANCELLED: raise the run's
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
            from flowql.sdk.states.exceptions import get_state_exception

            if raise_on_failure:
                raise get_state_exception(self)
            if self.data is None or result_reference(self.data) is not None:
                return get_state_exception(self)
            return self.data  # type: ignore[no-any-return]
        data = self.data
        if data.__class__ is PersistedResult:
            return data.get()  # type: ignore[no-any-return]
        if is_result_reference(data):
            # Read back from the API: load the persisted result (MissingResult if gone).
            return PersistedResult(data).get()  # type: ignore[no-any-return]
        return data  # type: ignore[no-any-return]

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
            scheduled_time=None if scheduled is None else as_datetime(scheduled),
            data=result_reference(self.data),
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
                details[key] = as_datetime(value)
        timestamp = d.get("timestamp")
        state_id = d.get("id")
        return cls(
            StateType(d["type"]),
            d.get("name"),
            d.get("message"),
            None if timestamp is None else as_datetime(timestamp),
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
            "scheduledTime": None if scheduled is None else to_utc(scheduled).isoformat(),
            "details": {
                key: jsonable(value)
                for key, value in self.state_details.items()
                if key != SCHEDULED_TIME
            },
            "data": result_reference(self.data),
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
