"""The wake-up bus: tiny messages on named channels, published after a commit.

A wake-up says only "something changed on this channel"; subscribers re-read
the database from their cursor, so a lost wake-up loses no data. What the bus
guarantees instead is that a subscriber is *told* when wake-ups may have been
lost: a ``WakeUp`` with ``gap=True`` after the broker connection was lost and
restored, or when the subscriber fell too far behind.

    bus = Bus.from_url(settings.broadcast_url)
    async with bus:                                   # start() ... stop()
        async with bus.subscribe("flow_runs") as wake_ups:
            ...                                       # read from the cursor, then:
            async for wake_up in wake_ups:            # WakeUp(channel, payload, gap)
                ...                                   # re-read from the cursor
    await bus.publish("flow_runs")                    # after the commit

Backends, by URL (``FLOWQL_BROADCAST_URL``): ``memory://`` (this ``Bus`` only),
``redis://host:port/db`` (pub/sub) and ``postgresql://...`` (LISTEN/NOTIFY),
through broadcaster with its traps fixed (``bus_backends``). The broker holds no
per-subscriber state: one broker subscription per channel per process, however
many local subscribers it has, dropped when the last one leaves; local fan-out
is bounded (``bus_fanout``). Health checks and reconnects are in ``bus_link``.

Names: ``Bus``, ``WakeUp`` and ``Subscription`` (what ``subscribe`` yields: an
async iterator of wake-ups, plus ``pending``); ``BusOptions`` for tuning;
``BusStats`` (``bus.stats``) for counters; ``PayloadTooLarge`` for a refused
publish. ``publish`` never raises on a broker outage (nor on a stopped bus): it
logs, counts (``stats.publish_failures``) and has the connection checked, and
local subscribers get a gap once it is back. Nor does ``subscribe``: during an
outage the subscription is made when the broker returns, followed by a gap.

Limits: a channel name is at most 63 bytes (PostgreSQL's identifier length),
a payload at most 1,024 bytes (NOTIFY refuses 8,000; a wake-up names
something, it does not carry it). Neither may contain NUL, and names starting
with ``_flowql:`` are the bus's own.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import TracebackType

from flowql.events.bus_backends import backend_factory
from flowql.events.bus_fanout import Fanout, Subscription, WakeUp
from flowql.events.bus_link import BrokerLink, BusOptions

__all__ = ["Bus", "BusOptions", "BusStats", "PayloadTooLarge", "Subscription", "WakeUp"]

MAX_CHANNEL_BYTES = 63
MAX_PAYLOAD_BYTES = 1024
RESERVED_PREFIX = "_flowql:"


class PayloadTooLarge(ValueError):
    """A wake-up's payload is over ``MAX_PAYLOAD_BYTES``: wake-ups carry names, not data."""


@dataclass(frozen=True, slots=True)
class BusStats:
    """Counters of one ``Bus``, for tests and health pages."""

    broker_subscriptions: int
    """Channels this process is subscribed to on the broker (one per channel)."""
    local_subscribers: int
    """Open ``subscribe`` contexts in this process."""
    published: int
    publish_failures: int
    """Wake-ups not published because the broker was unavailable or failed."""
    reconnects: int
    overflows: int
    """Times a subscriber fell ``max_queue`` behind and got a gap instead."""


