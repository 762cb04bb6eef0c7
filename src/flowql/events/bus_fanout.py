"""Local fan-out: one process's subscribers of each channel, each with a bounded queue.

The broker delivers a channel's message once per process; ``Fanout.dispatch``
hands it to every local subscriber of that channel without ever waiting. A
subscriber that falls ``limit`` wake-ups behind has its queue collapsed into a
single gap wake-up (it re-reads everything anyway), so a stuck consumer costs
one slot, never unbounded memory.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WakeUp:
    """Something changed on ``channel``; re-read from your cursor.

    ``gap``: wake-ups may have been lost before this one (a broker outage, a
    reconnect, or this subscriber fell behind), so do not trust ``payload`` to
    name everything that changed.
    """

    channel: str
    payload: str = ""
    gap: bool = False


class Subscription:
    """One local subscriber's wake-ups, in order; iterate with ``async for``.

    Iteration ends when the subscription is left or the bus stops.
    """

    def __init__(self, channel: str, limit: int) -> None:
        self.channel = channel
        self._limit = limit
        self._queue: deque[WakeUp] = deque()
        self._ready = asyncio.Event()
        self._closed = False
        self.overflows = 0
        """How many times this subscriber fell behind and was handed a gap instead."""

    @property
    def pending(self) -> int:
        """Wake-ups waiting to be read (never more than the bus's ``max_queue``)."""
        return len(self._queue)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> WakeUp:
        while not self._queue:
            if self._closed:
                raise StopAsyncIteration
            self._ready.clear()
            await self._ready.wait()
        return self._queue.popleft()

    def _deliver(self, wake_up: WakeUp) -> bool:
        """Queue ``wake_up``; False if the queue was full and collapsed into a gap."""
        if len(self._queue) >= self._limit:
            self.overflows += 1
            self._deliver_gap()  # the gap covers this wake-up too
            return False
        self._queue.append(wake_up)
        self._ready.set()
        return True

    def _deliver_gap(self) -> None:
        self._queue.clear()
        self._queue.append(WakeUp(self.channel, gap=True))
        self._ready.set()

    def _close(self) -> None:
        self._closed = True
        self._ready.set()


class Fanout:
    """The process's local subscribers, by channel."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("max_queue must be at least 1")
        self._limit = limit
        self._by_channel: dict[str, set[Subscription]] = {}
        self.overflows = 0
        """Queues collapsed into a gap because their subscriber fell behind."""

    @property
    def subscriber_count(self) -> int:
        return sum(len(subs) for subs in self._by_channel.values())

    def channels(self) -> list[str]:
        """Channels with at least one local subscriber."""
        return list(self._by_channel)

    def has(self, channel: str) -> bool:
        return channel in self._by_channel

    def add(self, channel: str) -> Subscription:
        subscription = Subscription(channel, self._limit)
        self._by_channel.setdefault(channel, set()).add(subscription)
        return subscription

    def remove(self, subscription: Subscription) -> None:
        subscription._close()
        subs = self._by_channel.get(subscription.channel)
        if subs is None:
            return
        subs.discard(subscription)
        if not subs:
            del self._by_channel[subscription.channel]

    def dispatch(self, channel: str, payload: str) -> None:
        """Queue a wake-up for every local subscriber of ``channel``."""
        subs = self._by_channel.get(channel)
        if not subs:
            return
        wake_up = WakeUp(channel, payload)
        for sub in subs:
            if not sub._deliver(wake_up):
                self.overflows += 1

    def gap_all(self) -> None:
        """Tell every local subscriber it may have missed wake-ups."""
        for subs in self._by_channel.values():
            for sub in subs:
                sub._deliver_gap()

    def close_all(self) -> None:
        """End every subscriber's iteration (the bus is stopping)."""
        for subs in self._by_channel.values():
            for sub in subs:
                sub._close()
