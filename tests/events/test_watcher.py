"""The database watcher wakes every local subscriber when another writer (one that
publishes no wake-up) changed the database, and only then."""

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

                async with db.transaction() as session:  # no commit listener: silent
                    event = NewEvent(event="x", resource={RESOURCE_ID: "x"}, occurred=utcnow())
                    await outbox.emit(session, [event])

                woken = [await asyncio.wait_for(anext(s), 2) for s in (runs, logs)]
            assert [(w.channel, w.gap) for w in woken] == [("flow_runs", True), ("logs:x", True)]
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
