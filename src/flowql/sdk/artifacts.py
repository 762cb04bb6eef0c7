"""Artifacts: markdown, tables, links, progress and images that runs publish (Prefect 3's
``prefect.artifacts``).

Each ``create_*_artifact`` stores the artifact before it returns its id, linked
to the flow run and task run it is called from (none outside a run). A ``key``
(lowercase letters, numbers, dashes) makes it the newest version of that key;
the older versions stay as its history. Async code uses ``acreate_*`` (or awaits
the sync names, which return awaitables there, as in Prefect). Bad input raises
``ValueError`` naming the field before anything is sent.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from flowql.core.artifacts import (
    ArtifactType,
    artifact_data_problem,
    artifact_key_problem,
    progress_problem,
)
from flowql.sdk import context as ctx
from flowql.sdk.client.errors import ApiError
from flowql.sdk.dispatch import async_dispatch


def _request(
    type: ArtifactType, data: Any, key: str | None, description: str | None
) -> dict[str, Any]:
    if key is not None and (problem := artifact_key_problem(key)) is not None:
        raise ValueError(problem)
    if (problem := artifact_data_problem(type, data)) is not None:
        raise ValueError(problem)
    flow_run_id = task_run_id = None
    flow_context = ctx.current_flow_run_context()
    if flow_context is not None and flow_context.flow_run is not None:
        flow_run_id = flow_context.flow_run.id
    task_context = ctx.current_task_run_context()
    if task_context is not None:
        task_run_id = task_context.task_run.id
        flow_run_id = task_context.task_run.flow_run_id
    return {
        "type": type.value,
        "data": data,
        "key": key,
        "description": description,
        "flow_run_id": flow_run_id,
        "task_run_id": task_run_id,
    }


def _create(request: dict[str, Any]) -> uuid.UUID:
    from flowql.sdk.engine.runtime import get_runtime

    runtime = get_runtime()
    if request["task_run_id"] is not None:
        runtime.recorder.flush()  # the artifact names the task run: store it first
    try:
        created = runtime.call(runtime.api.create_artifact(**request))
    except ApiError as error:
        raise _refusal(error) from None
    return uuid.UUID(created["id"])


async def _acreate(request: dict[str, Any]) -> uuid.UUID:
    from flowql.sdk.engine.runtime import get_runtime

    runtime = get_runtime()
    if request["task_run_id"] is not None:
        await asyncio.to_thread(runtime.recorder.flush)
    try:
        created = await runtime.loop.run_async(runtime.api.create_artifact(**request))
    except ApiError as error:
        raise _refusal(error) from None
    return uuid.UUID(created["id"])


def _refusal(error: ApiError) -> Exception:
    if any(detail.get("code") == "INVALID_INPUT" for detail in error.errors):
        return ValueError("; ".join(str(detail.get("message")) for detail in error.errors))
    return error


async def acreate_markdown_artifact(
    markdown: str, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish ``markdown``; returns the artifact's id."""
    return await _acreate(_request(ArtifactType.MARKDOWN, markdown, key, description))


@async_dispatch(acreate_markdown_artifact)
def create_markdown_artifact(
    markdown: str, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish ``markdown``; returns the artifact's id."""
    return _create(_request(ArtifactType.MARKDOWN, markdown, key, description))


async def acreate_table_artifact(
    table: Any, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish a table: a list of dicts (rows), a dict of lists (columns) or a list of
    lists; NaN becomes null, as in Prefect. Returns the artifact's id."""
    return await _acreate(_request(ArtifactType.TABLE, _table(table), key, description))


@async_dispatch(acreate_table_artifact)
def create_table_artifact(
    table: Any, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish a table: a list of dicts (rows), a dict of lists (columns) or a list of
    lists; NaN becomes null, as in Prefect. Returns the artifact's id."""
    return _create(_request(ArtifactType.TABLE, _table(table), key, description))


async def acreate_link_artifact(
    link: str,
    link_text: str | None = None,
    key: str | None = None,
    description: str | None = None,
) -> uuid.UUID:
    """Publish a link (stored as markdown ``[link_text](link)``); returns the id."""
    return await _acreate(_request(ArtifactType.LINK, _link(link, link_text), key, description))


@async_dispatch(acreate_link_artifact)
def create_link_artifact(
    link: str,
    link_text: str | None = None,
    key: str | None = None,
    description: str | None = None,
) -> uuid.UUID:
    """Publish a link (stored as markdown ``[link_text](link)``); returns the id."""
    return _create(_request(ArtifactType.LINK, _link(link, link_text), key, description))


async def acreate_image_artifact(
    image_url: str, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish an image by its URL; returns the artifact's id."""
    return await _acreate(_request(ArtifactType.IMAGE, image_url, key, description))


@async_dispatch(acreate_image_artifact)
def create_image_artifact(
    image_url: str, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish an image by its URL; returns the artifact's id."""
    return _create(_request(ArtifactType.IMAGE, image_url, key, description))


async def acreate_progress_artifact(
    progress: float, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish a progress bar at ``progress`` percent (0 to 100); returns its id, for
    ``update_progress_artifact``."""
    return await _acreate(_request(ArtifactType.PROGRESS, progress, key, description))


@async_dispatch(acreate_progress_artifact)
def create_progress_artifact(
    progress: float, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish a progress bar at ``progress`` percent (0 to 100); returns its id, for
    ``update_progress_artifact``."""
    return _create(_request(ArtifactType.PROGRESS, progress, key, description))


async def aupdate_progress_artifact(
    artifact_id: uuid.UUID, progress: float, description: str | None = None
) -> uuid.UUID:
    """Move a progress artifact to ``progress`` percent (and replace its description
    if one is given); returns its id."""
    from flowql.sdk.engine.runtime import get_runtime

    _check_progress(progress)
    runtime = get_runtime()
    call = runtime.api.update_artifact(artifact_id, data=progress, description=description)
    try:
        return uuid.UUID((await runtime.loop.run_async(call))["id"])
    except ApiError as error:
        raise _refusal(error) from None


@async_dispatch(aupdate_progress_artifact)
def update_progress_artifact(
    artifact_id: uuid.UUID, progress: float, description: str | None = None
) -> uuid.UUID:
    """Move a progress artifact to ``progress`` percent (and replace its description
    if one is given); returns its id."""
    from flowql.sdk.engine.runtime import get_runtime

    _check_progress(progress)
    runtime = get_runtime()
    call = runtime.api.update_artifact(artifact_id, data=progress, description=description)
    try:
        return uuid.UUID(runtime.call(call)["id"])
    except ApiError as error:
        raise _refusal(error) from None


def _check_progress(progress: Any) -> None:
    if (problem := progress_problem(progress)) is not None:
        raise ValueError(problem)


def _link(link: str, link_text: str | None) -> str:
    if not isinstance(link, str):
        raise ValueError(f"link must be a string, got {type(link).__name__}")
    return f"[{link_text}]({link})" if link_text else f"[{link}]({link})"


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
