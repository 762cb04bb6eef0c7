"""Notice writes the bus did not carry, for every subscription of this process at once.

A script in embedded mode writes to the server's database without publishing
wake-ups (and so does a replica when the broker is ``memory://``). Rather
than every subscription reading the database on a timer, one task per server
reads the newest event and log numbers every ``interval`` seconds, two
primary-key lookups, and when either moved wakes every local subscriber,
which then reads after its own cursor.
"""

from __future__ import annotations

import asyncio
import logging

import sqlalchemy as sa

from flowql.db import models as m
from flowql.db.database import Database
from flowql.events.bus import Bus

logger = logging.getLogger("flowql.events.watcher")


async def watch_database(db: Database, bus: Bus, interval: float) -> None:
    """Wake every local subscriber when the database changed; runs until cancelled."""
    last: tuple[int | None, int | None] | None = None
    while True:
        await asyncio.sleep(interval)
        try:
            head = await _head(db)
        except Exception:
            logger.exception("watcher: cannot read the database; trying again")
            continue
        if last is not None and head != last:
            bus.wake_all_local()
        last = head


async def _head(db: Database) -> tuple[int | None, int | None]:
    newest_event = sa.select(sa.func.max(m.Event.seq)).scalar_subquery()
    newest_log = sa.select(sa.func.max(m.Log.seq)).scalar_subquery()
    async with db.quick_session() as session:
        row = (await session.execute(sa.select(newest_event, newest_log))).one()
    return row[0], row[1]
