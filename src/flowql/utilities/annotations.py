"""Annotations that wrap a task argument to change how flowql treats it, as
``prefect.utilities.annotations``: :class:`unmapped`, :class:`allow_failure`,
:class:`quote` and :class:`freeze`, plus the :class:`NotSet` sentinel.

Each annotation is a one-item tuple (so other tools can unpack it) whose only
item is the wrapped value.
"""

from __future__ import annotations

import json
import warnings
from operator import itemgetter
from typing import Self, TypeVar, cast

T = TypeVar("T")


class BaseAnnotation(tuple[T]):
    """Base class of the annotations: a one-item tuple holding the wrapped value."""

    __slots__ = ()

    def __new__(cls, value: T) -> Self:
        return super().__new__(cls, (value,))

    value: T = cast(T, property(itemgetter(0)))
    """The wrapped value."""

    def unwrap(self) -> T:
        """The wrapped value."""
        return self[0]

    def rewrap(self, value: T) -> Self:
        """A new annotation of the same kind around ``value``."""
        return type(self)(value)

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return False
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return super().__hash__()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self[0]!r})"


class unmapped(BaseAnnotation[T]):
    """Pass this argument as-is to every run created by ``Task.map`` instead of
    iterating over it."""

    __slots__ = ()

    def __getitem__(self, _: object) -> T:  # type: ignore[override]
        # Acts as an infinite sequence whose items are all the wrapped value.
        return super().__getitem__(0)


class allow_failure(BaseAnnotation[T]):
    """Let the downstream task run even if the upstream run of this argument failed.

    The upstream's exception is then passed to the task in place of its result.
    """

    __slots__ = ()


class quote(BaseAnnotation[T]):
    """Pass this argument untouched: flowql does not look inside it for futures or
    states (faster for large collections; no dependency tracking for it)."""

    __slots__ = ()

    def unquote(self) -> T:
        """The wrapped value."""
        return self.unwrap()


class Quote(quote[T]):
    """Deprecated spelling of :class:`quote`."""

    __slots__ = ()

    def __new__(cls, expr: T) -> Self:
        warnings.warn(
            "Use of `Quote` is deprecated. Use `quote` instead.", DeprecationWarning, stacklevel=2
        )
        return super().__new__(cls, expr)


class freeze(BaseAnnotation[T]):
    """Mark a deployment parameter as not editable when creating runs from the deployment.

    The value must be JSON serialisable.
    """

    __slots__ = ()

    def __new__(cls, value: T) -> Self:
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            raise ValueError("Value must be JSON serializable") from None
        return super().__new__(cls, value)

    def unfreeze(self) -> T:
        """The wrapped value."""
        return self.unwrap()


class NotSet:
    """Sentinel (used as the class itself) for "no value given", distinct from ``None``."""


__all__ = [
    "BaseAnnotation",
    "NotSet",
    "Quote",
    "allow_failure",
    "freeze",
    "quote",
    "unmapped",
]
