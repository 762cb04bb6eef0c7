"""Variable: a named, mutable JSON value (Prefect's Variable)."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON


@strawberry.type(
    description="A named, mutable JSON value that flows, tasks and workers read by name."
)
class Variable:
    id: uuid.UUID
    created: datetime
    updated: datetime
    name: str = strawberry.field(
        description="Lowercase letters, numbers, dashes and underscores; at most 255."
    )
    value: JSON | None = strawberry.field(
        description="Any JSON: a string, number, boolean, null, list or object."
    )
    tags: list[str]
