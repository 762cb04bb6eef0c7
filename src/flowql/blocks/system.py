"""Prefect's ``prefect.blocks.system``: ``Secret``, ``JSON``, ``String``, ``DateTime``."""

from __future__ import annotations

from flowql.sdk.blocks.system import JSON, DateTime, Secret, String

__all__ = ["JSON", "DateTime", "Secret", "String"]
