"""Nested fields flow runs and task runs share: state history and logs."""

from __future__ import annotations

import uuid
from typing import Any

from flowql.core import sorting
from flowql.db import models as m
from flowql.db.queries import filters, sorts
from flowql.resolvers.loaders import ChildCounts, ChildPages
from flowql.schema.connection import Connection, child_connection
from flowql.schema.filters import LogFilter
from flowql.schema.rows import from_row
from flowql.schema.types.log import Log
from flowql.schema.types.state import State


def state_history(
    pages: ChildPages,
    counts: ChildCounts,
    run_id: uuid.UUID,
    state_model: type[m.FlowRunState] | type[m.TaskRunState],
    *,
    first: int | None,
    after: str | None,
    order_by: sorting.StateSort,
) -> Connection[State]:
    return child_connection(
        pages,
        counts,
        run_id,
        where=[],
        filter_input=None,
        sort_key=sorts.state_sort(state_model, order_by),
        first=first,
        after=after,
        to_node=lambda row: from_row(State, row),
    )


def logs(
    pages: ChildPages,
    counts: ChildCounts,
    run_id: uuid.UUID,
    *,
    filter: LogFilter | None,
    first: int | None,
    after: str | None,
    order_by: sorting.LogSort,
) -> Connection[Log]:
    return child_connection(
        pages,
        counts,
        run_id,
        where=filters.log_clauses(filter),
        filter_input=filter,
        sort_key=sorts.log_sort(order_by),
        first=first,
        after=after,
        to_node=lambda row: from_row(Log, row),
    )


def retry_delays(policy: dict[str, Any]) -> list[float]:
    return [float(delay) for delay in policy.get("retry_delay_seconds", ())]
