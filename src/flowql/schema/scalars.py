"""Scalars: DateTime parsed with the standard library's ISO 8601 parser.

Strawberry's own DateTime scalar parses through a slower general parser; a
batch of task runs carries tens of thousands of timestamps, so this matters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from flowql.core.time import ensure_utc


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"DateTime must be an ISO 8601 string, got {type(value).__name__}")
    try:
        return ensure_utc(datetime.fromisoformat(value))
    except ValueError:
        raise ValueError(
            f"invalid DateTime {value!r}: use ISO 8601, e.g. 2026-01-31T12:00:00+00:00"
        ) from None


DateTime = strawberry.scalar(
    name="DateTime",
    description="Date with time (ISO 8601); times without an offset are taken as UTC.",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse_datetime,
)
