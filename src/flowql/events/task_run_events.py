"""Task-run state events on SQLite, written by the database from the state rows.

A 10,000-task ``.map`` records 30,000 states and so 30,000 events. Built in
Python (``outbox.emit_state_changes``: a row dict each, converted column by
column) they cost the recorder ~6 us each, on the GIL the flow's own threads
need. Here one ``INSERT ... SELECT`` reads the state rows just inserted (their
ids bound as one JSON array, in batch order, so ``seq`` follows that order)
and writes the same small events in SQLite's C code: the event's id is the
state's, ``follows`` the run's previous state by time (timestamps of a run's
states strictly increase), the resource id the run's with dashes, as
``str(uuid)`` writes it. ``tests/services/test_outbox.py`` checks the rows
equal those ``emit_state_changes`` writes. PostgreSQL keeps that path: its
driver inserts many rows in C already.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.time import utcnow
from flowql.db.types import sqlite_utc_text
from flowql.events.outbox import EVENTS_CHANNEL, wake

_DASHED = (
    "substr({0}, 1, 8) || '-' || substr({0}, 9, 4) || '-' || substr({0}, 13, 4)"
    " || '-' || substr({0}, 17, 4) || '-' || substr({0}, 21, 12)"
)

_INSERT = sa.text(
    f"""
    INSERT INTO event (id, occurred, received, event, resource_id, resource, related,
                       payload, follows, flow_run_id, tx)
    SELECT s.id, s.timestamp, :received, 'flowql.task-run.' || s.name,
           'flowql.task-run.' || {_DASHED.format("s.task_run_id")},
           '{{}}', '[]', '{{}}',
           (SELECT p.id FROM task_run_state AS p
            WHERE p.task_run_id = s.task_run_id AND p.timestamp < s.timestamp
            ORDER BY p.timestamp DESC LIMIT 1),
           r.flow_run_id, 0
    FROM json_each(:ids) AS wanted
    JOIN task_run_state AS s ON s.id = wanted.value
    JOIN task_run AS r ON r.id = s.task_run_id
    WHERE 1
    ORDER BY wanted.key
    ON CONFLICT (id) DO NOTHING
    """
)


async def emit_task_run_state_events(
    session: AsyncSession, state_ids: Sequence[uuid.UUID], channels: Iterable[str] = ()
) -> None:
    """SQLite: store the events of the task-run states ``state_ids`` (inserted in this
    transaction), in that order, and wake ``channels`` after the commit."""
    if not state_ids:
        return
    ids = json.dumps([state_id.hex for state_id in state_ids])
    await session.execute(_INSERT, {"ids": ids, "received": sqlite_utc_text(utcnow())})
    wake(session, [EVENTS_CHANNEL, *channels])
