"""Retention: events and log records stored longer ago than the age go, in bounded
batches; the rest, and the order of what stays, are untouched; what a row reports
(its occurred time, its timestamp) does not count."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from flowql.core.resources import RESOURCE_ID
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.outbox import NewEvent
from flowql.services import logs
from flowql.services.retention import prune
from tests.services.factories import make_flow_run


async def _events(db: Database, ages_in_days: list[int]) -> None:
    """Events stored ``age`` days ago (each reporting something a year older)."""
    now = utcnow()
    for age in ages_in_days:
        event = NewEvent(event=f"t.{age}", resource={RESOURCE_ID: "t"},
                         occurred=now - timedelta(days=age + 365))  # fmt: skip
        async with db.transaction() as session:
            await outbox.emit(session, [event])
            await session.execute(
                sa.update(m.Event).where(m.Event.id == event.id)
                .values(received=now - timedelta(days=age))
            )  # fmt: skip


async def _logs_stored(db: Database, run_id: object, ages_in_days: list[int]) -> None:
    now = utcnow()
    for age in ages_in_days:
        await logs.create_logs(db, [logs.LogCreate(
            name="x", level=20, message=f"{age}", timestamp=now - timedelta(days=age + 365),
            flow_run_id=run_id,  # type: ignore[arg-type]
        )])  # fmt: skip
        async with db.transaction() as session:
            await session.execute(
                sa.update(m.Log).where(m.Log.message == f"{age}")
                .values(created=now - timedelta(days=age))
            )  # fmt: skip


async def test_old_events_and_logs_go_in_batches_and_the_rest_stays(db: Database) -> None:
    # Stored oldest first, as time goes (retention reads them in that order).
    await _events(db, [40, 30, 20, 10, 8, 1, 0])
    run = await make_flow_run(db)
    await _logs_stored(db, run.id, [15, 9, 2])

    pruned = await prune(db, utcnow() - timedelta(days=7), batch=2, pause=0)

    assert (pruned.events, pruned.logs) == (5, 2)
    async with db.session() as session:
        kept = (await session.scalars(sa.select(m.Event.event).order_by(m.Event.seq))).all()
        messages = (await session.scalars(sa.select(m.Log.message))).all()
    assert [name for name in kept if name.startswith("t.")] == ["t.1", "t.0"]
    assert "flowql.flow-run.Pending" in kept  # created just now
    assert messages == ["2"]


async def test_nothing_old_deletes_nothing(db: Database) -> None:
    await _events(db, [0])
    pruned = await prune(db, utcnow() - timedelta(days=7))
    assert (pruned.events, pruned.logs) == (0, 0)
