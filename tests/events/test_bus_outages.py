"""Broker outages: the bus notices, reconnects, and gives its subscribers a gap wake-up.

Redis outages use a private redis-server on a free port (killed and restarted
on the same port); the shared Redis is never touched. PostgreSQL is shared and
must not be stopped, so its outage is the bus's own session being terminated
(``pg_terminate_backend``, found by a unique ``application_name``).
"""

from __future__ import annotations

import uuid

import asyncpg
from tests.events.bus_support import (
    FAST,
    broker_url,
    new_channel,
    next_wake_up,
    private_redis,
    redis_numsub,
    wait_until,
)

from flowql.events.bus import Bus, WakeUp


async def test_a_redis_restart_gives_a_gap_then_live_wake_ups() -> None:
    channel, other = new_channel(), new_channel()
    async with (
        private_redis() as server,
        Bus.from_url(server.url, options=FAST) as bus,
        bus.subscribe(channel) as wake_ups,
        bus.subscribe(other) as other_wake_ups,
    ):
        await bus.publish(channel, "before")
        assert await next_wake_up(wake_ups) == WakeUp(channel, "before")

        await server.kill()
        await wait_until(lambda: not bus.healthy)
        await bus.publish(channel, "lost")  # does not raise
        assert bus.stats.publish_failures >= 1

        await server.start()
        assert await next_wake_up(wake_ups, within=10) == WakeUp(channel, gap=True)
        assert await next_wake_up(other_wake_ups) == WakeUp(other, gap=True)
        assert bus.healthy and bus.stats.reconnects == 1
        assert await redis_numsub(server.url, channel) == 1  # subscribed again

        await bus.publish(channel, "after")
        assert await next_wake_up(wake_ups) == WakeUp(channel, "after")


async def test_a_killed_pubsub_connection_is_replaced() -> None:
    channel = new_channel()
    async with (
        private_redis() as server,
        Bus.from_url(server.url, options=FAST) as bus,
        bus.subscribe(channel) as wake_ups,
    ):
        await server.command("CLIENT", "KILL", "TYPE", "pubsub")
        assert await next_wake_up(wake_ups) == WakeUp(channel, gap=True)
        await bus.publish(channel, "after")
        assert await next_wake_up(wake_ups) == WakeUp(channel, "after")


async def test_a_stalled_broker_fails_the_heartbeat() -> None:
    """Nothing errors while Redis holds every PUBLISH: only the heartbeat notices."""
    channel = new_channel()
    async with (
        private_redis() as server,
        Bus.from_url(server.url, options=FAST) as bus,
        bus.subscribe(channel) as wake_ups,
    ):
        await server.command("CLIENT", "PAUSE", "1500", "WRITE")
        assert await next_wake_up(wake_ups) == WakeUp(channel, gap=True)
        assert bus.stats.reconnects == 1
        await bus.publish(channel, "after")
        assert await next_wake_up(wake_ups) == WakeUp(channel, "after")


async def test_a_broker_down_at_start_is_waited_for() -> None:
    channel = new_channel()
    async with (
        private_redis(started=False) as server,
        Bus.from_url(server.url, options=FAST) as bus,
    ):
        assert not bus.healthy
        async with bus.subscribe(channel) as wake_ups:  # neither raises
            await bus.publish(channel, "lost")
            assert bus.stats.broker_subscriptions == 0 and bus.stats.publish_failures == 1

            await server.start()
            assert await next_wake_up(wake_ups, within=10) == WakeUp(channel, gap=True)
            assert bus.stats.broker_subscriptions == 1
            await bus.publish(channel, "after")
            assert await next_wake_up(wake_ups) == WakeUp(channel, "after")


async def test_a_terminated_postgres_session_gives_a_gap_then_live_wake_ups() -> None:
    name = f"flowql_bus_{uuid.uuid4().hex[:12]}"
    url = f"{broker_url('postgres')}?application_name={name}"
    channel = new_channel()
    async with (
        Bus.from_url(url, options=FAST) as bus,
        bus.subscribe(channel) as wake_ups,
    ):
        assert await _terminate_sessions(name) == 1
        assert await next_wake_up(wake_ups) == WakeUp(channel, gap=True)
        assert bus.stats.reconnects == 1
        await bus.publish(channel, "after")
        assert await next_wake_up(wake_ups) == WakeUp(channel, "after")


async def _terminate_sessions(application_name: str) -> int:
    connection = await asyncpg.connect(broker_url("postgres"))
    try:
        rows = await connection.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            application_name,
        )
    finally:
        await connection.close()
    return len(rows)


async def test_repeated_redis_outages_always_recover() -> None:
    """Ten kill/restart cycles with a subscriber and a publisher replica."""
    channel = new_channel()
    async with (
        private_redis() as server,
        Bus.from_url(server.url, options=FAST) as bus,
        Bus.from_url(server.url, options=FAST) as writer,
        bus.subscribe(channel) as wake_ups,
    ):
        for round_ in range(10):
            await server.kill()
            await wait_until(lambda: not bus.healthy)
            await server.start()
            assert await next_wake_up(wake_ups, within=10) == WakeUp(channel, gap=True)
            await wait_until(lambda: writer.healthy)
            await writer.publish(channel, str(round_))
            assert await next_wake_up(wake_ups) == WakeUp(channel, str(round_))
        assert bus.stats.reconnects == 10
