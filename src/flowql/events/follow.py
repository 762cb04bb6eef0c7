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
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flowql.events.bus import Bus
from flowql.events.shared_reads import SharedReads, ticket

C = TypeVar("C")
T = TypeVar("T")

LIVE_BATCH_SECONDS = 0.05
"""How long a woken subscriber waits for more changes before it reads: at 200
changes/s a subscriber gets 20 messages/s instead of 200 (the GraphQL
execution and the send of each message cost the server ~0.4 ms per
subscriber), for 50 ms more latency."""

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
    *,
    shared: SharedReads | None = None,
    key: Hashable | None = None,
) -> AsyncIterator[Page[T, C]]:
    """Pages of what ``read`` finds after the cursor ``start()`` gives, forever.

    The first page always comes at once (empty when nothing was missed), so a
    client knows when it has caught up. With ``shared`` and ``key`` (the
    subscription and its arguments), subscribers asking the same at the same
    cursor share one read (``events.shared_reads``).
    """
    async with bus.subscribe(channel) as wakeups:
        woken = _Woken()
        listener = asyncio.create_task(_listen(wakeups, woken))

        def read_after(cursor: C) -> Awaitable[tuple[list[T], C, bool]]:
            if shared is None or key is None:
                return read(cursor)
            return shared.read(key, cursor, woken.ticket, read)

        try:
            cursor = await (start() if shared is None else shared.limited(start()))
            while True:  # history
                items, cursor, more = await read_after(cursor)
                yield Page(items, cursor, more, live=False)
                if not more:
                    break
            while True:  # live
                await woken.event.wait()
                # Changes committed in the next moment join this message: one per
                # subscriber per batch window, not one per change.
                await asyncio.sleep(LIVE_BATCH_SECONDS)
                woken.event.clear()
                more = True
                while more:
                    items, cursor, more = await read_after(cursor)
                    if items:
                        yield Page(items, cursor, more, live=True)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener


class _Woken:
    """Set by each wake-up; ``ticket`` orders the latest one against shared reads."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.ticket = ticket()  # from subscribing: reads must begin after it


async def _listen(wakeups: AsyncIterator[Any], woken: _Woken) -> None:
    async for _ in wakeups:
        woken.ticket = ticket()
        woken.event.set()
