"""Notice writes the bus did not carry, for every subscription of this process at once.

A script in embedded mode writes to the server's database without publishing
wake-ups (and so does another server process when the broker is
``memory://``: replicas, or the workers of ``flowql server start
--workers``). Rather than every subscription reading the database on a
timer, one task per server process watches for such writes and, when it sees
one, wakes every local subscriber, which then reads after its own cursor.

On SQLite it asks the write connection for ``PRAGMA data_version`` every
``SQLITE_INTERVAL`` (20 ms; a few microseconds, run inline): the number
changes only when another connection, so another process, committed, so this
process's own writes (already announced on the bus) wake nobody twice. On
PostgreSQL it reads the newest event and log numbers every ``interval``
seconds (two primary-key lookups).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa

from flowql.db import models as m
from flowql.db.database import Database
from flowql.events.bus import Bus

logger = logging.getLogger("flowql.events.watcher")

SQLITE_INTERVAL = 0.02


async def watch_database(db: Database, bus: Bus, interval: float) -> None:
    """Wake every local subscriber when another process wrote; runs until cancelled."""
    if await db.others_data_version() is not None:
        await _watch(db.others_data_version, bus, min(interval, SQLITE_INTERVAL))
    else:
        await _watch(lambda: _head(db), bus, interval)


async def _watch(read: Callable[[], Awaitable[Any]], bus: Bus, interval: float) -> None:
    last: Any = None
    while True:
        await asyncio.sleep(interval)
        try:
            seen = await read()
        except Exception:
            logger.exception("watcher: cannot read the database; trying again")
            continue
        if last is not None and seen != last:
            bus.wake_all_local()
        last = seen


async def _head(db: Database) -> tuple[int | None, int | None]:
    newest_event = sa.select(sa.func.max(m.Event.seq)).scalar_subquery()
    newest_log = sa.select(sa.func.max(m.Log.seq)).scalar_subquery()
    async with db.quick_session() as session:
        row = (await session.execute(sa.select(newest_event, newest_log))).one()
    return row[0], row[1]
