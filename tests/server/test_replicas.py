"""Two server replicas on one PostgreSQL database: a change made through replica A
reaches a subscriber on replica B through the shared broker (Redis, then PostgreSQL).

The replicas' own database polling is slowed to a minute, so within the test's
timeout only the broker can deliver; with `memory://` (no shared broker) the
subscriber on B hears nothing in that time, which shows the test can fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport
from tests.support.databases import (
    POSTGRES_URL_ENV,
    REDIS_URL_ENV,
    postgres_admin_url,
    postgres_database,
)
from tests.support.servers import LiveServer, live_server

UPDATES = """
subscription { flowRunUpdates(after: "HEAD") { live flowRuns { name } } }
"""
CREATE = """
mutation($flow: String!) {
  createFlow(input: {name: $flow}) { flow { id } }
}
"""
CREATE_RUN = """
mutation($id: UUID!, $name: String!) {
  createFlowRun(input: {flowId: $id, name: $name}) { flowRun { id } }
}
"""


def _broker_url(broker: str) -> str:
    if broker == "memory":
        return "memory://"
    name = REDIS_URL_ENV if broker == "redis" else POSTGRES_URL_ENV
    url = os.environ.get(name)
    if not url:
        pytest.skip(f"{name} is not set")
    return url


@contextlib.contextmanager
def _replicas(home: Path, database_url: str, broker_url: str) -> Iterator[list[LiveServer]]:
    env = {"FLOWQL_BROADCAST_URL": broker_url, "FLOWQL_SUBSCRIPTION_POLL_SECONDS": "60"}
    with contextlib.ExitStack() as stack:
        servers = []
        for name in ("a", "b"):
            replica_home = home / name
            replica_home.mkdir()
            servers.append(
                stack.enter_context(live_server(replica_home, database_url=database_url, **env))
            )
        yield servers


@contextlib.asynccontextmanager
async def _subscribed(server: LiveServer) -> AsyncIterator[AsyncIterator[Any]]:
    url = server.graphql_url.replace("http://", "ws://")
    async with Client(transport=WebsocketsTransport(url=url)) as session:
        stream = session.subscribe(GraphQLRequest(UPDATES))
        await asyncio.wait_for(anext(stream), 15)  # caught up: tailing from now on
        yield stream


def _create_run(server: LiveServer, name: str) -> None:
    def post(document: str, variables: dict[str, Any]) -> Any:
        body = httpx.post(server.graphql_url, json={"query": document, "variables": variables})
        return body.json()["data"]

    flow_id = post(CREATE, {"flow": "replicated"})["createFlow"]["flow"]["id"]
    post(CREATE_RUN, {"id": flow_id, "name": name})


async def _next_run_names(stream: AsyncIterator[Any], within: float) -> list[str]:
    message = await asyncio.wait_for(anext(stream), within)
    return [run["name"] for run in message["flowRunUpdates"]["flowRuns"]]


@pytest.mark.parametrize("broker", ["redis", "postgres"])
async def test_a_change_on_replica_a_reaches_a_subscriber_on_b(broker: str, tmp_path: Path) -> None:
    if postgres_admin_url() is None:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    broker_url = _broker_url(broker)
    async with postgres_database() as database_url:
        with _replicas(tmp_path, database_url, broker_url) as (a, b):
            async with _subscribed(b) as stream:
                await asyncio.to_thread(_create_run, a, f"made-on-a-{broker}")
                assert await _next_run_names(stream, 10) == [f"made-on-a-{broker}"]


async def test_without_a_shared_broker_b_hears_nothing_in_time(tmp_path: Path) -> None:
    if postgres_admin_url() is None:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    async with postgres_database() as database_url:
        with _replicas(tmp_path, database_url, "memory://") as (a, b):
            async with _subscribed(b) as stream:
                await asyncio.to_thread(_create_run, a, "unheard")
                with pytest.raises(TimeoutError):
                    await _next_run_names(stream, 3)
