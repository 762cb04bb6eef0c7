"""The outbox: events written in the same transaction as the change they report.

Services call ``emit`` inside their write transaction; the rows commit (or
roll back) with the change, and the bus channels they name are woken only
after the commit (``Database.on_commit``), so a subscriber never hears of a
change it cannot read. Event and resource names follow Prefect's, under
``flowql.``: ``flowql.flow-run.Completed`` about ``flowql.flow-run.<id>``.

A state change's event takes the state row's id, and ``follows`` the id of
the state it left: a retried batch cannot report a state twice, and readers
can order a run's events.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.resources import RESOURCE_ID
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.commit_order import insert_in_commit_order
from flowql.db.database import WAKE_CHANNELS

EVENTS_CHANNEL = "events"
FLOW_RUNS_CHANNEL = "flow_runs"


def task_runs_channel(flow_run_id: uuid.UUID | None) -> str:
    return f"task_runs:{flow_run_id}"


def logs_channel(flow_run_id: uuid.UUID | None) -> str:
    return f"logs:{flow_run_id}"


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to store: what happened (``event``), to what (``resource``), when."""

    event: str
    resource: Mapping[str, str]
    occurred: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    related: Sequence[Mapping[str, str]] = ()
    payload: Mapping[str, Any] = field(default_factory=dict)
    follows: uuid.UUID | None = None
    flow_run_id: uuid.UUID | None = None
    """The flow run it is about or belongs to (a task run's), for live run views."""

    @property
    def resource_id(self) -> str:
        return self.resource[RESOURCE_ID]


def wake(session: AsyncSession, channels: Iterable[str]) -> None:
    """Wake ``channels`` on the bus once this session's transaction commits."""
    session.info.setdefault(WAKE_CHANNELS, set()).update(channels)


async def emit(
    session: AsyncSession, events: Sequence[NewEvent], channels: Iterable[str] = ()
) -> None:
    """Store ``events`` in the session's transaction and wake ``channels`` (and the
    events channel) after it commits. An event whose id is stored already is skipped."""
    if not events:
        return
    received = utcnow()
    await _store(session, [_row(event, received) for event in events], channels)


class StateChangeRow(NamedTuple):
    """A run entering a state, as ``emit_state_changes`` stores it."""

    state_id: uuid.UUID
    follows: uuid.UUID | None
    name: str
    timestamp: datetime
    run_id: uuid.UUID
    flow_run_id: uuid.UUID | None


async def emit_state_changes(
    session: AsyncSession,
    kind: str,
    changes: Sequence[StateChangeRow],
    channels: Iterable[str] = (),
) -> None:
    """Store run state changes as small events: name, resource id, time, the state's
    id and the previous state's, and nothing else; readers rebuild the labels,
    related resources and payload from the state and run rows
    (``events.materialize``). A task-run batch reports tens of thousands of
    states a second: no object is built per event."""
    if not changes:
        return
    received, prefix = utcnow(), f"flowql.{kind}."
    rows: list[dict[str, Any]] = [
        {
            "id": change.state_id,
            "occurred": change.timestamp,
            "received": received,
            "event": prefix + change.name,
            "resource_id": f"{prefix}{change.run_id}",
            "resource": {},
            "related": [],
            "payload": {},
            "follows": change.follows,
            "flow_run_id": change.flow_run_id,
        }
        for change in changes
    ]
    await _store(session, rows, channels)


async def _store(
    session: AsyncSession, rows: list[dict[str, Any]], channels: Iterable[str]
) -> None:
    await insert_in_commit_order(session, "insert events", _insert, rows)
    wake(session, [EVENTS_CHANNEL, *channels])


def _row(event: NewEvent, received: datetime) -> dict[str, Any]:
    return {
        "id": event.id,
        "occurred": event.occurred,
        "received": received,
        "event": event.event,
        "resource_id": event.resource_id,
        "resource": dict(event.resource),
        "related": [dict(item) for item in event.related],
        "payload": dict(event.payload),
        "follows": event.follows,
        "flow_run_id": event.flow_run_id,
    }


def _insert(dialect: str) -> Any:
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(m.Event).on_conflict_do_nothing(index_elements=["id"])
