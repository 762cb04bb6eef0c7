"""``GET /stats`` on a live server: it counts a websocket subscription while it is
open (websocket, bus subscriber, broker subscription) and stops counting it once
completed and closed; it is behind the API key when one is set, ``/health`` is not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport
from tests.support.live import LEGACY_WS, TRANSPORT_WS, Stats, fetch_stats, wait_for_stats
from tests.support.servers import LiveServer, live_server

EVENTS = 'subscription { events(after: "HEAD") { endCursor } }'
API_KEY = "stats-secret"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("stats-home")) as running:
        yield running


def counts(stats: Stats) -> tuple[int, int, int]:
    """(open websockets, local bus subscribers, broker subscriptions)."""
    bus = stats["bus"]
    return stats["websockets"], bus["local_subscribers"], bus["broker_subscriptions"]


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_stats_count_a_subscription_while_it_is_open(
    server: LiveServer, protocol: str
) -> None:
    await wait_for_stats(server, lambda stats: counts(stats) == (0, 0, 0))
    url = server.graphql_url.replace("http://", "ws://")
    async with Client(transport=WebsocketsTransport(url=url, subprotocols=[protocol])) as session:
        stream = session.subscribe(GraphQLRequest(EVENTS))
        await asyncio.wait_for(anext(stream), 15)  # subscribed on the bus by now
        websockets, subscribers, broker = counts(await fetch_stats(server))
        assert (websockets, subscribers) == (1, 1)
        assert broker >= 1

        await stream.aclose()  # the client sends `complete` (graphql-ws: `stop`)
        await wait_for_stats(server, lambda stats: counts(stats) == (1, 0, 0))
    await wait_for_stats(server, lambda stats: counts(stats) == (0, 0, 0))


async def test_stats_report_the_bus_tasks_and_memory(server: LiveServer) -> None:
    stats = await fetch_stats(server)
    assert set(stats["bus"]) == {
        "healthy", "broker_subscriptions", "local_subscribers", "published",
        "publish_failures", "reconnects", "overflows",
    }  # fmt: skip
    assert stats["bus"]["healthy"] is True
    assert stats["asyncio_tasks"] > 0
    assert 0 < stats["rss_bytes"] <= stats["peak_rss_bytes"]


def test_stats_need_the_api_key_when_one_is_set_and_health_does_not(tmp_path: Path) -> None:
    with live_server(tmp_path, FLOWQL_API_KEY=API_KEY) as server:
        stats_url = f"{server.url}/stats"
        assert httpx.get(stats_url).status_code == 401
        wrong = httpx.get(stats_url, headers={"Authorization": "Bearer not-the-key"})
        assert wrong.status_code == 401
        right = httpx.get(stats_url, headers={"Authorization": f"Bearer {API_KEY}"})
        assert right.status_code == 200
        assert right.json()["websockets"] == 0
        assert httpx.get(f"{server.url}/health").status_code == 200
