"""One database read for every subscriber asking the same question at the same point.

With 500 websocket subscribers on one subscription, a change woke 500 follow
loops and each read the database after the same cursor: 500 identical reads
(~2 ms of server CPU each) per change, 70 % of the server's time, and writes
starved behind them (``benchmarks/live.py``: about 1 change/s accepted, p99
2.9 s). Subscribers with the same query (a key: the subscription and its
arguments) and the same cursor now share one read.

A shared answer must never miss a commit a subscriber was woken for. Every
subscriber takes a ticket when it starts and whenever it is woken, and every
read takes one when it is created, from one counter: a read serves a
subscriber only if its ticket is newer than the subscriber's, i.e. the read
began after the wake-up (which is sent after the commit). An older read, even
one still running, is not reused: a new one starts.

At most ``limit`` reads run at once, so a burst of subscribers (a server
restart with 500 reconnecting clients) waits here for its turn instead of
exhausting the connection pool (PostgreSQL subscriptions died on
``QueuePool limit ... timeout``).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from flowql.core.recent import Recent

T = TypeVar("T")

_tickets = itertools.count(1)


def ticket() -> int:
    """The next number of the process-wide counter readers and reads share."""
    return next(_tickets)


class SharedReads:
    """Coalesces identical subscription reads. One per server process (per event loop)."""

    def __init__(self, limit: int = 4, remember: int = 1024) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._recent: Recent[tuple[Hashable, Hashable], tuple[int, asyncio.Future[Any]]] = Recent(
            remember
        )

    async def read(
        self, key: Hashable, cursor: Hashable, woken: int, read: Callable[[Any], Awaitable[T]]
    ) -> T:
        """``await read(cursor)``, or the answer of a read of ``key`` at ``cursor`` that
        began after ticket ``woken`` (the caller's latest wake-up)."""
        entry_key = (key, cursor)
        found = self._recent.get(entry_key)
        if found is None or found[0] < woken or _failed(found[1]):
            found = (ticket(), asyncio.ensure_future(self.limited(read(cursor))))
            found[1].add_done_callback(_retrieve)
            self._recent.add(entry_key, found)
        # Shielded: one subscriber leaving must not cancel the read the others wait for.
        return await asyncio.shield(found[1])

    async def limited(self, work: Awaitable[T]) -> T:
        """``await work`` once fewer than ``limit`` reads are running."""
        async with self._slots:
            return await work


def _failed(future: asyncio.Future[Any]) -> bool:
    return future.done() and (future.cancelled() or future.exception() is not None)


def _retrieve(future: asyncio.Future[Any]) -> None:
    # Every waiter may have left: mark the outcome seen so asyncio does not warn.
    if not future.cancelled():
        future.exception()
