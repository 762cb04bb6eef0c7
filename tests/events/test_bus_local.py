"""The bus on ``memory://``: local fan-out, bounded queues, message limits, lifecycle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from tests.events.bus_support import FAST, new_channel, next_wake_up

from flowql.events.bus import (
    MAX_CHANNEL_BYTES,
    MAX_PAYLOAD_BYTES,
    Bus,
    BusOptions,
    PayloadTooLarge,
    WakeUp,
)
from flowql.events.bus_link import backoff_delay


@pytest.fixture
async def bus() -> AsyncIterator[Bus]:
    async with Bus.from_url("memory://", options=FAST) as running:
        yield running


async def test_every_local_subscriber_of_a_channel_is_woken(bus: Bus) -> None:
    channel, other = new_channel(), new_channel()
    async with (
        bus.subscribe(channel) as first,
        bus.subscribe(channel) as second,
        bus.subscribe(other) as elsewhere,
    ):
        await bus.publish(channel, "run-1")
        await bus.publish(other, "run-2")
        assert await next_wake_up(first) == WakeUp(channel, "run-1")
        assert await next_wake_up(second) == WakeUp(channel, "run-1")
        assert await next_wake_up(elsewhere) == WakeUp(other, "run-2")  # not run-1


async def test_publishing_without_subscribers_works(bus: Bus) -> None:
    for _ in range(3):
        await bus.publish(new_channel())
    assert (bus.stats.published, bus.stats.publish_failures) == (3, 0)


async def test_a_slow_subscriber_gets_a_gap_instead_of_an_unbounded_queue() -> None:
    channel = new_channel()
    options = BusOptions(max_queue=5, health_interval=FAST.health_interval)
    async with (
        Bus.from_url("memory://", options=options) as bus,
        bus.subscribe(channel) as fast,
        bus.subscribe(channel) as slow,
    ):
        for number in range(50):
            await bus.publish(channel, str(number))
            assert (await next_wake_up(fast)).payload == str(number)
            assert slow.pending <= 5
        assert await next_wake_up(slow) == WakeUp(channel, gap=True)
        assert bus.stats.overflows > 0 and fast.overflows == 0
        while slow.pending:  # what arrived after the collapse, then live again
            assert not (await next_wake_up(slow)).gap
        await bus.publish(channel, "live")
        assert await next_wake_up(slow) == WakeUp(channel, "live")


async def test_an_oversized_payload_is_refused_clearly(bus: Bus) -> None:
    with pytest.raises(PayloadTooLarge, match=r"1025 bytes refused: the limit is 1024 bytes"):
        await bus.publish(new_channel(), "x" * (MAX_PAYLOAD_BYTES + 1))
    with pytest.raises(PayloadTooLarge, match="1026 bytes"):  # bytes, not characters
        await bus.publish(new_channel(), "é" * 513)
    assert bus.stats.publish_failures == 0  # refused, not attempted


@pytest.mark.parametrize(
    "channel", ["", "c" * (MAX_CHANNEL_BYTES + 1), "nul\x00", "_flowql:heartbeat:x"]
)
async def test_invalid_channels_are_refused(bus: Bus, channel: str) -> None:
    with pytest.raises(ValueError, match="channel"):
        await bus.publish(channel)
    with pytest.raises(ValueError, match="channel"):
        bus.subscribe(channel)


async def test_subscriptions_end_when_the_bus_stops() -> None:
    bus = Bus.from_url("memory://", options=FAST)
    await bus.start()
    received: list[WakeUp] = []

    first = asyncio.Event()

    async def consume() -> None:
        async with bus.subscribe("flow_runs") as wake_ups:
            await bus.publish("flow_runs")
            async for wake_up in wake_ups:
                received.append(wake_up)
                first.set()

    consumer = asyncio.create_task(consume())
    async with asyncio.timeout(2):
        await first.wait()
    await bus.stop()
    async with asyncio.timeout(2):
        await consumer
    assert received == [WakeUp("flow_runs")]
    assert bus.stats.local_subscribers == 0 and not bus.healthy


async def test_a_bus_must_be_running_to_use() -> None:
    bus = Bus.from_url("memory://")
    with pytest.raises(RuntimeError, match="is new"):
        await bus.publish("flow_runs")
    with pytest.raises(RuntimeError, match="is new"):
        bus.subscribe("flow_runs")
    async with bus:
        assert bus.healthy
    with pytest.raises(RuntimeError, match="is stopped"):
        bus.subscribe("flow_runs")
    await bus.publish("flow_runs")  # a request finishing during shutdown: counted, not raised
    assert (bus.stats.published, bus.stats.publish_failures) == (0, 1)
    with pytest.raises(RuntimeError, match="cannot start"):
        await bus.start()


def test_unsupported_urls_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported broadcast URL scheme 'kafka'"):
        Bus.from_url("kafka://localhost:9092")
    with pytest.raises(ValueError, match="max_queue"):
        Bus.from_url("memory://", options=BusOptions(max_queue=0))


def test_backoff_grows_exponentially_up_to_its_cap_with_jitter() -> None:
    delays = [backoff_delay(attempt, 0.1, 2.0) for attempt in range(1, 12)]
    assert 0.05 <= delays[0] <= 0.1
    assert 0.4 <= delays[3] <= 0.8
    assert all(1.0 <= delay <= 2.0 for delay in delays[6:])
    assert len({backoff_delay(9, 0.1, 2.0) for _ in range(20)}) > 1
