"""Where-clauses and orderings of artifact lists, and "the latest per key".

The latest artifact of a key is the one no other artifact of that key follows
in (created, id) order: a correlated NOT EXISTS on the (key, created) index, so
the latest of every key is one indexed probe per candidate row, and there is
no second table to keep in step (an artifact's history is its rows).
"""

from __future__ import annotations

from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from flowql.core.artifacts import ArtifactSort
from flowql.db import models as m
from flowql.db.queries.filters import (
    Clauses,
    IdFilterLike,
    StringFilterLike,
    TimeFilterLike,
    id_clauses,
    string_clauses,
    time_clauses,
)
from flowql.db.queries.pagination import SortKey


class ArtifactFilterLike(Protocol):
    @property
    def id(self) -> IdFilterLike | None: ...
    @property
    def key(self) -> StringFilterLike | None: ...
    @property
    def type(self) -> StringFilterLike | None: ...
    @property
    def flow_run_id(self) -> IdFilterLike | None: ...
    @property
    def task_run_id(self) -> IdFilterLike | None: ...
    @property
    def created(self) -> TimeFilterLike | None: ...


def artifact_clauses(f: ArtifactFilterLike | None) -> Clauses:
    if f is None:
        return []
    return [
        *id_clauses(m.Artifact.id, f.id),
        *string_clauses(m.Artifact.key, f.key),
        *string_clauses(m.Artifact.type, f.type),
        *id_clauses(m.Artifact.flow_run_id, f.flow_run_id),
        *id_clauses(m.Artifact.task_run_id, f.task_run_id),
        *time_clauses(m.Artifact.created, f.created),
    ]


def latest_per_key() -> Clauses:
    """Artifacts with a key that no newer artifact of the same key follows."""
    newer = aliased(m.Artifact)
    follows = sa.or_(
        newer.created > m.Artifact.created,
        sa.and_(newer.created == m.Artifact.created, newer.id > m.Artifact.id),
    )
    later = sa.select(1).where(newer.key == m.Artifact.key, follows)
    return [m.Artifact.key.is_not(None), ~sa.exists(later)]


def artifact_sort(sort: ArtifactSort) -> SortKey:
    column_name, _, direction = sort.value.rpartition("_")
    column = getattr(m.Artifact, column_name.lower())
    return SortKey(column=column, id_column=m.Artifact.id, descending=direction == "DESC")