class Bus:
    """This process's end of the wake-up bus. Start it once; stop it once."""

    def __init__(self, url: str, *, options: BusOptions | None = None) -> None:
        """Prefer ``Bus.from_url``. ``ValueError`` on an unsupported URL scheme."""
        self._options = options or BusOptions()
        make_backend = backend_factory(url, self._options.operation_timeout)
        self._fanout = Fanout(self._options.max_queue)
        self._link = BrokerLink(make_backend, self._options, self._fanout)
        self._state = "new"

    @classmethod
    def from_url(cls, url: str, *, options: BusOptions | None = None) -> Bus:
        """A bus on the broker at ``url`` (``memory://``, ``redis://``, ``postgresql://``)."""
        return cls(url, options=options)

    @property
    def healthy(self) -> bool:
        """Connected, and the last check found the broker delivering."""
        return self._state == "running" and self._link.healthy

    @property
    def stats(self) -> BusStats:
        counters = self._link.counters
        return BusStats(
            broker_subscriptions=self._link.broker_subscriptions,
            local_subscribers=self._fanout.subscriber_count,
            published=counters.published,
            publish_failures=counters.publish_failures,
            reconnects=counters.reconnects,
            overflows=self._fanout.overflows,
        )

    async def start(self) -> None:
        """Connect; if the broker is down, keep reconnecting in the background."""
        if self._state != "new":
            raise RuntimeError(f"the bus cannot start: it is {self._state}")
        self._state = "running"
        await self._link.start()

    async def stop(self) -> None:
        """Disconnect and end every subscriber's iteration. Idempotent."""
        if self._state != "running":
            self._state = "stopped"
            return
        self._state = "stopped"
        self._fanout.close_all()
        await self._link.stop()

    async def __aenter__(self) -> Bus:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def publish(self, channel: str, payload: str = "") -> None:
        """Wake ``channel``'s subscribers in every process (call it after the commit).

        Never raises on a broker outage, nor once the bus is stopped (a request
        finishing during shutdown): the wake-up is counted in
        ``stats.publish_failures``. Raises ``PayloadTooLarge`` or ``ValueError``
        on a bad message, ``RuntimeError`` if the bus was never started.
        Waits for the broker at most ``BusOptions.operation_timeout``.
        """
        _check_channel(channel)
        _check_payload(payload)
        if self._state == "new":
            self._require_running()
        await self._link.publish(channel, payload)

    def wake_all_local(self) -> None:
        """Send every subscriber in this process a gap wake-up (they read again):
        for changes the broker did not carry, such as another process's writes
        found by ``events.watcher``."""
        self._fanout.gap_all()

    def subscribe(self, channel: str) -> contextlib.AbstractAsyncContextManager[Subscription]:
        """Listen to ``channel`` for the duration of the ``async with`` block.

        On entry the broker subscription is in place (unless the broker is down:
        then it follows on reconnect, with a gap), so what is published afterwards
        is delivered: subscribe first, then read from the cursor.
        """
        _check_channel(channel)
        self._require_running()
        return self._subscription(channel)

    @contextlib.asynccontextmanager
    async def _subscription(self, channel: str) -> AsyncIterator[Subscription]:
        subscription = self._fanout.add(channel)
        try:
            await self._link.sync(channel)
            yield subscription
        finally:
            self._fanout.remove(subscription)
            if self._state == "running":
                # Shielded: a cancelled subscriber must still release the broker subscription.
                await asyncio.shield(self._link.sync(channel))

    def _require_running(self) -> None:
        if self._state != "running":
            raise RuntimeError(f"the bus is {self._state}: use `async with bus` or `await start()`")


def _check_channel(channel: str) -> None:
    size = len(channel.encode())
    if not channel or size > MAX_CHANNEL_BYTES or "\x00" in channel:
        raise ValueError(
            f"invalid bus channel {channel[:80]!r}: it must be 1 to {MAX_CHANNEL_BYTES} bytes "
            f"without NUL (got {size} bytes)"
        )
    if channel.startswith(RESERVED_PREFIX):
        raise ValueError(f"bus channels starting with {RESERVED_PREFIX!r} are reserved")


def _check_payload(payload: str) -> None:
    size = len(payload.encode())
    if size > MAX_PAYLOAD_BYTES:
        raise PayloadTooLarge(
            f"wake-up payload of {size} bytes refused: the limit is {MAX_PAYLOAD_BYTES} bytes "
            "(PostgreSQL NOTIFY caps payloads near 8 kB); publish an id, not the data"
        )
    if "\x00" in payload:
        raise ValueError("a wake-up payload cannot contain NUL")
