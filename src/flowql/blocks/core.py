"""Prefect's ``prefect.blocks.core``: ``from flowql.blocks.core import Block``."""

from __future__ import annotations

from flowql.sdk.blocks.core import Block, SecretDict

__all__ = ["Block", "SecretDict"]
