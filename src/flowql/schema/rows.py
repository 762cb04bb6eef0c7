"""Build GraphQL objects from model rows, field by field, by name.

Object types list their fields on purpose; every field given at construction
(``init``) must exist on the row under the same snake_case name, and a test
checks that for each type against its model.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def row_field_names(cls: type[Any]) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple(field.name for field in dataclasses.fields(cls) if field.init)
        _FIELD_NAMES[cls] = names
    return names


def from_row(cls: type[T], row: Any) -> T:
    return cls(**{name: getattr(row, name) for name in row_field_names(cls)})
