"""Per-request dataloaders: each batches its keys into one ``IN (...)`` query.

Nested connections (the task runs of each flow run on a page) are batched
too: every parent asking for the same arguments is answered by one windowed
query, and every ``totalCount`` by one grouped count.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from flowql.db import models as m
from flowql.db.database import Database
from flowql.db.queries.pagination import (
    Page,
    PageRequest,
    SortKey,
    count_by_parent,
    fetch_pages_by_parent,
)


@dataclass(frozen=True)
class ChildQuery:
    """The arguments of a nested connection; ``key`` identifies equal arguments."""

    key: str
    where: Sequence[sa.ColumnElement[bool]]
    sort_key: SortKey
    request: PageRequest


class ChildPages:
    """Pages of children per parent; parents with equal arguments share one query."""

    def __init__(self, db: Database, model: type[Any], parent: InstrumentedAttribute[Any]):
        self._db, self._model, self._parent = db, model, parent
        self._queries: dict[str, ChildQuery] = {}
        self._loader: DataLoader[tuple[uuid.UUID, str], Page] = DataLoader(self._load)

    def load(self, parent_id: uuid.UUID, query: ChildQuery) -> Awaitable[Page]:
        self._queries[query.key] = query
        return self._loader.load((parent_id, query.key))

    async def _load(self, keys: list[tuple[uuid.UUID, str]]) -> list[Page]:
        by_query: dict[str, set[uuid.UUID]] = defaultdict(set)
        for parent_id, query_key in keys:
            by_query[query_key].add(parent_id)
        pages: dict[tuple[uuid.UUID, str], Page] = {}
        async with self._db.session() as session:
            for query_key, parent_ids in by_query.items():
                query = self._queries[query_key]
                found = await fetch_pages_by_parent(
                    session, self._model, self._parent, parent_ids,
                    query.where, query.sort_key, query.request,
                )  # fmt: skip
                pages.update(((pid, query_key), page) for pid, page in found.items())
        return [pages[key] for key in keys]


class ChildCounts:
    """Number of children per parent for a filter; one grouped count per filter."""

    def __init__(self, db: Database, parent: InstrumentedAttribute[Any]):
        self._db, self._parent = db, parent
        self._where: dict[str, Sequence[sa.ColumnElement[bool]]] = {}
        self._loader: DataLoader[tuple[uuid.UUID, str], int] = DataLoader(self._load)

    def load(
        self, parent_id: uuid.UUID, key: str, where: Sequence[sa.ColumnElement[bool]]
    ) -> Awaitable[int]:
        self._where[key] = where
        return self._loader.load((parent_id, key))

    async def _load(self, keys: list[tuple[uuid.UUID, str]]) -> list[int]:
        by_filter: dict[str, set[uuid.UUID]] = defaultdict(set)
        for parent_id, key in keys:
            by_filter[key].add(parent_id)
        counts: dict[tuple[uuid.UUID, str], int] = {}
        async with self._db.session() as session:
            for key, parent_ids in by_filter.items():
                found = await count_by_parent(session, self._parent, parent_ids, self._where[key])
                counts.update(((pid, key), n) for pid, n in found.items())
        return [counts[key] for key in keys]


def _rows_by_id(db: Database, model: type[Any]) -> DataLoader[uuid.UUID, Any]:
    async def load(ids: list[uuid.UUID]) -> list[Any]:
        async with db.session() as session:
            rows = (await session.scalars(sa.select(model).where(model.id.in_(ids)))).all()
        by_id = {row.id: row for row in rows}
        return [by_id.get(row_id) for row_id in ids]

    return DataLoader(load)


def _first_row_by(db: Database, column: InstrumentedAttribute[Any]) -> DataLoader[uuid.UUID, Any]:
    async def load(keys: list[uuid.UUID]) -> list[Any]:
        model = column.class_
        async with db.session() as session:
            statement = sa.select(model).where(column.in_(keys)).order_by(model.created)
            rows = (await session.scalars(statement)).all()
        by_key: dict[uuid.UUID, Any] = {}
        for row in rows:
            by_key.setdefault(getattr(row, column.key), row)
        return [by_key.get(key) for key in keys]

    return DataLoader(load)


def _row_by_name(db: Database, column: InstrumentedAttribute[Any]) -> DataLoader[str, Any]:
    async def load(names: list[str]) -> list[Any]:
        model = column.class_
        async with db.session() as session:
            rows = (await session.scalars(sa.select(model).where(column.in_(names)))).all()
        by_name = {getattr(row, column.key): row for row in rows}
        return [by_name.get(name) for name in names]

    return DataLoader(load)


class Loaders:
    """One instance per request (and per subscription event)."""

    def __init__(self, db: Database) -> None:
        self.flow_by_id = _rows_by_id(db, m.Flow)
        self.flow_run_by_id = _rows_by_id(db, m.FlowRun)
        self.task_run_by_id = _rows_by_id(db, m.TaskRun)
        self.flow_run_state_by_id = _rows_by_id(db, m.FlowRunState)
        self.task_run_state_by_id = _rows_by_id(db, m.TaskRunState)
        self.subflow_run_by_parent_task_run_id = _first_row_by(db, m.FlowRun.parent_task_run_id)
        self.flow_run_pages_by_flow_id = ChildPages(db, m.FlowRun, m.FlowRun.flow_id)
        self.flow_run_counts_by_flow_id = ChildCounts(db, m.FlowRun.flow_id)
        self.task_run_pages_by_flow_run_id = ChildPages(db, m.TaskRun, m.TaskRun.flow_run_id)
        self.task_run_counts_by_flow_run_id = ChildCounts(db, m.TaskRun.flow_run_id)
        self.subflow_run_pages_by_parent_flow_run_id = ChildPages(
            db, m.FlowRun, m.FlowRun.parent_flow_run_id
        )
        self.subflow_run_counts_by_parent_flow_run_id = ChildCounts(
            db, m.FlowRun.parent_flow_run_id
        )
        self.log_pages_by_flow_run_id = ChildPages(db, m.Log, m.Log.flow_run_id)
        self.log_counts_by_flow_run_id = ChildCounts(db, m.Log.flow_run_id)
        self.log_pages_by_task_run_id = ChildPages(db, m.Log, m.Log.task_run_id)
        self.log_counts_by_task_run_id = ChildCounts(db, m.Log.task_run_id)
        self.flow_run_state_pages_by_flow_run_id = ChildPages(
            db, m.FlowRunState, m.FlowRunState.flow_run_id
        )
        self.flow_run_state_counts_by_flow_run_id = ChildCounts(db, m.FlowRunState.flow_run_id)
        self.task_run_state_pages_by_task_run_id = ChildPages(
            db, m.TaskRunState, m.TaskRunState.task_run_id
        )
        self.task_run_state_counts_by_task_run_id = ChildCounts(db, m.TaskRunState.task_run_id)
        self.variable_by_id = _rows_by_id(db, m.Variable)
        self.variable_by_name = _row_by_name(db, m.Variable.name)
        self.artifact_by_id = _rows_by_id(db, m.Artifact)
        self.block_type_by_id = _rows_by_id(db, m.BlockType)
        self.block_schema_by_id = _rows_by_id(db, m.BlockSchema)
        self.artifact_pages_by_flow_run_id = ChildPages(db, m.Artifact, m.Artifact.flow_run_id)
        self.artifact_counts_by_flow_run_id = ChildCounts(db, m.Artifact.flow_run_id)
        self.artifact_pages_by_task_run_id = ChildPages(db, m.Artifact, m.Artifact.task_run_id)
        self.artifact_counts_by_task_run_id = ChildCounts(db, m.Artifact.task_run_id)
