"""Prefect's artifact schemas for ``get_client()``: the ``Artifact`` and
``ArtifactCollection`` objects, the ``ArtifactCreate`` / ``ArtifactUpdate``
actions, the ``ArtifactFilter*`` / ``ArtifactCollectionFilter*`` filters and the
``ArtifactSort`` / ``ArtifactCollectionSort`` orders.

A collection is the latest version of a key; flowql keeps no separate
collection row, so an ``ArtifactCollection``'s ``id`` and ``latest_id`` are both
the latest artifact's id. flowql stores no artifact metadata: setting
``metadata_`` raises ``NotImplementedError``, as does ``ArtifactFilterKey.exists_``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from flowql.client.schemas.base import ApiModel, Operator, PrefectFilter, Sort
from flowql.core.artifacts import artifact_data_problem, artifact_key_problem

__all__ = [
    "Artifact",
    "ArtifactCollection",
    "ArtifactCollectionFilter",
    "ArtifactCollectionFilterFlowRunId",
    "ArtifactCollectionFilterKey",
    "ArtifactCollectionFilterLatestId",
    "ArtifactCollectionFilterTaskRunId",
    "ArtifactCollectionFilterType",
    "ArtifactCollectionSort",
    "ArtifactCreate",
    "ArtifactFilter",
    "ArtifactFilterFlowRunId",
    "ArtifactFilterId",
    "ArtifactFilterKey",
    "ArtifactFilterTaskRunId",
    "ArtifactFilterType",
    "ArtifactSort",
    "ArtifactUpdate",
]

_NO_METADATA = "flowql stores no artifact metadata; leave metadata_ unset"


class Artifact(ApiModel):
    """One artifact (one version of its key)."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    key: str | None = None
    type: str | None = None
    description: str | None = None
    data: Any = None
    metadata_: dict[str, str] | None = None
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None


class ArtifactCollection(ApiModel):
    """The latest version of a key (``latest_id`` is that artifact's id, as is ``id``)."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    key: str
    latest_id: uuid.UUID
    type: str | None = None
    description: str | None = None
    data: Any = None
    metadata_: dict[str, str] | None = None
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "latestId": data["id"]}


def _refuse_metadata(metadata: Any) -> None:
    if metadata is not None:
        raise NotImplementedError(_NO_METADATA)


class ArtifactCreate(BaseModel):
    """An artifact to store; ``data`` is checked against ``type`` (see ``flowql.artifacts``)."""

    key: str | None = None
    type: str | None = None
    description: str | None = None
    data: Any = None
    metadata_: dict[str, str] | None = None
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None

    def to_graphql(self) -> dict[str, Any]:
        """flowql's ``CreateArtifactInput``; ``ValueError`` for a bad key or data."""
        _refuse_metadata(self.metadata_)
        if self.type is None:
            raise ValueError("an artifact needs a type (markdown, table, link, ...)")
        if self.key is not None and (problem := artifact_key_problem(self.key)) is not None:
            raise ValueError(problem)
        if (problem := artifact_data_problem(self.type, self.data)) is not None:
            raise ValueError(problem)
        return {
            "type": self.type,
            "data": self.data,
            "key": self.key,
            "description": self.description,
            "flowRunId": None if self.flow_run_id is None else str(self.flow_run_id),
            "taskRunId": None if self.task_run_id is None else str(self.task_run_id),
        }


class ArtifactUpdate(BaseModel):
    """New ``data`` and/or ``description`` for an artifact (fields left out stay)."""

    data: Any = None
    description: str | None = None
    metadata_: dict[str, str] | None = None

    def to_graphql(self, artifact_id: uuid.UUID | str) -> dict[str, Any]:
        """flowql's ``UpdateArtifactInput`` (only the fields that were given)."""
        _refuse_metadata(self.metadata_)
        input: dict[str, Any] = {"id": str(artifact_id)}
        for field in ("data", "description"):
            if field in self.model_fields_set:
                input[field] = getattr(self, field)
        return input


class ArtifactFilterId(PrefectFilter):
    """Filter by ``Artifact.id``."""

    any_: list[uuid.UUID] | None = None


class ArtifactFilterKey(PrefectFilter):
    """Filter by ``Artifact.key``: ``like_`` is a case-insensitive partial match."""

    any_: list[str] | None = None
    like_: str | None = None
    exists_: bool | None = None
    _unsupported = frozenset({"exists_"})


class ArtifactFilterFlowRunId(PrefectFilter):
    """Filter by ``Artifact.flow_run_id``."""

    any_: list[uuid.UUID] | None = None


class ArtifactFilterTaskRunId(PrefectFilter):
    """Filter by ``Artifact.task_run_id``."""

    any_: list[uuid.UUID] | None = None


class ArtifactFilterType(PrefectFilter):
    """Filter by ``Artifact.type``."""

    any_: list[str] | None = None
    not_any_: list[str] | None = None


class ArtifactFilter(PrefectFilter):
    """Artifacts matching every criterion set."""

    operator: Operator = Operator.and_
    id: ArtifactFilterId | None = None
    key: ArtifactFilterKey | None = None
    flow_run_id: ArtifactFilterFlowRunId | None = None
    task_run_id: ArtifactFilterTaskRunId | None = None
    type: ArtifactFilterType | None = None


class ArtifactCollectionFilterLatestId(PrefectFilter):
    """Filter collections by the id of their latest artifact."""

    any_: list[uuid.UUID] | None = None


class ArtifactCollectionFilterKey(ArtifactFilterKey):
    """Filter collections by key."""


class ArtifactCollectionFilterFlowRunId(ArtifactFilterFlowRunId):
    """Filter collections by the flow run of their latest artifact."""


class ArtifactCollectionFilterTaskRunId(ArtifactFilterTaskRunId):
    """Filter collections by the task run of their latest artifact."""


class ArtifactCollectionFilterType(ArtifactFilterType):
    """Filter collections by the type of their latest artifact."""


class ArtifactCollectionFilter(PrefectFilter):
    """Collections (latest versions of keys) matching every criterion set."""

    operator: Operator = Operator.and_
    latest_id: ArtifactCollectionFilterLatestId | None = None
    key: ArtifactCollectionFilterKey | None = None
    flow_run_id: ArtifactCollectionFilterFlowRunId | None = None
    task_run_id: ArtifactCollectionFilterTaskRunId | None = None
    type: ArtifactCollectionFilterType | None = None

    def to_graphql(self) -> dict[str, Any]:
        """flowql's ``ArtifactFilter``, applied to the latest versions (``latest_id``: ``id``)."""
        result = super().to_graphql()
        if "latestId" in result:
            result["id"] = result.pop("latestId")
        return result


class ArtifactSort(Sort):
    """How artifacts are ordered (flowql's default: ``CREATED_DESC``, newest first)."""

    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    ID_DESC = "ID_DESC"
    KEY_DESC = "KEY_DESC"
    KEY_ASC = "KEY_ASC"


class ArtifactCollectionSort(Sort):
    """How collections are ordered (flowql's default: ``KEY_ASC``)."""

    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    ID_DESC = "ID_DESC"
    KEY_DESC = "KEY_DESC"
    KEY_ASC = "KEY_ASC"
