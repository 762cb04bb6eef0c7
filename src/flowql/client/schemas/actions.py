"""Prefect's write payloads (``prefect.client.schemas.actions``), the ones flowql has.

``StateCreate`` is a state proposed for a run. ``StateCreate.from_state()``
accepts flowql's SDK ``State`` (through its own ``to_api_input()``), a
``State`` read from the API, a ``StateCreate``, a ``StateType`` or any object
with ``type`` / ``name`` / ``message`` / ``timestamp`` / ``state_details``;
``to_graphql()`` gives flowql's ``StateInput``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from pydantic_core import to_jsonable_python

from flowql.client.schemas.artifacts import ArtifactCreate, ArtifactUpdate
from flowql.client.schemas.variables import VariableCreate, VariableUpdate
from flowql.core.states import StateType

__all__ = [
    "ArtifactCreate",
    "ArtifactUpdate",
    "StateCreate",
    "VariableCreate",
    "VariableUpdate",
]


def _details(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_none=True)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if not isinstance(value, Mapping):
        raise TypeError(f"state details must be a mapping or a model, not {type(value).__name__}")
    return {str(key): item for key, item in value.items() if item is not None}


def _iso(value: Any) -> str:
    if not isinstance(value, datetime):
        return str(value)
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


class StateCreate(BaseModel):
    """A state to propose for a run.

    ``data`` is a result *reference* (a JSON object, as the API returns it);
    a result value itself never travels: flowql's engine persists results and
    proposes references to them.
    """

    type: StateType
    name: str | None = None
    message: str | None = None
    timestamp: datetime | None = None
    state_details: dict[str, Any] = Field(default_factory=dict)
    data: dict[str, Any] | None = None

    @classmethod
    def from_api_input(cls, state_input: Mapping[str, Any]) -> StateCreate:
        """From a GraphQL ``StateInput`` dict (what the SDK's ``State.to_api_input()`` gives)."""
        details = dict(state_input.get("details") or {})
        if state_input.get("scheduledTime") is not None:
            details["scheduled_time"] = state_input["scheduledTime"]
        return cls(
            type=StateType(state_input["type"]),
            name=state_input.get("name"),
            message=state_input.get("message"),
            timestamp=state_input.get("timestamp"),
            state_details=details,
            data=state_input.get("data"),
        )

    @classmethod
    def from_state(cls, state: Any) -> StateCreate:
        """The proposal for ``state`` (see the module docstring for what is accepted)."""
        if isinstance(state, StateCreate):
            return state
        if isinstance(state, StateType | str):
            return cls(type=StateType(state))
        to_api_input = getattr(state, "to_api_input", None)
        if callable(to_api_input):
            return cls.from_api_input(to_api_input())
        try:
            state_type = state.type
        except AttributeError:
            raise TypeError(f"not a state: {state!r} (it has no .type)") from None
        details = getattr(state, "state_details", None)
        data = getattr(state, "data", None)
        return cls(
            type=StateType(getattr(state_type, "value", state_type)),
            name=getattr(state, "name", None),
            message=getattr(state, "message", None),
            timestamp=getattr(state, "timestamp", None),
            state_details=_details(getattr(state, "details", None) if details is None else details),
            # Only a state read from the API (it has an id) is known to hold a
            # result reference rather than an in-memory value.
            data=data if getattr(state, "id", None) is not None else None,
        )

    def to_graphql(self) -> dict[str, Any]:
        """flowql's ``StateInput`` for this proposal, JSON-ready."""
        details = dict(self.state_details)
        scheduled_time = details.pop("scheduled_time", None)
        result: dict[str, Any] = {"type": self.type.value}
        if self.name is not None:
            result["name"] = self.name
        if self.message is not None:
            result["message"] = self.message
        if self.timestamp is not None:
            result["timestamp"] = _iso(self.timestamp)
        if scheduled_time is not None:
            result["scheduledTime"] = _iso(scheduled_time)
        if details:
            result["details"] = to_jsonable_python(details)
        if self.data is not None:
            result["data"] = to_jsonable_python(self.data)
        return result
