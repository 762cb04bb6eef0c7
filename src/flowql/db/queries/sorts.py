"""The SQL ordering behind each sort option of the API."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from flowql.core import sorting
from flowql.db import models as m
from flowql.db.queries.pagination import SortKey


def _key(model: Any, column: InstrumentedAttribute[Any], descending: bool) -> SortKey:
    return SortKey(column=column, id_column=model.id, descending=descending)


def flow_sort(sort: sorting.FlowSort) -> SortKey:
    return {
        sorting.FlowSort.CREATED_DESC: _key(m.Flow, m.Flow.created, True),
        sorting.FlowSort.UPDATED_DESC: _key(m.Flow, m.Flow.updated, True),
        sorting.FlowSort.NAME_ASC: _key(m.Flow, m.Flow.name, False),
        sorting.FlowSort.NAME_DESC: _key(m.Flow, m.Flow.name, True),
    }[sort]


def _run_sort(model: type[m.FlowRun] | type[m.TaskRun], sort: str) -> SortKey:
    column_name, _, direction = sort.rpartition("_")
    column = getattr(model, column_name.lower())
    return _key(model, column, direction == "DESC")


def flow_run_sort(sort: sorting.FlowRunSort) -> SortKey:
    return _run_sort(m.FlowRun, sort.value)


def task_run_sort(sort: sorting.TaskRunSort) -> SortKey:
    return _run_sort(m.TaskRun, sort.value)


def log_sort(sort: sorting.LogSort) -> SortKey:
    return _key(m.Log, m.Log.timestamp, sort is sorting.LogSort.TIMESTAMP_DESC)


def state_sort(
    model: type[m.FlowRunState] | type[m.TaskRunState], sort: sorting.StateSort
) -> SortKey:
    return _key(model, model.timestamp, sort is sorting.StateSort.TIMESTAMP_DESC)
