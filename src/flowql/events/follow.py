"""Replay then tail: the loop behind every subscription.

A subscriber first subscribes to its bus channel, then reads what it missed
after its cursor, page by page (each page says whether more history
follows), then waits. A wake-up makes it read after its cursor again. The
database is the only source of what is sent: a wake-up carries nothing, so
a lost or duplicated wake-up costs at most one empty read, and the cursor
makes every item arrive once and in order. Writers the bus cannot hear (a script in
embedded mode) are noticed for all subscriptions at once by
``events.watcher``, which wakes them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flowql.events.bus import Bus

C = TypeVar("C")
T = TypeVar("T")

Read = Callable[[C], Awaitable[tuple[list[T], C, bool]]]
"""Read after a cursor: (items, the cursor after them, whether more follow)."""


@dataclass(frozen=True)
class Page(Generic[T, C]):
    items: list[T]
    cursor: C
    more_history: bool
    """More missed items follow (still replaying history)."""
    live: bool
    """Items that happened after the subscription started tailing."""


async def follow(
    bus: Bus,
    channel: str,
    read: Read[C, T],
    start: Callable[[], Awaitable[C]],
) -> AsyncIterator[Page[T, C]]:
    """Pages of what ``read`` finds after the cursor ``start()`` gives, forever.

    The first page always comes at once (empty when nothing was missed), so a
    client knows when it has caught up.
    """
    async with bus.subscribe(channel) as wakeups:
        woken = asyncio.Event()
        listener = asyncio.create_task(_listen(wakeups, woken))
        try:
            cursor = await start()
            while True:  # history
                items, cursor, more = await read(cursor)
                yield Page(items, cursor, more, live=False)
                if not more:
                    break
            while True:  # live
                await woken.wait()
                woken.clear()
                more = True
                while more:
                    items, cursor, more = await read(cursor)
                    if items:
                        yield Page(items, cursor, more, live=True)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener


async def _listen(wakeups: AsyncIterator[Any], woken: asyncio.Event) -> None:
    async for _ in wakeups:
        woken.set()
