"""Prefect's ``prefect.artifacts``: ``from flowql.artifacts import create_markdown_artifact``
or ``MarkdownArtifact``, ``TableArtifact``... (the ``Artifact`` class family)."""

from __future__ import annotations

from flowql.sdk.artifact_classes import (
    Artifact,
    ImageArtifact,
    LinkArtifact,
    MarkdownArtifact,
    ProgressArtifact,
    TableArtifact,
)
from flowql.sdk.artifacts import (
    acreate_image_artifact,
    acreate_link_artifact,
    acreate_markdown_artifact,
    acreate_progress_artifact,
    acreate_table_artifact,
    aupdate_progress_artifact,
    create_image_artifact,
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)

__all__ = [
    "Artifact",
    "ImageArtifact",
    "LinkArtifact",
    "MarkdownArtifact",
    "ProgressArtifact",
    "TableArtifact",
    "acreate_image_artifact",
    "acreate_link_artifact",
    "acreate_markdown_artifact",
    "acreate_progress_artifact",
    "acreate_table_artifact",
    "aupdate_progress_artifact",
    "create_image_artifact",
    "create_link_artifact",
    "create_markdown_artifact",
    "create_progress_artifact",
    "create_table_artifact",
    "update_progress_artifact",
]
