"""Prefect's ``prefect.filesystems``: ``from flowql.filesystems import LocalFileSystem``."""

from __future__ import annotations

from flowql.sdk.blocks.filesystems import LocalFileSystem

__all__ = ["LocalFileSystem"]
