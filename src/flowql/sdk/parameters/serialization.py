"""Make parameters JSON-able for storing them on the flow run.

Values keep their shape: containers stay containers, and only the parts that cannot be
serialised become their ``repr``. Futures and states are stored as ``<TypeName>``, as
Prefect does, so serialising never waits on or walks into a run. Plain JSON values are
returned as they are, without importing pydantic.
"""

from __future__ import annotations

import math
from typing import Any

_OPAQUE = frozenset({"PrefectFuture", "State"})
_MAX_PLAIN_DEPTH = 32
_NOT_PLAIN: Any = object()


def serialize_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """A JSON-able copy of `parameters`; never raises."""
    return {str(name): serialize_value(value) for name, value in parameters.items()}


def serialize_value(value: Any) -> Any:
    """A JSON-able form of `value`, falling back to ``repr`` for what cannot be serialised."""
    opaque = _opaque(value)
    if opaque is not None:
        return opaque
    plain = _plain_copy(value, 0)
    if plain is not _NOT_PLAIN:
        return plain
    from pydantic_core import to_jsonable_python

    try:
        return to_jsonable_python(value, fallback=_fallback)
    except Exception:
        pass
    if isinstance(value, dict):
        return {_key(key): serialize_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [serialize_value(item) for item in value]
    return _safe_repr(value)


def _fallback(value: Any) -> Any:
    return _opaque(value) or _safe_repr(value)


def _opaque(value: Any) -> str | None:
    for cls in type(value).__mro__:
        if cls.__name__ in _OPAQUE and cls.__module__.startswith("flowql."):
            return f"<{type(value).__name__}>"
    return None


def _plain_copy(value: Any, depth: int) -> Any:
    """A copy of `value` if it is made only of JSON types, else `_NOT_PLAIN`."""
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else _NOT_PLAIN
    if depth > _MAX_PLAIN_DEPTH:
        return _NOT_PLAIN
    if type(value) in (list, tuple):
        items = [_plain_copy(item, depth + 1) for item in value]
        return _NOT_PLAIN if any(item is _NOT_PLAIN for item in items) else items
    if type(value) is dict:
        if any(type(key) is not str for key in value):
            return _NOT_PLAIN
        copied = {key: _plain_copy(item, depth + 1) for key, item in value.items()}
        return _NOT_PLAIN if any(item is _NOT_PLAIN for item in copied.values()) else copied
    return _NOT_PLAIN


def _key(key: Any) -> str:
    return key if isinstance(key, str) else str(serialize_value(key))


def _safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception:
        return f"<{type(value).__name__}>"
