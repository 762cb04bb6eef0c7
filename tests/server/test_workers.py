"""``flowql server start --workers 2`` on SQLite: two processes share the port, and a
change made through either worker reaches a subscriber on the other within
moments (the workers hear each other through SQLite's ``data_version``, with
the broker left at ``memory://``)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport
from tests.support.servers import LiveServer, live_server

UPDATES = 'subscription { flowRunUpdates(after: "HEAD") { flowRuns { name } } }'
CREATE_FLOW = 'mutation { createFlow(input: {name: "spread"}) { flow { id } } }'
CREATE_RUN = """
mutation($id: UUID!, $name: String!) {
  createFlowRun(input: {flowId: $id, name: $name}) { flowRun { id } }
}
"""


def _worker_pid(client: httpx.Client) -> int:
    return int(client.get("/stats").json()["pid"])


def _runs_made_on_both_workers(server: LiveServer, attempts: int = 200) -> dict[int, list[str]]:
    """Create runs, each on a new connection, until both workers have made some; the
    worker that served a connection answers its /stats with its pid."""
    with httpx.Client(base_url=server.url) as client:
        flow_id = client.post("/graphql", json={"query": CREATE_FLOW}).json()["data"]
    flow_id = flow_id["createFlow"]["flow"]["id"]
    made: dict[int, list[str]] = {}
    for number in range(attempts):
        with httpx.Client(base_url=server.url) as client:
            name = f"run-{number}"
            variables = {"id": flow_id, "name": name}
            answer = client.post("/graphql", json={"query": CREATE_RUN, "variables": variables})
            assert answer.json()["data"]["createFlowRun"]["flowRun"]["id"]
            made.setdefault(_worker_pid(client), []).append(name)
        if len(made) == 2 and min(len(names) for names in made.values()) >= 3:
            break
    return made


async def _names_seen(stream: Any, wanted: set[str], within: float) -> set[str]:
    seen: set[str] = set()
    deadline = time.monotonic() + within
    while not wanted <= seen:
        message = await asyncio.wait_for(anext(stream), deadline - time.monotonic())
        seen.update(run["name"] for run in message["flowRunUpdates"]["flowRuns"])
    return seen


async def test_a_change_on_one_worker_reaches_a_subscriber_on_the_other(tmp_path: Path) -> None:
    with live_server(tmp_path, FLOWQL_SERVER_WORKERS="2") as server:
        url = server.graphql_url.replace("http://", "ws://")
        async with Client(transport=WebsocketsTransport(url=url)) as session:
            stream = session.subscribe(GraphQLRequest(UPDATES))
            await asyncio.wait_for(anext(stream), 15)  # caught up: tailing from now on
            made = await asyncio.to_thread(_runs_made_on_both_workers, server)
            assert len(made) == 2, f"every connection went to one worker: {made.keys()}"
            wanted = {name for names in made.values() for name in names}
            assert await _names_seen(stream, wanted, within=10) >= wanted
