"""``FlowqlClient``'s artifact methods (Prefect's names) and their blocking twins.

``read_artifacts`` lists every version of every key (newest first unless
``sort`` says otherwise); ``read_latest_artifacts`` the latest version of each
key (Prefect's artifact collections, by key). Selecting artifacts by their
runs' fields (``flow_run_filter``, ``task_run_filter``) is not supported: use
the artifact filter's ``flow_run_id`` / ``task_run_id``.
"""

from __future__ import annotations

import uuid
from typing import Any

from flowql.client.blocking import blocking
from flowql.client.checks import expect_action, mutation_payload
from flowql.client.core import ClientCore
from flowql.client.schemas import filters as f
from flowql.client.schemas import sorting
from flowql.client.schemas.artifacts import (
    Artifact,
    ArtifactCollection,
    ArtifactCollectionFilter,
    ArtifactCollectionSort,
    ArtifactCreate,
    ArtifactFilter,
    ArtifactSort,
    ArtifactUpdate,
)

__all__ = ["ArtifactMethods", "SyncArtifactMethods"]


def _reject_run_filters(method: str, flow_run_filter: Any, task_run_filter: Any) -> None:
    for name, value, field in [
        ("flow_run_filter", flow_run_filter, "flow_run_id"),
        ("task_run_filter", task_run_filter, "task_run_id"),
    ]:
        if value is not None:
            raise NotImplementedError(
                f"{method}({name}=...) is not supported: flowql cannot select artifacts by "
                f"their runs' fields; filter by the run ids with artifact_filter's {field}"
            )


class ArtifactMethods(ClientCore):
    """Reading and writing artifacts through the API."""

    async def create_artifact(self, artifact: ArtifactCreate) -> Artifact:
        """Store the artifact; ``ValueError`` for a bad key or data, before sending."""
        input = expect_action(artifact, ArtifactCreate, "artifact").to_graphql()
        data = await self._execute("ClientCreateArtifact", {"input": input})
        return Artifact.from_api(mutation_payload(data, "createArtifact")["artifact"])

    async def update_artifact(self, artifact_id: uuid.UUID | str, artifact: ArtifactUpdate) -> None:
        """Replace the artifact's data and/or description (the fields given)."""
        input = expect_action(artifact, ArtifactUpdate, "artifact").to_graphql(artifact_id)
        data = await self._execute("ClientUpdateArtifact", {"input": input})
        mutation_payload(data, "updateArtifact")

    async def delete_artifact(self, artifact_id: uuid.UUID | str) -> None:
        """Delete one artifact (one version of its key); ``ObjectNotFound`` if unknown."""
        data = await self._execute("ClientDeleteArtifact", {"id": str(artifact_id)})
        mutation_payload(data, "deleteArtifact")

    async def read_artifacts(
        self,
        *,
        artifact_filter: ArtifactFilter | None = None,
        flow_run_filter: f.FlowRunFilter | None = None,
        task_run_filter: f.TaskRunFilter | None = None,
        sort: ArtifactSort | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Artifact]:
        """Artifacts (every version) matching the filter, newest first by default."""
        _reject_run_filters("read_artifacts", flow_run_filter, task_run_filter)
        variables = {
            "filter": f.graphql_input(artifact_filter, ArtifactFilter, "artifact_filter") or None,
            "orderBy": sorting.to_graphql(ArtifactSort, sort, ArtifactSort.CREATED_DESC),
        }
        nodes = await self._walk(
            "ClientReadArtifacts", ("artifacts",), variables, limit=limit, offset=offset
        )
        return [Artifact.from_api(node) for node in nodes]

    async def read_latest_artifacts(
        self,
        *,
        artifact_filter: ArtifactCollectionFilter | None = None,
        flow_run_filter: f.FlowRunFilter | None = None,
        task_run_filter: f.TaskRunFilter | None = None,
        sort: ArtifactCollectionSort | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArtifactCollection]:
        """The latest version of each key whose latest version matches the filter, by key."""
        _reject_run_filters("read_latest_artifacts", flow_run_filter, task_run_filter)
        given = f.graphql_input(artifact_filter, ArtifactCollectionFilter, "artifact_filter")
        variables = {
            "filter": given or None,
            "orderBy": sorting.to_graphql(
                ArtifactCollectionSort, sort, ArtifactCollectionSort.KEY_ASC
            ),
        }
        nodes = await self._walk(
            "ClientReadLatestArtifacts",
            ("latestArtifacts",),
            variables,
            limit=limit,
            offset=offset,
        )
        return [ArtifactCollection.from_api(node) for node in nodes]


class SyncArtifactMethods:
    """The blocking twins of :class:`ArtifactMethods`, for ``SyncFlowqlClient``.

    Each is ``name = blocking(Methods.name)`` (``flowql.client.blocking``).
    """

    create_artifact = blocking(ArtifactMethods.create_artifact)
    update_artifact = blocking(ArtifactMethods.update_artifact)
    delete_artifact = blocking(ArtifactMethods.delete_artifact)
    read_artifacts = blocking(ArtifactMethods.read_artifacts)
    read_latest_artifacts = blocking(ArtifactMethods.read_latest_artifacts)
