"""Embedded mode's answers for variables and artifacts: the JSON the operations'
fragments (``ClientVariableFields``, ``ClientArtifactFields``) select, built from rows,
and the small input ``LocalApi`` hands to ``resolvers.convert``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ArtifactInput:
    type: str
    data: Any
    key: str | None
    description: str | None
    flow_run_id: uuid.UUID | None
    task_run_id: uuid.UUID | None


def variable_json(row: Any) -> dict[str, Any]:
    """A variable row as the ClientVariableFields fragment selects it."""
    return {"id": str(row.id), "name": row.name, "value": row.value, "tags": list(row.tags)}


def artifact_json(row: Any) -> dict[str, Any]:
    """An artifact row as the ClientArtifactFields fragment selects it."""
    return {
        "id": str(row.id),
        "key": row.key,
        "type": row.type,
        "description": row.description,
        "data": row.data,
        "flowRunId": _str_or_none(row.flow_run_id),
        "taskRunId": _str_or_none(row.task_run_id),
    }


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
