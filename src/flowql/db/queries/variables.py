"""Where-clauses and orderings of the variables list (reads its filter structurally)."""

from __future__ import annotations

from typing import Protocol

from flowql.core.variables import VariableSort
from flowql.db import models as m
from flowql.db.queries.filters import (
    Clauses,
    IdFilterLike,
    StringFilterLike,
    TagsFilterLike,
    id_clauses,
    string_clauses,
    tags_clauses,
)
from flowql.db.queries.pagination import SortKey


class VariableFilterLike(Protocol):
    @property
    def id(self) -> IdFilterLike | None: ...
    @property
    def name(self) -> StringFilterLike | None: ...
    @property
    def tags(self) -> TagsFilterLike | None: ...


def variable_clauses(f: VariableFilterLike | None) -> Clauses:
    if f is None:
        return []
    return [
        *id_clauses(m.Variable.id, f.id),
        *string_clauses(m.Variable.name, f.name),
        *tags_clauses(m.Variable.tags, f.tags),
    ]


def variable_sort(sort: VariableSort) -> SortKey:
    column_name, _, direction = sort.value.rpartition("_")
    column = getattr(m.Variable, column_name.lower())
    return SortKey(column=column, id_column=m.Variable.id, descending=direction == "DESC")
