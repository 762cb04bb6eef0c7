"""Turn the API's filter inputs into SQL where-clauses.

The filter inputs are defined once, as GraphQL input types in
``flowql.schema.filters``; this module only reads them, through the
structural protocols below, so that storage does not import the API layer.
Every filter field is optional; the clauses of one filter are ANDed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.functions import GenericFunction

from flowql.core.states import StateType
from flowql.db import models as m

Clauses = list[sa.ColumnElement[bool]]


class IdFilterLike(Protocol):
    @property
    def any(self) -> Sequence[uuid.UUID] | None: ...
    @property
    def not_any(self) -> Sequence[uuid.UUID] | None: ...
    @property
    def is_null(self) -> bool | None: ...


class StringFilterLike(Protocol):
    @property
    def any(self) -> Sequence[str] | None: ...
    @property
    def not_any(self) -> Sequence[str] | None: ...
    @property
    def like(self) -> str | None: ...


class TagsFilterLike(Protocol):
    @property
    def all(self) -> Sequence[str] | None: ...
    @property
    def any(self) -> Sequence[str] | None: ...
    @property
    def is_null(self) -> bool | None: ...


class TimeFilterLike(Protocol):
    @property
    def before(self) -> datetime | None: ...
    @property
    def after(self) -> datetime | None: ...
    @property
    def is_null(self) -> bool | None: ...


class StateTypeFilterLike(Protocol):
    @property
    def any(self) -> Sequence[StateType] | None: ...
    @property
    def not_any(self) -> Sequence[StateType] | None: ...


class StateFilterLike(Protocol):
    @property
    def type(self) -> StateTypeFilterLike | None: ...
    @property
    def name(self) -> StringFilterLike | None: ...


class FlowFilterLike(Protocol):
    @property
    def id(self) -> IdFilterLike | None: ...
    @property
    def name(self) -> StringFilterLike | None: ...
    @property
    def tags(self) -> TagsFilterLike | None: ...


class _RunFilterLike(Protocol):
    @property
    def id(self) -> IdFilterLike | None: ...
    @property
    def name(self) -> StringFilterLike | None: ...
    @property
    def tags(self) -> TagsFilterLike | None: ...
    @property
    def state(self) -> StateFilterLike | None: ...
    @property
    def start_time(self) -> TimeFilterLike | None: ...
    @property
    def end_time(self) -> TimeFilterLike | None: ...
    @property
    def expected_start_time(self) -> TimeFilterLike | None: ...
    @property
    def created(self) -> TimeFilterLike | None: ...


class FlowRunFilterLike(_RunFilterLike, Protocol):
    @property
    def flow_id(self) -> IdFilterLike | None: ...
    @property
    def flow(self) -> FlowFilterLike | None: ...
    @property
    def parent_task_run_id(self) -> IdFilterLike | None: ...
    @property
    def parent_flow_run_id(self) -> IdFilterLike | None: ...
    @property
    def idempotency_key(self) -> StringFilterLike | None: ...


class TaskRunFilterLike(_RunFilterLike, Protocol):
    @property
    def flow_run_id(self) -> IdFilterLike | None: ...
    @property
    def flow_run(self) -> FlowRunFilterLike | None: ...
    @property
    def task_key(self) -> StringFilterLike | None: ...
    @property
    def cache_key(self) -> StringFilterLike | None: ...


class LevelFilterLike(Protocol):
    @property
    def ge(self) -> int | None: ...
    @property
    def le(self) -> int | None: ...


class LogFilterLike(Protocol):
    @property
    def flow_run_id(self) -> IdFilterLike | None: ...
    @property
    def task_run_id(self) -> IdFilterLike | None: ...
    @property
    def level(self) -> LevelFilterLike | None: ...
    @property
    def timestamp(self) -> TimeFilterLike | None: ...
    @property
    def name(self) -> StringFilterLike | None: ...
    @property
    def message(self) -> StringFilterLike | None: ...


def id_clauses(column: InstrumentedAttribute[Any], f: IdFilterLike | None) -> Clauses:
    if f is None:
        return []
    clauses: Clauses = []
    if f.any is not None:
        clauses.append(column.in_(list(f.any)))
    if f.not_any is not None:
        clauses.append(sa.or_(column.not_in(list(f.not_any)), column.is_(None)))
    if f.is_null is not None:
        clauses.append(column.is_(None) if f.is_null else column.is_not(None))
    return clauses


def string_clauses(column: InstrumentedAttribute[Any], f: StringFilterLike | None) -> Clauses:
    if f is None:
        return []
    clauses: Clauses = []
    if f.any is not None:
        clauses.append(column.in_(list(f.any)))
    if f.not_any is not None:
        clauses.append(sa.or_(column.not_in(list(f.not_any)), column.is_(None)))
    if f.like is not None:
        clauses.append(column.ilike(f"%{_escape_like(f.like)}%", escape="\\"))
    return clauses


def time_clauses(column: InstrumentedAttribute[Any], f: TimeFilterLike | None) -> Clauses:
    if f is None:
        return []
    clauses: Clauses = []
    if f.before is not None:
        clauses.append(column <= f.before)
    if f.after is not None:
        clauses.append(column >= f.after)
    if f.is_null is not None:
        clauses.append(column.is_(None) if f.is_null else column.is_not(None))
    return clauses


def tags_clauses(column: InstrumentedAttribute[Any], f: TagsFilterLike | None) -> Clauses:
    """Tags are a JSON array; ``all`` and ``any`` test membership portably."""
    if f is None:
        return []
    clauses: Clauses = []
    if f.all is not None:
        clauses.extend(_has_tag(column, [tag]) for tag in f.all)
    if f.any is not None:
        clauses.append(_has_tag(column, list(f.any)))
    if f.is_null is not None:
        empty = _json_array_length(column) == 0
        clauses.append(empty if f.is_null else sa.not_(empty))
    return clauses


def _has_tag(column: InstrumentedAttribute[Any], tags: list[str]) -> sa.ColumnElement[bool]:
    # json_each on SQLite; compiled as jsonb_array_elements_text on PostgreSQL. Both
    # name their column "value"; no derived column list, which SQLite cannot parse.
    elements = _json_elements(column).table_valued("value")
    return sa.exists(sa.select(1).select_from(elements).where(elements.c.value.in_(tags)))


class _json_elements(GenericFunction[Any]):
    name = "json_each"
    inherit_cache = True


@compiles(_json_elements, "postgresql")
def _json_elements_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"jsonb_array_elements_text({compiler.process(element.clauses, **kw)})"


class _json_array_length(GenericFunction[int]):
    name = "json_array_length"
    type = sa.Integer()
    inherit_cache = True


@compiles(_json_array_length, "postgresql")
def _json_array_length_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"jsonb_array_length({compiler.process(element.clauses, **kw)})"


def state_clauses(
    type_column: InstrumentedAttribute[Any],
    name_column: InstrumentedAttribute[Any],
    f: StateFilterLike | None,
) -> Clauses:
    if f is None:
        return []
    clauses: Clauses = []
    if f.type is not None:
        if f.type.any is not None:
            clauses.append(type_column.in_(list(f.type.any)))
        if f.type.not_any is not None:
            clauses.append(sa.or_(type_column.not_in(list(f.type.not_any)), type_column.is_(None)))
    clauses.extend(string_clauses(name_column, f.name))
    return clauses


def flow_clauses(f: FlowFilterLike | None) -> Clauses:
    if f is None:
        return []
    return [
        *id_clauses(m.Flow.id, f.id),
        *string_clauses(m.Flow.name, f.name),
        *tags_clauses(m.Flow.tags, f.tags),
    ]


def _run_clauses(model: type[m.FlowRun] | type[m.TaskRun], f: _RunFilterLike) -> Clauses:
    return [
        *id_clauses(model.id, f.id),
        *string_clauses(model.name, f.name),
        *tags_clauses(model.tags, f.tags),
        *state_clauses(model.state_type, model.state_name, f.state),
        *time_clauses(model.start_time, f.start_time),
        *time_clauses(model.end_time, f.end_time),
        *time_clauses(model.expected_start_time, f.expected_start_time),
        *time_clauses(model.created, f.created),
    ]


def flow_run_clauses(f: FlowRunFilterLike | None) -> Clauses:
    if f is None:
        return []
    clauses = [
        *_run_clauses(m.FlowRun, f),
        *id_clauses(m.FlowRun.flow_id, f.flow_id),
        *id_clauses(m.FlowRun.parent_task_run_id, f.parent_task_run_id),
        *id_clauses(m.FlowRun.parent_flow_run_id, f.parent_flow_run_id),
        *string_clauses(m.FlowRun.idempotency_key, f.idempotency_key),
    ]
    if f.flow is not None:
        flows = sa.select(m.Flow.id).where(*flow_clauses(f.flow))
        clauses.append(m.FlowRun.flow_id.in_(flows))
    return clauses


def task_run_clauses(f: TaskRunFilterLike | None) -> Clauses:
    if f is None:
        return []
    clauses = [
        *_run_clauses(m.TaskRun, f),
        *id_clauses(m.TaskRun.flow_run_id, f.flow_run_id),
        *string_clauses(m.TaskRun.task_key, f.task_key),
        *string_clauses(m.TaskRun.cache_key, f.cache_key),
    ]
    if f.flow_run is not None:
        flow_runs = sa.select(m.FlowRun.id).where(*flow_run_clauses(f.flow_run))
        clauses.append(m.TaskRun.flow_run_id.in_(flow_runs))
    return clauses


def log_clauses(f: LogFilterLike | None) -> Clauses:
    if f is None:
        return []
    clauses = [
        *id_clauses(m.Log.flow_run_id, f.flow_run_id),
        *id_clauses(m.Log.task_run_id, f.task_run_id),
        *time_clauses(m.Log.timestamp, f.timestamp),
        *string_clauses(m.Log.name, f.name),
        *string_clauses(m.Log.message, f.message),
    ]
    if f.level is not None:
        if f.level.ge is not None:
            clauses.append(m.Log.level >= f.level.ge)
        if f.level.le is not None:
            clauses.append(m.Log.level <= f.level.le)
    return clauses


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
