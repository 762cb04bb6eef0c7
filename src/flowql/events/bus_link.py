"""The process's one connection to the broker: health checks, reconnects, subscriptions.

A supervisor task watches the connection. It is judged dead when the backend's
listener fails (a closed socket, a terminated session), when a publish,
subscribe or unsubscribe fails, or when a heartbeat (a nonce published on this
link's private channel) does not come back within ``health_timeout``, which
catches half-open connections nothing else notices. Then the link drops the
connection, reconnects with capped exponential backoff and jitter, subscribes
again to every channel that has local subscribers, proves the path with a
heartbeat, and only then gives every local subscriber a gap wake-up: whatever
was published while it was away, the re-read after the gap finds.

The broker holds at most one subscription per channel for this process
(``sync`` reconciles it with the local subscribers), plus the heartbeat channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from dataclasses import dataclass

from broadcaster import BroadcastBackend

from flowql.events.bus_backends import BackendFactory, BrokerLost
from flowql.events.bus_fanout import Fanout

logger = logging.getLogger("flowql.events.bus")

HEARTBEAT_PREFIX = "_flowql:heartbeat:"


@dataclass(frozen=True, slots=True)
class BusOptions:
    """Tuning of a ``Bus``; the defaults suit a server."""

    max_queue: int = 100
    """Wake-ups a subscriber may fall behind before they collapse into one gap."""
    health_interval: float = 5.0
    """Seconds between heartbeats while nothing else shows the connection is dead."""
    health_timeout: float = 3.0
    """Seconds a heartbeat may take to come back before the connection is judged dead."""
    operation_timeout: float = 5.0
    """Seconds a connect, publish, subscribe or unsubscribe may take."""
    backoff_initial: float = 0.1
    backoff_max: float = 10.0


@dataclass(slots=True)
class LinkCounters:
    published: int = 0
    publish_failures: int = 0
    reconnects: int = 0


def backoff_delay(attempt: int, initial: float, cap: float) -> float:
    """Delay before retry ``attempt`` (1, 2, ...): exponential, capped, with jitter.

    Half fixed, half random ("equal jitter"), so replicas that lost the broker
    together do not reconnect in lockstep, yet never retry in a tight loop.
    """
    delay = min(cap, initial * 2.0 ** (attempt - 1))
    return delay / 2 + random.uniform(0, delay / 2)


class BrokerLink:
    """Connects a ``Fanout`` to the broker and keeps it connected."""

    def __init__(self, make_backend: BackendFactory, options: BusOptions, fanout: Fanout) -> None:
        self._make_backend = make_backend
        self._options = options
        self._fanout = fanout
        self._heartbeat_channel = HEARTBEAT_PREFIX + uuid.uuid4().hex[:16]
        self._heartbeats: dict[str, asyncio.Future[None]] = {}
        self._backend: BroadcastBackend | None = None
        self._listener: asyncio.Task[None] | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._subscribed: set[str] = set()
        self._lock = asyncio.Lock()
        self._trouble = asyncio.Event()
        self._trouble_reason = ""
        self._healthy = False
        self._failure_logged = False
        self.counters = LinkCounters()

    @property
    def healthy(self) -> bool:
        return self._healthy

    @property
    def broker_subscriptions(self) -> int:
        """Channels this process is subscribed to on the broker (heartbeat excluded)."""
        return len(self._subscribed)

    async def start(self) -> None:
        """Connect once; if the broker is down, keep trying in the background."""
        connected = True
        try:
            await self._connect()
        except Exception as exc:
            connected = False
            logger.warning(
                "bus: broker unavailable at start (%s); retrying in the background", _describe(exc)
            )
        self._supervisor = asyncio.create_task(self._supervise(connected), name="flowql-bus")

    async def stop(self) -> None:
        """Stop supervising and disconnect; publishes are refused from now on."""
        self._trouble_reason = "the bus is stopped"
        self._trouble.set()
        if self._supervisor is not None:
            self._supervisor.cancel()
            await asyncio.wait([self._supervisor])
            self._supervisor = None
        await self._disconnect()

    async def publish(self, channel: str, payload: str) -> None:
        """Publish, or count a failure and have the connection checked; never raises."""
        backend = self._backend
        if backend is None or self._trouble.is_set():  # fail fast while it is being replaced
            reason = self._trouble_reason if self._trouble.is_set() else "no broker connection"
            self._publish_failed(channel, reason)
            return
        try:
            async with asyncio.timeout(self._options.operation_timeout):
                await backend.publish(channel, payload)
        except Exception as exc:
            self._publish_failed(channel, _describe(exc))
            self._report_trouble(f"publish failed: {_describe(exc)}", backend)
            return
        self.counters.published += 1

    async def sync(self, channel: str) -> None:
        """Subscribe to ``channel`` on the broker iff it has local subscribers."""
        async with self._lock:
            backend = self._backend
            wanted = self._fanout.has(channel)
            if backend is None or wanted == (channel in self._subscribed):
                return
            try:
                async with asyncio.timeout(self._options.operation_timeout):
                    if wanted:
                        await backend.subscribe(channel)
                        self._subscribed.add(channel)
                    else:
                        self._subscribed.discard(channel)
                        await backend.unsubscribe(channel)
            except Exception as exc:
                action = "subscribe to" if wanted else "unsubscribe from"
                self._report_trouble(f"could not {action} {channel!r}: {_describe(exc)}", backend)

    async def _supervise(self, connected: bool) -> None:
        while True:
            if not connected:
                await self._reconnect()
            connected = False
            reason = await self._watch()
            logger.warning("bus: broker connection lost (%s); reconnecting", reason)
            await self._disconnect()

    async def _watch(self) -> str:
        """Wait until the connection is judged dead; say why."""
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._options.health_interval):
                    await self._trouble.wait()
            if self._trouble.is_set():
                return self._trouble_reason
            try:
                await self._heartbeat()
            except Exception as exc:
                return f"heartbeat failed: {_describe(exc)}"

    async def _reconnect(self) -> None:
        attempt = 0
        while True:
            attempt += 1
            try:
                await self._connect()
            except Exception as exc:
                options = self._options
                delay = backoff_delay(attempt, options.backoff_initial, options.backoff_max)
                logger.warning(
                    "bus: reconnect attempt %d failed (%s); next in %.2fs",
                    attempt,
                    _describe(exc),
                    delay,
                )
                await asyncio.sleep(delay)
                continue
            self.counters.reconnects += 1
            logger.info("bus: reconnected after %d attempt(s); waking subscribers", attempt)
            self._fanout.gap_all()
            return

    async def _connect(self) -> None:
        backend = self._make_backend()
        self._trouble.clear()
        try:
            async with asyncio.timeout(self._options.operation_timeout):
                await backend.connect()
        except BaseException:
            await self._close_backend(backend)
            raise
        self._backend = backend
        self._listener = asyncio.create_task(self._listen(backend), name="flowql-bus-listener")
        try:
            await self._subscribe_all(backend)
            await self._heartbeat()
        except BaseException:
            await self._disconnect()
            raise
        self._healthy = not self._trouble.is_set()
        self._failure_logged = False

    async def _subscribe_all(self, backend: BroadcastBackend) -> None:
        async with self._lock:
            for channel in self._fanout.channels():
                if channel not in self._subscribed:
                    async with asyncio.timeout(self._options.operation_timeout):
                        await backend.subscribe(channel)
                    self._subscribed.add(channel)
            async with asyncio.timeout(self._options.operation_timeout):
                await backend.subscribe(self._heartbeat_channel)

    async def _heartbeat(self) -> None:
        """Publish a nonce on the private channel and wait for it to come back."""
        backend = self._backend
        if backend is None:
            raise BrokerLost("not connected")
        nonce = uuid.uuid4().hex
        arrived = asyncio.get_running_loop().create_future()
        self._heartbeats[nonce] = arrived
        timeout = self._options.health_timeout
        try:
            async with asyncio.timeout(timeout):
                await backend.publish(self._heartbeat_channel, nonce)
                await arrived
        except TimeoutError:
            raise BrokerLost(f"no heartbeat within {timeout}s") from None
        finally:
            del self._heartbeats[nonce]

    async def _listen(self, backend: BroadcastBackend) -> None:
        try:
            while True:
                event = await backend.next_published()
                if event.channel != self._heartbeat_channel:
                    self._fanout.dispatch(event.channel, event.message)
                elif (arrived := self._heartbeats.get(event.message)) and not arrived.done():
                    arrived.set_result(None)
        except Exception as exc:
            self._report_trouble(f"listener failed: {_describe(exc)}", backend)

    async def _disconnect(self) -> None:
        self._healthy = False
        backend, listener = self._backend, self._listener
        self._backend = self._listener = None
        self._subscribed.clear()
        if listener is not None:
            listener.cancel()
            await asyncio.wait([listener])
        if backend is not None:
            await self._close_backend(backend)

    async def _close_backend(self, backend: BroadcastBackend) -> None:
        try:
            async with asyncio.timeout(self._options.operation_timeout):
                await backend.disconnect()
        except Exception as exc:  # it is being thrown away; a half-closed socket is fine
            logger.debug("bus: closing the old connection failed: %s", _describe(exc))

    def _report_trouble(self, reason: str, backend: BroadcastBackend) -> None:
        if backend is not self._backend or self._trouble.is_set():
            return  # an old connection, or already known
        self._healthy = False
        self._trouble_reason = reason
        self._trouble.set()

    def _publish_failed(self, channel: str, reason: str) -> None:
        self.counters.publish_failures += 1
        log = logger.debug if self._failure_logged else logger.warning
        self._failure_logged = True
        log("bus: wake-up on %r not published (%s)", channel, reason)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
