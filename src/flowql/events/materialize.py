"""Rebuild the events stored small (``outbox.emit_state_changes``) from the rows they are about.

A task run's state events are stored with their resource id only; reading
them back loads their states (the event's id is the state's id, ``follows``
the previous state's) and their task runs in two queries per page, and
rebuilds each with ``run_events.state_event``, the builder flow runs use when
they store theirs whole. An event whose run was deleted since keeps what was
stored: its name, resource id and time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.resources import id_in
from flowql.db import models as m
from flowql.events.run_events import RunFacts, StateFacts, state_event


@dataclass(frozen=True)
class EventView:
    """An event as readers see it."""

    id: uuid.UUID
    occurred: datetime
    received: datetime
    event: str
    resource: dict[str, Any]
    related: list[dict[str, Any]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)
    follows: uuid.UUID | None = None
    row: Any = None


async def materialize(session: AsyncSession, rows: Sequence[m.Event]) -> list[EventView]:
    """Every row as a whole event."""
    derived = [row for row in rows if not row.resource and id_in(row.resource_id, "task-run")]
    states, runs = await _load(session, derived)
    return [_view(row, states, runs) for row in rows]


async def _load(
    session: AsyncSession, rows: Sequence[m.Event]
) -> tuple[dict[uuid.UUID, Any], dict[uuid.UUID, Any]]:
    if not rows:
        return {}, {}
    state_ids = {row.id for row in rows} | {row.follows for row in rows if row.follows}
    run_ids = {id_in(row.resource_id, "task-run") for row in rows}
    states = await session.scalars(
        sa.select(m.TaskRunState).where(m.TaskRunState.id.in_(state_ids))
    )
    runs = await session.scalars(sa.select(m.TaskRun).where(m.TaskRun.id.in_(run_ids)))
    return {s.id: s for s in states}, {r.id: r for r in runs}


def _view(row: m.Event, states: dict[uuid.UUID, Any], runs: dict[uuid.UUID, Any]) -> EventView:
    state = states.get(row.id)
    run_id = id_in(row.resource_id, "task-run")
    run = runs.get(run_id) if state is not None and run_id is not None else None
    if state is None or run is None:
        return EventView(
            row.id, row.occurred, row.received, row.event,
            dict(row.resource) or {"flowql.resource.id": row.resource_id},
            list(row.related), dict(row.payload), row.follows, row,
        )  # fmt: skip
    facts = RunFacts("task-run", run.id, run.name, run.tags, flow_run_id=run.flow_run_id)
    before = states.get(row.follows) if row.follows else None
    built = state_event(facts, StateFacts.of(before) if before else None, StateFacts.of(state))
    return EventView(
        row.id, row.occurred, row.received, row.event, dict(built.resource),
        [dict(item) for item in built.related], dict(built.payload), row.follows, row,
    )  # fmt: skip
