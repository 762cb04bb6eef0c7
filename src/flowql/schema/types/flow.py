"""Flow: a named workflow, the parent of its flow runs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from flowql.core import sorting
from flowql.db.queries import filters, sorts
from flowql.schema.connection import Connection, child_connection
from flowql.schema.enums import FlowRunSort
from flowql.schema.filters import FlowRunFilter
from flowql.schema.rows import from_row

if TYPE_CHECKING:
    from flowql.schema.types.flow_run import FlowRun

FlowRunType = Annotated["FlowRun", strawberry.lazy("flowql.schema.types.flow_run")]


@strawberry.type(description="A workflow: the decorated function, known by its name.")
class Flow:
    id: uuid.UUID
    created: datetime
    updated: datetime
    name: str
    description: str | None
    tags: list[str]
    parameter_schema: JSON | None = strawberry.field(
        description="JSON Schema of the flow function's parameters, as last recorded."
    )
    version: str | None

    @strawberry.field(description="Runs of this flow.")
    def flow_runs(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: FlowRunFilter | None = None,
        order_by: FlowRunSort = sorting.FlowRunSort.EXPECTED_START_TIME_DESC,
    ) -> Connection[FlowRunType]:
        from flowql.schema.types.flow_run import FlowRun

        loaders = info.context.loaders
        return child_connection(
            loaders.flow_run_pages_by_flow_id,
            loaders.flow_run_counts_by_flow_id,
            self.id,
            where=filters.flow_run_clauses(filter),
            filter_input=filter,
            sort_key=sorts.flow_run_sort(order_by),
            first=first,
            after=after,
            to_node=lambda row: from_row(FlowRun, row),
        )
