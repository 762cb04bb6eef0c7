"""Artifacts: markdown, tables, links, progress and images that runs publish (Prefect 3's
``prefect.artifacts``).

Each ``create_*_artifact`` stores the artifact before it returns its id, linked
to the flow run and task run it is called from (none outside a run). A ``key``
(lowercase letters, numbers, dashes) makes it the newest version of that key;
the older versions stay as its history. Async code uses ``acreate_*`` (or awaits
the sync names, which return awaitables there, as in Prefect). Bad input raises
``ValueError`` naming the field before anything is sent. Each function is its
``*Artifact`` class's ``create()`` (``flowql.sdk.artifact_classes``).
"""

from __future__ import annotations

import uuid
from typing import Any

from flowql.core.artifacts import progress_problem
from flowql.sdk.artifact_classes import (
    ImageArtifact,
    LinkArtifact,
    MarkdownArtifact,
    ProgressArtifact,
    TableArtifact,
    refusal,
)
from flowql.sdk.client.errors import ApiError
from flowql.sdk.dispatch import async_dispatch


async def acreate_markdown_artifact(
    markdown: str, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish ``markdown``; returns the artifact's id."""
    return (
        await MarkdownArtifact(markdown=markdown, key=key, description=description).acreate()
    ).id


@async_dispatch(acreate_markdown_artifact)
def create_markdown_artifact(
    markdown: str, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish ``markdown``; returns the artifact's id."""
    return MarkdownArtifact(markdown=markdown, key=key, description=description).create().id


async def acreate_table_artifact(
    table: Any, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish a table: a list of dicts (rows), a dict of lists (columns) or a list of
    lists; NaN becomes null, as in Prefect. Returns the artifact's id."""
    return (await TableArtifact(table=table, key=key, description=description).acreate()).id


@async_dispatch(acreate_table_artifact)
def create_table_artifact(
    table: Any, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish a table: a list of dicts (rows), a dict of lists (columns) or a list of
    lists; NaN becomes null, as in Prefect. Returns the artifact's id."""
    return TableArtifact(table=table, key=key, description=description).create().id


async def acreate_link_artifact(
    link: str,
    link_text: str | None = None,
    key: str | None = None,
    description: str | None = None,
) -> uuid.UUID:
    """Publish a link (stored as markdown ``[link_text](link)``); returns the id."""
    artifact = LinkArtifact(link=link, link_text=link_text, key=key, description=description)
    return (await artifact.acreate()).id


@async_dispatch(acreate_link_artifact)
def create_link_artifact(
    link: str,
    link_text: str | None = None,
    key: str | None = None,
    description: str | None = None,
) -> uuid.UUID:
    """Publish a link (stored as markdown ``[link_text](link)``); returns the id."""
    artifact = LinkArtifact(link=link, link_text=link_text, key=key, description=description)
    return artifact.create().id


async def acreate_image_artifact(
    image_url: str, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish an image by its URL; returns the artifact's id."""
    return (await ImageArtifact(image_url=image_url, key=key, description=description).acreate()).id


@async_dispatch(acreate_image_artifact)
def create_image_artifact(
    image_url: str, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish an image by its URL; returns the artifact's id."""
    return ImageArtifact(image_url=image_url, key=key, description=description).create().id


async def acreate_progress_artifact(
    progress: float, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish a progress bar at ``progress`` percent (0 to 100); returns its id, for
    ``update_progress_artifact``."""
    return (
        await ProgressArtifact(progress=progress, key=key, description=description).acreate()
    ).id


@async_dispatch(acreate_progress_artifact)
def create_progress_artifact(
    progress: float, key: str | None = None, description: str | None = None
) -> uuid.UUID:
    """Publish a progress bar at ``progress`` percent (0 to 100); returns its id, for
    ``update_progress_artifact``."""
    return ProgressArtifact(progress=progress, key=key, description=description).create().id


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
        raise refusal(error) from None


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
        raise refusal(error) from None


def _check_progress(progress: Any) -> None:
    if (problem := progress_problem(progress)) is not None:
        raise ValueError(problem)
