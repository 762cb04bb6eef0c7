"""Artifact: what a run published for people to read; versions share a key."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from flowql.core.artifacts import ArtifactSort
from flowql.db.queries.artifacts import artifact_clauses, artifact_sort
from flowql.resolvers.loaders import ChildCounts, ChildPages
from flowql.schema.connection import Connection, child_connection
from flowql.schema.filters import ArtifactFilter
from flowql.schema.rows import from_row

if TYPE_CHECKING:
    from flowql.schema.types.flow_run import FlowRun
    from flowql.schema.types.task_run import TaskRun

FlowRunType = Annotated["FlowRun", strawberry.lazy("flowql.schema.types.flow_run")]
TaskRunType = Annotated["TaskRun", strawberry.lazy("flowql.schema.types.task_run")]


@strawberry.type(
    description="What a run published: markdown, a table, a link, progress, an image. "
    "Artifacts with the same key are versions, the newest being the latest."
)
class Artifact:
    id: uuid.UUID
    created: datetime
    updated: datetime
    key: str | None = strawberry.field(
        description="Versions share it; lowercase letters, numbers and dashes."
    )
    type: str = strawberry.field(
        description="markdown, table, link, progress, image, result, or a type of the user's."
    )
    description: str | None = strawberry.field(description="Markdown.")
    data: JSON | None = strawberry.field(
        description="Per type: markdown, link and image: a string (markdown, markdown, URL); "
        "progress: a number from 0 to 100; table: a list of rows or an object of columns."
    )
    flow_run_id: uuid.UUID | None
    task_run_id: uuid.UUID | None

    @strawberry.field(description="The flow run that made it (null once deleted).")
    async def flow_run(self, info: strawberry.Info) -> FlowRunType | None:
        from flowql.schema.types.flow_run import FlowRun

        if self.flow_run_id is None:
            return None
        row = await info.context.loaders.flow_run_by_id.load(self.flow_run_id)
        return None if row is None else from_row(FlowRun, row)

    @strawberry.field(description="The task run that made it (null once deleted).")
    async def task_run(self, info: strawberry.Info) -> TaskRunType | None:
        from flowql.schema.types.task_run import TaskRun

        if self.task_run_id is None:
            return None
        row = await info.context.loaders.task_run_by_id.load(self.task_run_id)
        return None if row is None else from_row(TaskRun, row)


def run_artifacts(
    pages: ChildPages,
    counts: ChildCounts,
    run_id: uuid.UUID,
    *,
    filter: ArtifactFilter | None,
    first: int | None,
    after: str | None,
    order_by: ArtifactSort,
) -> Connection[Artifact]:
    """A run's artifacts, batched across the runs of a page (a flow run's or a task run's)."""
    return child_connection(
        pages,
        counts,
        run_id,
        where=artifact_clauses(filter),
        filter_input=filter,
        sort_key=artifact_sort(order_by),
        first=first,
        after=after,
        to_node=lambda row: from_row(Artifact, row),
    )
