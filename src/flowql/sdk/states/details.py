"""What a state carries besides its type: its details and values for the API.

:class:`StateDetails` is the dict of a state's details (``scheduled_time``,
``pause_timeout``, ``cache_key``...). The helpers convert detail values
between datetimes, ISO strings and JSON, and recognise a result *reference*
(a JSON object with a ``storage_key``), the only data that leaves the process.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

SCHEDULED_TIME = "scheduled_time"
RESULT_REFERENCE_KEY = "storage_key"
"""A ``data`` dict with this key is a reference to a persisted result."""


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


_UNSET: Any = object()


class PersistedResult:
    """A state's persisted result: its JSON ``reference`` and, if kept, its value.

    ``get()`` returns the value, reading the result file the first time when it
    was not kept in memory (``cache_result_in_memory=False``, or a state read
    back from the API). Only the reference leaves the process.
    """

    __slots__ = ("_value", "reference")

    def __init__(self, reference: dict[str, Any], value: Any = _UNSET) -> None:
        self.reference = reference
        self._value = value

    def get(self) -> Any:
        """The value (``MissingResult`` when the file is gone or unreadable)."""
        if self._value is _UNSET:
            from flowql.sdk.results.store import load_reference

            return load_reference(self.reference)
        return self._value

    def __repr__(self) -> str:
        if self._value is _UNSET:
            return f"PersistedResult(storage_key={self.reference.get(RESULT_REFERENCE_KEY)!r})"
        return repr(self._value)


def result_reference(value: Any) -> dict[str, Any] | None:
    """The JSON result reference ``value`` is or holds, else None (data that stays here)."""
    if value.__class__ is PersistedResult:
        return value.reference
    return value if is_result_reference(value) else None


def is_result_reference(value: Any) -> bool:
    """Whether ``value`` is a JSON reference to a persisted result (it may leave the process)."""
    if value.__class__ is not dict or RESULT_REFERENCE_KEY not in value:
        return False
    import json

    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def to_utc(value: datetime) -> datetime:
    """``value`` in UTC (a naive datetime is taken to be UTC already)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def as_datetime(value: datetime | str) -> datetime:
    """``value`` as a datetime: ISO strings are parsed (to UTC), datetimes kept as they are."""
    return value if isinstance(value, datetime) else to_utc(datetime.fromisoformat(value))


def jsonable(value: Any) -> Any:
    """A detail value as JSON: datetimes as ISO strings, UUIDs as strings."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime):
        return to_utc(value).isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, timedelta):
        return value.total_seconds()
    return str(value)
