"""Prefect 3's ``Artifact`` class family: ``Artifact`` and its ``MarkdownArtifact``,
``TableArtifact``, ``LinkArtifact``, ``ProgressArtifact`` and ``ImageArtifact``.

``MarkdownArtifact(markdown="# Hi", key="report").create()`` stores the artifact,
linked to the flow run and task run it is called from (unless ``flow_run_id`` /
``task_run_id`` are given), and returns it as the API answers it
(``flowql.client.schemas.artifacts.Artifact``). ``Artifact.get(key)`` is the
latest version of a key (None if there is none); ``get_or_create`` reads it or
creates one. In async code the sync names return awaitables, as in Prefect, and
``acreate`` / ``aget`` / ``aget_or_create`` / ``aformat`` are the async names.

The key, the type and the data are checked with the server's rules when the
artifact is built and again when it is created: bad input raises
``ValueError`` naming the field before anything is sent. Differences from
Prefect: ``format()`` gives the JSON value flowql stores (a table stays rows or
columns, not a JSON string); a progress outside 0 to 100 is refused, not
clamped; there is no ``client`` argument and no ``metadata_``.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, SkipValidation, field_validator, model_validator

from flowql.core.artifacts import (
    ArtifactType,
    artifact_data_problem,
    artifact_key_problem,
    artifact_type_problem,
)
from flowql.sdk import context as ctx
from flowql.sdk.client.errors import ApiError
from flowql.sdk.dispatch import async_dispatch

if TYPE_CHECKING:
    from flowql.client.schemas.artifacts import Artifact as ArtifactResponse

__all__ = [
    "Artifact",
    "ImageArtifact",
    "LinkArtifact",
    "MarkdownArtifact",
    "ProgressArtifact",
    "TableArtifact",
    "refusal",
]


class Artifact(BaseModel):
    """An artifact: a ``type``, an optional ``key`` (lowercase letters, numbers and
    dashes; versions share it), a ``description`` (markdown) and JSON ``data``."""

    model_config = ConfigDict(extra="forbid")

    type: str | None = None
    key: str | None = None
    description: str | None = None
    data: Any = None
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None

    @field_validator("key")
    @classmethod
    def _check_key(cls, key: str | None) -> str | None:
        if key is not None and (problem := artifact_key_problem(key)) is not None:
            raise ValueError(problem)
        return key

    @model_validator(mode="after")
    def _check_data(self) -> Artifact:
        if self.type is not None:
            self._checked_data()
        return self

    def _data(self) -> Any:
        """The data to store (subclasses build it from their own fields)."""
        return self.data

    def _checked_data(self) -> Any:
        if self.type is None:
            raise ValueError("an artifact needs a type (markdown, table, link, progress, ...)")
        if (problem := artifact_type_problem(self.type)) is not None:
            raise ValueError(problem)
        data = self._data()
        if (problem := artifact_data_problem(self.type, data)) is not None:
            raise ValueError(problem)
        return data

    async def aformat(self) -> Any:
        """The data as flowql stores it (checked against the type)."""
        return self._checked_data()

    @async_dispatch(aformat)
    def format(self) -> Any:
        """The data as flowql stores it (checked against the type)."""
        return self._checked_data()

    async def acreate(self) -> ArtifactResponse:
        """Store the artifact; returns it as stored."""
        from flowql.sdk.engine.runtime import get_runtime

        request = self._request()
        runtime = get_runtime()
        if request["task_run_id"] is not None:
            await asyncio.to_thread(runtime.recorder.flush)
        try:
            created = await runtime.loop.run_async(runtime.api.create_artifact(**request))
        except ApiError as error:
            raise refusal(error) from None
        return _response(created)

    @async_dispatch(acreate)
    def create(self) -> ArtifactResponse:
        """Store the artifact; returns it as stored."""
        from flowql.sdk.engine.runtime import get_runtime

        request = self._request()
        runtime = get_runtime()
        if request["task_run_id"] is not None:
            runtime.recorder.flush()  # the artifact names the task run: store it first
        try:
            created = runtime.call(runtime.api.create_artifact(**request))
        except ApiError as error:
            raise refusal(error) from None
        return _response(created)

    @classmethod
    async def aget(cls, key: str) -> ArtifactResponse | None:
        """The latest version of ``key``, or None if there is none."""
        from flowql.sdk.engine.runtime import get_runtime

        runtime = get_runtime()
        return await runtime.loop.run_async(_latest(runtime.transport, key))

    @classmethod
    @async_dispatch(aget)
    def get(cls, key: str) -> ArtifactResponse | None:
        """The latest version of ``key``, or None if there is none."""
        from flowql.sdk.engine.runtime import get_runtime

        runtime = get_runtime()
        return runtime.call(_latest(runtime.transport, key))  # type: ignore[no-any-return]

    @classmethod
    async def aget_or_create(
        cls, key: str, description: str | None = None, data: Any = None, **kwargs: Any
    ) -> tuple[ArtifactResponse, bool]:
        """The latest version of ``key`` and False, or a new artifact of this class
        (built from the arguments) and True."""
        found = await cls.aget(key)
        if found is not None:
            return found, False
        return await cls(key=key, description=description, data=data, **kwargs).acreate(), True

    @classmethod
    @async_dispatch(aget_or_create)
    def get_or_create(
        cls, key: str, description: str | None = None, data: Any = None, **kwargs: Any
    ) -> tuple[ArtifactResponse, bool]:
        """The latest version of ``key`` and False, or a new artifact of this class
        (built from the arguments) and True."""
        found = cls.get(key, _sync=True)  # type: ignore[call-arg]
        if found is not None:
            return found, False
        created = cls(key=key, description=description, data=data, **kwargs).create(_sync=True)  # type: ignore[call-arg]
        return created, True

    def _request(self) -> dict[str, Any]:
        """What ``FlowqlApi.create_artifact`` takes, with the run ids of the context."""
        data = self._checked_data()
        flow_run_id, task_run_id = _context_run_ids()
        return {
            "type": self.type,
            "data": data,
            "key": self.key,
            "description": self.description,
            "flow_run_id": self.flow_run_id or flow_run_id,
            "task_run_id": self.task_run_id or task_run_id,
        }


class MarkdownArtifact(Artifact):
    """Markdown, shown as written."""

    markdown: Annotated[str, SkipValidation]  # checked as the data, with flowql's message
    type: str | None = ArtifactType.MARKDOWN.value

    def _data(self) -> Any:
        return self.markdown


class TableArtifact(Artifact):
    """A table: a list of dicts (rows), a dict of lists (columns) or a list of lists;
    NaN becomes null, as in Prefect."""

    table: Annotated[dict[str, list[Any]] | list[dict[str, Any]] | list[list[Any]], SkipValidation]
    type: str | None = ArtifactType.TABLE.value

    def _data(self) -> Any:
        return _table(self.table)


class LinkArtifact(Artifact):
    """A link, stored as markdown ``[link_text](link)``."""

    link: Annotated[str, SkipValidation]
    link_text: str | None = None
    type: str | None = ArtifactType.LINK.value

    def _data(self) -> Any:
        if not isinstance(self.link, str):
            raise ValueError(f"link must be a string, got {type(self.link).__name__}")
        text = self.link_text or self.link
        return f"[{text}]({self.link})"


class ProgressArtifact(Artifact):
    """A progress bar at ``progress`` percent (0 to 100)."""

    progress: Annotated[float, SkipValidation]
    type: str | None = ArtifactType.PROGRESS.value

    def _data(self) -> Any:
        return self.progress


class ImageArtifact(Artifact):
    """An image, by its URL."""

    image_url: Annotated[str, SkipValidation]
    type: str | None = ArtifactType.IMAGE.value

    def _data(self) -> Any:
        return self.image_url


def refusal(error: ApiError) -> Exception:
    """Input the server refused is the caller's ``ValueError``; anything else (the API
    unreachable) stays an ``ApiError``."""
    if any(detail.get("code") == "INVALID_INPUT" for detail in error.errors):
        return ValueError("; ".join(str(detail.get("message")) for detail in error.errors))
    return error


def _context_run_ids() -> tuple[uuid.UUID | None, uuid.UUID | None]:
    flow_run_id = task_run_id = None
    flow_context = ctx.current_flow_run_context()
    if flow_context is not None and flow_context.flow_run is not None:
        flow_run_id = flow_context.flow_run.id
    task_context = ctx.current_task_run_context()
    if task_context is not None:
        task_run_id = task_context.task_run.id
        flow_run_id = task_context.task_run.flow_run_id
    return flow_run_id, task_run_id


def _response(created: Mapping[str, Any]) -> ArtifactResponse:
    from flowql.client.schemas.artifacts import Artifact as ArtifactResponse

    return ArtifactResponse.from_api(created)


async def _latest(transport: Any, key: str) -> ArtifactResponse | None:
    """The latest version of ``key``, read with ``get_client()``'s ``read_artifacts``."""
    from flowql.client.orchestration import FlowqlClient
    from flowql.client.schemas.artifacts import ArtifactFilter, ArtifactFilterKey, ArtifactSort

    client = FlowqlClient(transport=transport)
    found = await client.read_artifacts(
        artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
        sort=ArtifactSort.CREATED_DESC,
        limit=1,
    )
    return found[0] if found else None


def _table(table: Any) -> Any:
    """The table as JSON: rows or columns as lists, NaN as null (Prefect's sanitising)."""
    if isinstance(table, Mapping):
        return {key: _cells(values) for key, values in table.items()}
    if isinstance(table, Sequence) and not isinstance(table, str):
        return [
            {key: _cell(value) for key, value in row.items()}
            if isinstance(row, Mapping)
            else _cells(row)
            for row in table
        ]
    return table  # refused by the shape check, with the type named


def _cells(values: Any) -> Any:
    if isinstance(values, Sequence) and not isinstance(values, str):
        return [_cell(value) for value in values]
    return values


def _cell(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value
