"""Prefect's ``prefect.variables``: ``from flowql.variables import Variable``."""

from __future__ import annotations

from flowql.sdk.variables import Variable

__all__ = ["Variable"]
