"""Prefect's ``prefect.blocks.fields``: ``SecretDict``."""

from __future__ import annotations

from flowql.sdk.blocks.core import SecretDict

__all__ = ["SecretDict"]
