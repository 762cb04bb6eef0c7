"""Retention: delete events and log records stored longer ago than the configured age.

Age counts from when a row was stored (``received``, ``created``), not from
the time it reports: a client sending last month's events keeps them for the
whole retention period. The server runs ``retention_loop``. Each deletion is
a short transaction of at most ``batch`` rows, in insertion order (``seq``,
so the scan stops at the first young row and needs no index on the time),
with a pause between batches, so writers never wait long. A cursor held by a
subscriber stays valid: it only points past rows that are gone.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.settings import Settings

logger = logging.getLogger("flowql.retention")

BATCH = 1_000
PAUSE_SECONDS = 0.05


@dataclass(frozen=True)
class Pruned:
    events: int
    logs: int


async def prune(
    db: Database, older_than: datetime, *, batch: int = BATCH, pause: float = PAUSE_SECONDS
) -> Pruned:
    """Delete events and log records stored before ``older_than``."""
    events = await _prune_table(db, m.Event, m.Event.received, older_than, batch, pause)
    logs = await _prune_table(db, m.Log, m.Log.created, older_than, batch, pause)
    return Pruned(events, logs)


async def _prune_table(
    db: Database, model: Any, stored: Any, older_than: datetime, batch: int, pause: float
) -> int:
    deleted = 0
    while True:
        last = await _last_old_seq(db, model, stored, older_than, batch)
        if last is None:
            return deleted
        async with db.transaction() as session:
            result = await session.execute(sa.delete(model).where(model.seq <= last))
        deleted += int(result.rowcount or 0)  # type: ignore[attr-defined]
        await asyncio.sleep(pause)  # let writers in between batches


async def _last_old_seq(
    db: Database, model: Any, stored: Any, older_than: datetime, batch: int
) -> int | None:
    """The seq of the last of the oldest ``batch`` rows that are all too old, if any.

    Rows are stored in seq order, so the old ones come first: reading the first
    ``batch`` by primary key and stopping at the first young one needs no index
    on the time and no scan of the young rows.
    """
    async with db.session() as session:
        rows = await session.execute(sa.select(model.seq, stored).order_by(model.seq).limit(batch))
        last = None
        for seq, stored_at in rows:
            if stored_at >= older_than:
                break
            last = seq
        return last


async def retention_loop(db: Database, settings: Settings) -> None:
    """Prune every ``retention_interval_seconds`` until cancelled; failures are logged."""
    age = timedelta(days=settings.retention_days)
    while True:
        try:
            pruned = await prune(db, utcnow() - age)
            if pruned.events or pruned.logs:
                logger.info(
                    "retention: deleted %d events, %d log records", pruned.events, pruned.logs
                )
        except Exception:
            logger.exception("retention: pruning failed; trying again next time")
        await asyncio.sleep(settings.retention_interval_seconds)
