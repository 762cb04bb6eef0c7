"""Create, update and delete flows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from flowql.core.errors import InvalidInputError, NotFoundError
from flowql.db import models as m
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.lifecycle import lifecycle_event
from flowql.services.unique import insert_unless_duplicate
from flowql.services.validation import check_name, check_tags


async def create_flow(
    db: Database,
    *,
    name: str,
    description: str | None = None,
    tags: Sequence[str] | None = None,
    parameter_schema: dict[str, Any] | None = None,
    version: str | None = None,
) -> m.Flow:
    """Create a flow, or return the existing flow of that name (as Prefect does).

    An existing flow takes the fields given (those not None): this is how the
    SDK records a flow's latest signature (parameter schema, version).
    """
    check_name(name, field="name")
    given: dict[str, Any] = {
        "description": description,
        "tags": None if tags is None else check_tags(tags),
        "parameter_schema": parameter_schema,
        "version": version,
    }
    given = {key: value for key, value in given.items() if value is not None}
    flow = m.Flow(name=name, **{"tags": [], **given})
    async with db.transaction() as session:
        same_name = sa.select(m.Flow).where(m.Flow.name == name)
        existing = await insert_unless_duplicate(session, flow, same_name)
        if existing is None:
            await outbox.emit(session, [lifecycle_event("flow", flow.id, name, "created")])
            return flow
        changed = [key for key, value in given.items() if getattr(existing, key) != value]
        for key in changed:
            setattr(existing, key, given[key])
        if changed:
            await _emit_updated(session, existing, changed)
    return existing  # type: ignore[no-any-return]


async def _emit_updated(session: Any, flow: m.Flow, fields: list[str]) -> None:
    payload = {"fields": sorted(_camel(field) for field in fields)}
    await outbox.emit(session, [lifecycle_event("flow", flow.id, flow.name, "updated", payload)])


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def update_flow(
    db: Database,
    flow_id: uuid.UUID,
    *,
    description: str | None = None,
    tags: Sequence[str] | None = None,
) -> m.Flow:
    if description is None and tags is None:
        raise InvalidInputError("nothing to update: give description and/or tags")
    async with db.transaction() as session:
        flow = await session.get(m.Flow, flow_id, with_for_update=True)
        if flow is None:
            raise NotFoundError(f"flow {flow_id} not found", field=("id",))
        changed = []
        if description is not None:
            flow.description = description
            changed.append("description")
        if tags is not None:
            flow.tags = check_tags(tags)
            changed.append("tags")
        await _emit_updated(session, flow, changed)
    return flow


async def delete_flow(db: Database, flow_id: uuid.UUID) -> None:
    """Delete a flow and, by cascade, its runs, states and logs."""
    async with db.transaction() as session:
        name = await session.scalar(
            sa.delete(m.Flow).where(m.Flow.id == flow_id).returning(m.Flow.name)
        )
        if name is None:
            raise NotFoundError(f"flow {flow_id} not found", field=("id",))
        deleted = lifecycle_event("flow", flow_id, name, "deleted")
        await outbox.emit(session, [deleted], [outbox.FLOW_RUNS_CHANNEL])
