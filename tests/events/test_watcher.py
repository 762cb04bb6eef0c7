"""The database watcher wakes every local subscriber when another writer (one that
publishes no wake-up: another process) changed the database, and only then."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from flowql.core.resources import RESOURCE_ID
from flowql.core.time import utcnow
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.bus import Bus
from flowql.events.outbox import NewEvent
from flowql.events.watcher import watch_database


async def test_a_silent_write_wakes_every_local_subscriber(db: Database) -> None:
    async with Bus.from_url("memory://") as bus:
        watcher = asyncio.create_task(watch_database(db, bus, interval=0.05))
        try:
            async with bus.subscribe("flow_runs") as runs, bus.subscribe("logs:x") as logs:
                await asyncio.sleep(0.15)  # the watcher has its first reading
                with pytest.raises(TimeoutError):  # nothing changed: nobody is woken
                    await asyncio.wait_for(anext(runs), 0.3)

                other = Database(db.url)  # another process's connections, as SQLite sees them
                try:
                    await _write_event(other)  # no commit listener: silent
                finally:
                    await other.dispose()

                woken = [await asyncio.wait_for(anext(s), 2) for s in (runs, logs)]
            assert [(w.channel, w.gap) for w in woken] == [("flow_runs", True), ("logs:x", True)]
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher


async def _write_event(db: Database) -> None:
    async with db.transaction() as session:
        event = NewEvent(event="x", resource={RESOURCE_ID: "x"}, occurred=utcnow())
        await outbox.emit(session, [event])


async def test_on_sqlite_the_servers_own_writes_wake_nobody_twice(sqlite_db: Database) -> None:
    """Its own writes are announced on the bus already; only other processes' count."""
    async with Bus.from_url("memory://") as bus:
        watcher = asyncio.create_task(watch_database(sqlite_db, bus, interval=0.05))
        try:
            async with bus.subscribe("flow_runs") as runs:
                await asyncio.sleep(0.1)
                for _ in range(3):
                    await _write_event(sqlite_db)
                with pytest.raises(TimeoutError):
                    await asyncio.wait_for(anext(runs), 0.3)
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
