"""The bus on each broker: delivery, concurrent publishes, replicas, no leaked subscriptions.

Redis and PostgreSQL are the shared test services (``FLOWQL_TEST_REDIS_URL``,
``FLOWQL_TEST_POSTGRES_URL``); every test uses channels of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator

import pytest
from tests.events.bus_support import (
    FAST,
    broker_url,
    new_channel,
    next_wake_up,
    redis_numsub,
    wait_until,
)

from flowql.events.bus import MAX_PAYLOAD_BYTES, Bus, WakeUp


@pytest.fixture(params=["memory", "redis", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    return broker_url(request.param)


@pytest.fixture(params=["redis", "postgres"])
def shared_url(request: pytest.FixtureRequest) -> str:
    """A broker that several processes (here: several ``Bus`` instances) share."""
    return broker_url(request.param)


@pytest.fixture
async def bus(url: str) -> AsyncIterator[Bus]:
    async with Bus.from_url(url, options=FAST) as running:
        yield running


async def test_a_published_wake_up_reaches_the_subscriber(bus: Bus) -> None:
    channel = new_channel()
    largest = "é" * (MAX_PAYLOAD_BYTES // 2)
    async with bus.subscribe(channel) as wake_ups:
        assert bus.healthy
        await bus.publish(channel)
        await bus.publish(channel, largest)
        assert await next_wake_up(wake_ups) == WakeUp(channel)
        assert await next_wake_up(wake_ups) == WakeUp(channel, largest)


async def test_heartbeats_keep_an_idle_bus_connected_and_stay_private(bus: Bus) -> None:
    channel = new_channel()
    async with bus.subscribe(channel) as wake_ups:
        await asyncio.sleep(5 * FAST.health_interval)
        assert bus.healthy and bus.stats.reconnects == 0
        assert wake_ups.pending == 0
        await bus.publish(channel, "still here")
        assert await next_wake_up(wake_ups) == WakeUp(channel, "still here")


async def test_200_concurrent_publishes_all_succeed(url: str) -> None:
    channel = new_channel()
    options = dataclasses.replace(FAST, max_queue=1000)
    async with Bus.from_url(url, options=options) as bus, bus.subscribe(channel) as wake_ups:
        await asyncio.gather(*(bus.publish(channel, str(n)) for n in range(200)))
        assert (bus.stats.published, bus.stats.publish_failures) == (200, 0)
        received = {(await next_wake_up(wake_ups)).payload for _ in range(200)}
    assert received == {str(n) for n in range(200)}


async def test_replicas_see_each_other(shared_url: str) -> None:
    to_a, to_b = new_channel(), new_channel()
    async with (
        Bus.from_url(shared_url, options=FAST) as a,
        Bus.from_url(shared_url, options=FAST) as b,
        Bus.from_url(shared_url, options=FAST) as writer,  # publishes only
        a.subscribe(to_a) as a_wakes,
        b.subscribe(to_b) as b_wakes,
    ):
        await b.publish(to_a, "from-b")
        await a.publish(to_b, "from-a")
        await writer.publish(to_a, "from-writer")
        assert await next_wake_up(a_wakes) == WakeUp(to_a, "from-b")
        assert await next_wake_up(a_wakes) == WakeUp(to_a, "from-writer")
        assert await next_wake_up(b_wakes) == WakeUp(to_b, "from-a")
        assert writer.stats.broker_subscriptions == 0


async def test_one_broker_subscription_per_channel_released_by_the_last(bus: Bus, url: str) -> None:
    channel = new_channel()
    async with contextlib.AsyncExitStack() as stack:
        subscriptions = [await stack.enter_async_context(bus.subscribe(channel)) for _ in range(10)]
        assert (bus.stats.broker_subscriptions, bus.stats.local_subscribers) == (1, 10)
        if url.startswith("redis"):
            assert await redis_numsub(url, channel) == 1
        await bus.publish(channel, "all")
        for subscription in subscriptions:
            assert await next_wake_up(subscription) == WakeUp(channel, "all")
    assert (bus.stats.broker_subscriptions, bus.stats.local_subscribers) == (0, 0)
    if url.startswith("redis"):
        await wait_until(lambda: _numsub_is_zero(url, channel))


async def test_subscribe_cycles_leave_no_subscription_or_task_behind(bus: Bus, url: str) -> None:
    channel = new_channel()
    tasks_before = len(asyncio.all_tasks())
    for number in range(200):
        async with bus.subscribe(channel) as wake_ups:
            await bus.publish(channel, str(number))
            assert (await next_wake_up(wake_ups)).payload == str(number)
    assert (bus.stats.broker_subscriptions, bus.stats.local_subscribers) == (0, 0)
    assert len(asyncio.all_tasks()) == tasks_before
    if url.startswith("redis"):
        await wait_until(lambda: _numsub_is_zero(url, channel))


async def test_a_cancelled_subscriber_releases_its_broker_subscription(bus: Bus) -> None:
    channel = new_channel()

    async def listen_forever() -> None:
        async with bus.subscribe(channel) as wake_ups:
            async for _ in wake_ups:
                pass

    listeners = [asyncio.create_task(listen_forever()) for _ in range(3)]
    await wait_until(lambda: bus.stats.local_subscribers == 3)
    for listener in listeners:
        listener.cancel()
    await asyncio.wait(listeners)
    assert (bus.stats.broker_subscriptions, bus.stats.local_subscribers) == (0, 0)


async def test_stopping_leaves_no_task_behind(url: str) -> None:
    tasks_before = len(asyncio.all_tasks())
    async with Bus.from_url(url, options=FAST) as bus, bus.subscribe(new_channel()):
        assert len(asyncio.all_tasks()) > tasks_before
    assert len(asyncio.all_tasks()) == tasks_before


async def _numsub_is_zero(url: str, channel: str) -> bool:
    return await redis_numsub(url, channel) == 0
