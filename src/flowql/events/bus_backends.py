"""broadcaster's backends, with the traps the wake-up bus cannot live with fixed.

broadcaster (0.3.1, pinned ``<0.4``) does the protocol work: redis-py's pub/sub
and asyncpg's LISTEN/NOTIFY. Its ``Broadcast`` front (unbounded queues, no
reconnect) is not used; ``bus_link`` drives the backends directly. The
subclasses here rely on broadcaster 0.3.1's attribute names.

- **Redis.** Connections never retry on their own (``Retry(NoBackoff(), 0)``):
  redis-py's pub/sub otherwise reconnects and re-subscribes silently, and the
  messages published meanwhile are lost without anyone knowing. A dead
  connection now ends the listener, and ``next_published`` raises
  ``BrokerLost``. ``subscribe`` returns once Redis confirms the SUBSCRIBE, so
  a message published after it is delivered. Publishes share a bounded pool.
- **PostgreSQL.** One asyncpg connection carries LISTEN, UNLISTEN and NOTIFY:
  they are serialised by a lock (asyncpg refuses concurrent operations, "another
  operation is in progress"). A terminated connection makes ``next_published``
  raise ``BrokerLost``. ``postgresql+asyncpg://`` URLs are accepted too.
- **Memory.** broadcaster's, unchanged: one ``Bus``, one process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]
from broadcaster import BroadcastBackend, Event
from broadcaster._backends.memory import MemoryBackend
from broadcaster._backends.postgres import PostgresBackend
from broadcaster._backends.redis import RedisBackend
from redis import asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

BackendFactory = Callable[[], BroadcastBackend]
"""Makes a fresh, unconnected backend: one per connection attempt."""

REDIS_POOL_SIZE = 16
_LOST = Event(channel="", message="connection lost")


class BrokerLost(ConnectionError):
    """The broker connection is gone; messages may have been missed."""


def backend_factory(url: str, timeout: float) -> BackendFactory:
    """A factory of backends for ``url``; ``ValueError`` on an unsupported scheme."""
    scheme = urlsplit(url).scheme
    if scheme == "memory":
        return lambda: MemoryBackend(url)
    if scheme in ("redis", "rediss"):
        return lambda: RedisWakeUpBackend(url, timeout)
    if scheme in ("postgres", "postgresql", "postgresql+asyncpg"):
        dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
        return lambda: PostgresWakeUpBackend(dsn, timeout)
    raise ValueError(
        f"unsupported broadcast URL scheme {scheme!r}: use memory://, redis://host:port/db "
        "or postgresql://user@host/db"
    )


class RedisWakeUpBackend(RedisBackend):
    """broadcaster's Redis backend that fails loudly and confirms subscriptions."""

    def __init__(self, url: str, timeout: float) -> None:
        pool = redis.BlockingConnectionPool.from_url(
            url,
            max_connections=REDIS_POOL_SIZE,
            timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self._conn = redis.Redis.from_pool(pool)
        self._pubsub = self._conn.pubsub()
        self._ready = asyncio.Event()
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._listener: asyncio.Task[None] | None = None
        self._confirmations: dict[str, asyncio.Future[None]] = {}

    async def connect(self) -> None:
        await self._pubsub.connect()  # type: ignore[no-untyped-call]
        self._listener = asyncio.create_task(self._pubsub_listener(), name="flowql-bus-redis")

    async def disconnect(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.wait([self._listener])
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        await self._conn.aclose()

    async def subscribe(self, channel: str) -> None:
        confirmed = asyncio.get_running_loop().create_future()
        self._confirmations[channel] = confirmed
        try:
            await self._pubsub.subscribe(channel)
            # Only now: redis-py's listen() returns at once while nothing is subscribed.
            self._ready.set()
            await confirmed
        finally:
            self._confirmations.pop(channel, None)

    async def next_published(self) -> Event:
        event = await self._queue.get()
        if event is _LOST:
            raise BrokerLost("the Redis pub/sub connection was lost")
        return event

    async def _pubsub_listener(self) -> None:
        try:
            await self._ready.wait()
            async for message in self._pubsub.listen():
                self._handle(message)
        except Exception as exc:
            for confirmed in self._confirmations.values():
                if not confirmed.done():
                    confirmed.set_exception(BrokerLost(repr(exc)))
        # Ended (an error, or nothing subscribed): either way no more messages.
        self._queue.put_nowait(_LOST)

    def _handle(self, message: dict[str, Any]) -> None:
        if message["type"] == "message":
            event = Event(channel=message["channel"].decode(), message=message["data"].decode())
            self._queue.put_nowait(event)
        elif message["type"] == "subscribe":
            confirmed = self._confirmations.get(message["channel"].decode())
            if confirmed is not None and not confirmed.done():
                confirmed.set_result(None)


class PostgresWakeUpBackend(PostgresBackend):
    """broadcaster's PostgreSQL backend with its one connection behind a lock."""

    def __init__(self, url: str, timeout: float) -> None:
        super().__init__(url)
        self._timeout = timeout
        self._lock = asyncio.Lock()
        self._conn: Any = None

    async def connect(self) -> None:
        self._listen_queue = asyncio.Queue()
        self._conn = await asyncpg.connect(self._url, timeout=self._timeout)
        self._conn.add_termination_listener(self._terminated)

    async def disconnect(self) -> None:
        if self._conn is None:
            return  # never connected
        try:
            await self._conn.close(timeout=self._timeout)
        except Exception:
            self._conn.terminate()

    async def subscribe(self, channel: str) -> None:
        async with self._lock:
            await super().subscribe(channel)

    async def unsubscribe(self, channel: str) -> None:
        async with self._lock:
            await super().unsubscribe(channel)

    async def publish(self, channel: str, message: str) -> None:
        async with self._lock:
            await super().publish(channel, message)

    async def next_published(self) -> Event:
        event = await super().next_published()
        if event is _LOST:
            raise BrokerLost("the PostgreSQL LISTEN connection was terminated")
        return event

    def _terminated(self, connection: object) -> None:
        self._listen_queue.put_nowait(_LOST)
