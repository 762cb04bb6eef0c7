"""Variables: named, mutable JSON values shared by flows, tasks and workers (Prefect 3's
``prefect.variables.Variable``).

``Variable.set(name, value, tags=None, overwrite=False)``, ``Variable.get(name,
default=None)`` and ``Variable.unset(name)``, with ``aset``/``aget``/``aunset`` for
async code (in async code the sync names return awaitables, as in Prefect). The
name and value are checked here first, with the server's rules, so a bad one
raises ``ValueError`` naming the variable before anything is sent.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from flowql.core.variables import (
    MAX_VARIABLE_NAME_LENGTH,
    variable_name_problem,
    variable_value_problem,
)
from flowql.sdk.client.errors import ApiError
from flowql.sdk.dispatch import async_dispatch

JsonValue = str | int | float | bool | list[Any] | dict[str, Any] | None


class Variable(BaseModel):
    """A variable: ``name`` (lowercase letters, numbers, dashes, underscores), a JSON
    ``value`` (at most 5,000 characters as JSON) and ``tags``."""

    name: str = Field(max_length=MAX_VARIABLE_NAME_LENGTH)
    value: Any = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _check_name(cls, name: str) -> str:
        if (problem := variable_name_problem(name)) is not None:
            raise ValueError(problem)
        return name

    @classmethod
    async def aset(
        cls,
        name: str,
        value: Any,
        tags: list[str] | None = None,
        overwrite: bool = False,
    ) -> Variable:
        """Store ``value`` under ``name`` and return the variable. A name in use raises
        ``ValueError`` unless ``overwrite=True``, which replaces its value and tags."""
        _check(name, value)
        stored = await _api_call(
            lambda api: api.set_variable(name, value, tags=tags or [], overwrite=overwrite)
        )
        return cls(name=stored["name"], value=stored["value"], tags=stored["tags"])

    @classmethod
    @async_dispatch(aset)
    def set(
        cls,
        name: str,
        value: Any,
        tags: list[str] | None = None,
        overwrite: bool = False,
    ) -> Variable:
        """Store ``value`` under ``name`` and return the variable. A name in use raises
        ``ValueError`` unless ``overwrite=True``, which replaces its value and tags."""
        _check(name, value)
        stored = _sync_call(
            lambda api: api.set_variable(name, value, tags=tags or [], overwrite=overwrite)
        )
        return cls(name=stored["name"], value=stored["value"], tags=stored["tags"])

    @classmethod
    async def aget(cls, name: str, default: Any = None) -> Any:
        """The value of variable ``name``, or ``default`` if there is none."""
        found = await _api_call(lambda api: api.read_variable_by_name(name))
        return default if found is None else found["value"]

    @classmethod
    @async_dispatch(aget)
    def get(cls, name: str, default: Any = None) -> Any:
        """The value of variable ``name``, or ``default`` if there is none."""
        found = _sync_call(lambda api: api.read_variable_by_name(name))
        return default if found is None else found["value"]

    @classmethod
    async def aunset(cls, name: str) -> bool:
        """Delete variable ``name``; False if there was none."""
        return bool(await _api_call(lambda api: api.delete_variable_by_name(name)))

    @classmethod
    @async_dispatch(aunset)
    def unset(cls, name: str) -> bool:
        """Delete variable ``name``; False if there was none."""
        return bool(_sync_call(lambda api: api.delete_variable_by_name(name)))


def _check(name: str, value: Any) -> None:
    problem = variable_name_problem(name) or variable_value_problem(name, value)
    if problem is not None:
        raise ValueError(problem)


def _sync_call(call: Any) -> Any:
    from flowql.sdk.engine.runtime import get_runtime

    runtime = get_runtime()
    try:
        return runtime.call(call(runtime.api))
    except ApiError as error:
        raise _refusal(error) from None


async def _api_call(call: Any) -> Any:
    from flowql.sdk.engine.runtime import get_runtime

    runtime = get_runtime()
    try:
        return await runtime.loop.run_async(call(runtime.api))
    except ApiError as error:
        raise _refusal(error) from None


def _refusal(error: ApiError) -> Exception:
    """A name in use or a value the server refused is the caller's ValueError, as in
    Prefect; anything else (the API unreachable) stays an ApiError."""
    codes = {detail.get("code") for detail in error.errors}
    if codes & {"CONFLICT", "INVALID_INPUT"}:
        messages = "; ".join(str(detail.get("message")) for detail in error.errors)
        return ValueError(messages)
    return error
