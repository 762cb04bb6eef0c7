"""Helpers for the bus tests: broker URLs, fast options, waiting, a private redis-server."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from redis import asyncio as redis
from sqlalchemy.engine import make_url
from tests.support.databases import POSTGRES_URL_ENV, REDIS_URL_ENV, postgres_admin_url
from tests.support.servers import free_port

from flowql.events.bus import BusOptions, Subscription, WakeUp

FAST = BusOptions(
    health_interval=0.2,
    health_timeout=1.0,
    operation_timeout=2.0,
    backoff_initial=0.05,
    backoff_max=0.4,
)
"""Options that notice an outage and recover within about a second."""


def new_channel() -> str:
    """A channel no concurrent test run shares (the brokers are shared)."""
    return f"test:{uuid.uuid4().hex}"


def broker_url(backend: str) -> str:
    """The URL of a shared test broker, or skip the test when it is not configured."""
    if backend == "memory":
        return "memory://"
    if backend == "redis":
        url = os.environ.get(REDIS_URL_ENV)
        if url is None:
            pytest.skip(f"{REDIS_URL_ENV} is not set")
        return url
    admin_url = postgres_admin_url()
    if admin_url is None:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    # LISTEN/NOTIFY needs no tables: the admin database serves, channels are unique.
    return make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)


async def next_wake_up(subscription: Subscription, within: float = 5.0) -> WakeUp:
    """The subscription's next wake-up, arriving within ``within`` seconds."""
    async with asyncio.timeout(within):
        return await anext(subscription)


async def wait_until(condition: Callable[[], object], within: float = 5.0) -> None:
    """Poll ``condition`` (sync or async) until it holds, for ``within`` seconds at most."""
    async with asyncio.timeout(within):
        # Polling on purpose: the conditions are broker or bus state with no event to await.
        while not await _holds(condition):  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def _holds(condition: Callable[[], object]) -> bool:
    result = condition()
    if inspect.isawaitable(result):
        result = await result
    return bool(result)


async def redis_numsub(url: str, channel: str) -> int:
    """How many connections the Redis server at ``url`` has subscribed to ``channel``."""
    client = redis.Redis.from_url(url)
    try:
        [(_, count)] = await client.pubsub_numsub(channel)
        return int(count)
    finally:
        await client.aclose()


class PrivateRedis:
    """A redis-server of our own, on a free port, that tests may kill and restart."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await wait_until(self._answers, within=10)

    async def kill(self) -> None:
        if self._process is not None and self._process.returncode is None:
            self._process.kill()
            await self._process.wait()
        self._process = None

    async def command(self, *args: str) -> object:
        client = redis.Redis.from_url(self.url)
        try:
            return await client.execute_command(*args)
        finally:
            await client.aclose()

    async def _answers(self) -> bool:
        assert self._process is not None
        if self._process.returncode is not None:
            raise RuntimeError(f"redis-server exited with {self._process.returncode}")
        try:
            await self.command("PING")
        except redis.ConnectionError:
            return False
        return True


@contextlib.asynccontextmanager
async def private_redis(*, started: bool = True) -> AsyncIterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    try:
        if started:
            await server.start()
        yield server
    finally:
        await server.kill()
