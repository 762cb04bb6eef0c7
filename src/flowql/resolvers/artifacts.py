"""Artifacts in the API: ``artifact``, ``artifacts``, the latest per key and a key's
history, and the mutations that create, update and delete them.

Merged into the root Query and Mutation by ``schema/build.py``.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
import strawberry

from flowql.core.artifacts import ArtifactSort
from flowql.db import models as m
from flowql.db.queries.artifacts import artifact_clauses, artifact_sort, latest_per_key
from flowql.resolvers import convert
from flowql.resolvers.mutation import errors_as_data
from flowql.schema import inputs as i
from flowql.schema import payloads as p
from flowql.schema.connection import Connection, root_connection
from flowql.schema.filters import ArtifactFilter
from flowql.schema.rows import from_row
from flowql.schema.types.artifact import Artifact
from flowql.services import artifacts

KEEP = artifacts.KEEP


def _connection(
    info: strawberry.Info,
    where: list[sa.ColumnElement[bool]],
    first: int | None,
    after: str | None,
    order_by: ArtifactSort,
) -> Connection[Artifact]:
    return root_connection(
        info.context.db,
        m.Artifact,
        where=where,
        sort_key=artifact_sort(order_by),
        first=first,
        after=after,
        to_node=lambda row: from_row(Artifact, row),
    )


@strawberry.type
class ArtifactQuery:
    @strawberry.field
    async def artifact(self, info: strawberry.Info, id: uuid.UUID) -> Artifact | None:
        row = await info.context.loaders.artifact_by_id.load(id)
        return None if row is None else from_row(Artifact, row)

    @strawberry.field(description="Every artifact (every version of every key).")
    def artifacts(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: ArtifactFilter | None = None,
        order_by: ArtifactSort = ArtifactSort.CREATED_DESC,
    ) -> Connection[Artifact]:
        return _connection(info, artifact_clauses(filter), first, after, order_by)

    @strawberry.field(
        description="The latest version of each key (Prefect's artifact collections); the "
        "filter applies to those latest versions."
    )
    def latest_artifacts(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: ArtifactFilter | None = None,
        order_by: ArtifactSort = ArtifactSort.KEY_ASC,
    ) -> Connection[Artifact]:
        where = [*latest_per_key(), *artifact_clauses(filter)]
        return _connection(info, where, first, after, order_by)

    @strawberry.field(description="The latest version of a key, or null.")
    async def latest_artifact(self, info: strawberry.Info, key: str) -> Artifact | None:
        statement = (
            sa.select(m.Artifact)
            .where(m.Artifact.key == key)
            .order_by(m.Artifact.created.desc(), m.Artifact.id.desc())
            .limit(1)
        )
        async with info.context.db.session() as session:
            row = await session.scalar(statement)
        return None if row is None else from_row(Artifact, row)

    @strawberry.field(description="Every version of a key, newest first by default.")
    def artifact_history(
        self,
        info: strawberry.Info,
        key: str,
        first: int | None = None,
        after: str | None = None,
        order_by: ArtifactSort = ArtifactSort.CREATED_DESC,
    ) -> Connection[Artifact]:
        return _connection(info, [m.Artifact.key == key], first, after, order_by)


@strawberry.type
class ArtifactMutation:
    @strawberry.mutation(
        description="Store an artifact; with a key, it becomes that key's latest version."
    )
    @errors_as_data(p.ArtifactPayload)
    async def create_artifact(
        self, info: strawberry.Info, input: i.CreateArtifactInput
    ) -> p.ArtifactPayload:
        row = await artifacts.create_artifact(info.context.db, convert.artifact_create(input))
        return p.ArtifactPayload(artifact=from_row(Artifact, row))

    @strawberry.mutation(description="Replace an artifact's data and/or description.")
    @errors_as_data(p.ArtifactPayload)
    async def update_artifact(
        self, info: strawberry.Info, input: i.UpdateArtifactInput
    ) -> p.ArtifactPayload:
        row = await artifacts.update_artifact(
            info.context.db,
            input.id,
            data=KEEP if input.data is strawberry.UNSET else input.data,
            description=KEEP if input.description is strawberry.UNSET else input.description,
        )
        return p.ArtifactPayload(artifact=from_row(Artifact, row))

    @strawberry.mutation(
        description="Delete one artifact (one version of its key); the version before it, "
        "if any, becomes the key's latest."
    )
    @errors_as_data(p.DeletePayload)
    async def delete_artifact(self, info: strawberry.Info, input: i.DeleteInput) -> p.DeletePayload:
        deleted = await artifacts.delete_artifact(info.context.db, input.id)
        return p.DeletePayload(deleted_id=deleted)
