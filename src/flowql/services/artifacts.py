"""Create artifacts, update them (progress) and delete them, each with its lifecycle event.

``flowql.artifact.created`` / ``updated`` / ``deleted`` about ``flowql.artifact.<id>``, named
by the artifact's key when it has one and related to the flow run and task run
that made it. An artifact with a key is a new version of that key: nothing is
overwritten, and the latest per key is the newest one (``db/queries/artifacts``), so
deleting the latest version makes the one before it the latest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.artifacts import (
    artifact_data_problem,
    artifact_key_problem,
    artifact_type_problem,
)
from flowql.core.errors import InvalidInputError, NotFoundError
from flowql.core.resources import related
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.lifecycle import Action, lifecycle_event

KEEP: Any = object()
"""Leave the field as it is."""


@dataclass(frozen=True)
class ArtifactCreate:
    type: str
    data: Any
    key: str | None = None
    description: str | None = None
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None


async def create_artifact(db: Database, create: ArtifactCreate) -> m.Artifact:
    """Store an artifact. A task run implies its flow run; the runs named must exist."""
    if create.key is not None and (problem := artifact_key_problem(create.key)):
        raise InvalidInputError(problem, field=("key",))
    if problem := artifact_type_problem(create.type):
        raise InvalidInputError(problem, field=("type",))
    _check_data(create.type, create.data)
    async with db.transaction() as session:
        flow_run_id = await _run_ids(session, create.flow_run_id, create.task_run_id)
        now = utcnow()
        artifact = m.Artifact(
            key=create.key,
            type=create.type,
            description=create.description,
            data=create.data,
            flow_run_id=flow_run_id,
            task_run_id=create.task_run_id,
            created=now,
            updated=now,
        )
        session.add(artifact)
        await session.flush()
        await outbox.emit(session, [_event(artifact, "created")])
    return artifact


async def update_artifact(
    db: Database, id: uuid.UUID, *, data: Any = KEEP, description: Any = KEEP
) -> m.Artifact:
    """Replace the data and/or description of an artifact (how progress advances)."""
    if data is KEEP and description is KEEP:
        raise InvalidInputError("nothing to update: give data and/or description")
    async with db.transaction() as session:
        artifact = await session.get(m.Artifact, id, with_for_update=True)
        if artifact is None:
            raise NotFoundError(f"artifact {id} not found", field=("id",))
        changed = []
        if data is not KEEP:
            _check_data(artifact.type, data)
            artifact.data = data
            changed.append("data")
        if description is not KEEP:
            artifact.description = description
            changed.append("description")
        artifact.updated = utcnow()
        await session.flush()
        await outbox.emit(session, [_event(artifact, "updated", {"fields": changed})])
    return artifact


async def delete_artifact(db: Database, id: uuid.UUID) -> uuid.UUID:
    """Delete one artifact (one version of its key); returns its id."""
    async with db.transaction() as session:
        artifact = await session.get(m.Artifact, id, with_for_update=True)
        if artifact is None:
            raise NotFoundError(f"artifact {id} not found", field=("id",))
        event = _event(artifact, "deleted")
        await session.delete(artifact)
        await outbox.emit(session, [event])
    return id


def _check_data(type: str, data: Any) -> None:
    if (problem := artifact_data_problem(type, data)) is not None:
        raise InvalidInputError(problem, field=("data",))


async def _run_ids(
    session: AsyncSession, flow_run_id: uuid.UUID | None, task_run_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The artifact's flow run id, after checking the runs named exist and agree."""
    if task_run_id is not None:
        statement = sa.select(m.TaskRun.flow_run_id).where(m.TaskRun.id == task_run_id)
        found = (await session.execute(statement)).first()
        if found is None:
            raise NotFoundError(f"task run {task_run_id} not found", field=("taskRunId",))
        if flow_run_id is not None and found.flow_run_id != flow_run_id:
            raise InvalidInputError(
                f"task run {task_run_id} belongs to flow run {found.flow_run_id}, "
                f"not {flow_run_id}",
                field=("flowRunId",),
            )
        return found.flow_run_id  # type: ignore[no-any-return]
    if flow_run_id is not None:
        exists = await session.scalar(sa.select(m.FlowRun.id).where(m.FlowRun.id == flow_run_id))
        if exists is None:
            raise NotFoundError(f"flow run {flow_run_id} not found", field=("flowRunId",))
    return flow_run_id


def _event(
    artifact: m.Artifact, action: Action, payload: dict[str, Any] | None = None
) -> outbox.NewEvent:
    runs = []
    if artifact.flow_run_id is not None:
        runs.append(related("flow-run", artifact.flow_run_id, role="flow-run"))
    if artifact.task_run_id is not None:
        runs.append(related("task-run", artifact.task_run_id, role="task-run"))
    name = artifact.key or str(artifact.id)
    payload = {"type": artifact.type, **(payload or {})}
    return lifecycle_event("artifact", artifact.id, name, action, payload, related=runs)
