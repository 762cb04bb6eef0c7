"""Serializers for persisted results, as ``prefect.serializers``.

``"pickle"`` (cloudpickle: lambdas, local classes) is the default; ``"json"``
writes readable files that other languages and the API can read back, for
values JSON can hold (datetimes, UUIDs, pydantic models and dataclasses are
converted with pydantic-core; they come back as strings and dicts).
"""

from __future__ import annotations

import abc
import json
from typing import Any, ClassVar

_BY_TYPE: dict[str, type[Serializer]] = {}


class SerializationError(ValueError):
    """A value could not be serialized, or a blob could not be read back."""


class Serializer(abc.ABC):
    """Turns a result into bytes and back; ``type`` names it in result metadata."""

    type: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "type" in cls.__dict__:  # registered, so a result's metadata finds it again
            _BY_TYPE[cls.type] = cls

    @abc.abstractmethod
    def dumps(self, obj: Any) -> bytes:
        """``obj`` as bytes; ``SerializationError`` when it cannot be."""

    @abc.abstractmethod
    def loads(self, blob: bytes) -> Any:
        """The value ``blob`` holds; ``SerializationError`` when it is not one."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class PickleSerializer(Serializer):
    """Pickles with cloudpickle (Prefect's ``"pickle"``)."""

    type = "pickle"

    def dumps(self, obj: Any) -> bytes:
        """``obj`` pickled with cloudpickle."""
        import cloudpickle  # type: ignore[import-untyped]

        try:
            return cloudpickle.dumps(obj)  # type: ignore[no-any-return]
        except Exception as error:
            raise SerializationError(f"cannot pickle {type(obj).__name__}: {error}") from error

    def loads(self, blob: bytes) -> Any:
        """The unpickled value."""
        import pickle

        try:
            return pickle.loads(blob)
        except Exception as error:
            raise SerializationError(f"cannot unpickle the result: {error}") from error


class JSONSerializer(Serializer):
    """Writes JSON (Prefect's ``"json"``); non-JSON values are converted by pydantic-core."""

    type = "json"

    def dumps(self, obj: Any) -> bytes:
        """``obj`` as UTF-8 JSON."""
        from pydantic_core import to_jsonable_python

        try:
            return json.dumps(obj, default=to_jsonable_python).encode()
        except (TypeError, ValueError) as error:
            raise SerializationError(
                f"cannot write {type(obj).__name__} as JSON: {error}"
            ) from error

    def loads(self, blob: bytes) -> Any:
        """The JSON value."""
        try:
            return json.loads(blob)
        except ValueError as error:
            raise SerializationError(f"the result is not JSON: {error}") from error


def resolve_serializer(value: str | Serializer | None) -> Serializer:
    """The serializer ``value`` names: ``"pickle"`` (default), ``"json"`` or an instance."""
    if value is None:
        return PickleSerializer()
    if isinstance(value, Serializer):
        return value
    if isinstance(value, str) and value in _BY_TYPE:
        return _BY_TYPE[value]()
    raise ValueError(f"unknown result serializer {value!r}; use 'pickle', 'json' or a Serializer")


def serializer_of_type(name: str) -> Serializer:
    """The serializer a result's metadata names (a custom one must have been imported)."""
    found = _BY_TYPE.get(name)
    if found is None:
        raise SerializationError(f"no serializer of type {name!r} is known in this process")
    return found()
