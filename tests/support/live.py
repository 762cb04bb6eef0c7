"""Helpers for soak tests of a live server's subscriptions.

``/stats`` read and awaited with a deadline; the four subscriptions as
requests; gql subscribers that collect what they receive; subscribe/complete
cycles over gql, and raw websockets (graphql-transport-ws or graphql-ws) that
are dropped without a close frame; a thread that emits numbered events at a
steady rate; and what a server process has subscribed to on Redis, as Redis
itself sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport
from redis import asyncio as redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.support.servers import LiveServer

Stats = dict[str, Any]
Pick = Callable[[dict[str, Any]], list[Any]]
TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"
PARALLEL = 50
"""Connections the churn helpers open at a time."""
EMIT = "mutation($e: [EventInput!]!) { emitEvents(input: {events: $e}) { count } }"


def websocket_url(server: LiveServer) -> str:
    return server.graphql_url.replace("http://", "ws://")


# --- /stats ----------------------------------------------------------------------


async def fetch_stats(server: LiveServer) -> Stats:
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.get(f"{server.url}/stats")
    response.raise_for_status()
    stats: Stats = response.json()
    return stats


async def wait_for_stats(
    server: LiveServer, holds: Callable[[Stats], bool], within: float = 10.0
) -> Stats:
    """Poll ``/stats`` until ``holds(stats)``; fail with the last stats after ``within`` s."""
    deadline = time.monotonic() + within
    while True:
        stats = await fetch_stats(server)
        if holds(stats):
            return stats
        if time.monotonic() > deadline:
            raise AssertionError(f"/stats did not reach the condition in {within:.1f}s: {stats}")
        await asyncio.sleep(0.05)


def idle(stats: Stats) -> bool:
    """No websocket open, no subscriber on the bus, no broker subscription."""
    bus = stats["bus"]
    return (stats["websockets"], bus["local_subscribers"], bus["broker_subscriptions"]) == (0, 0, 0)


async def settled_idle_stats(server: LiveServer, reads: int = 3) -> Stats:
    """``/stats`` once the server is idle with the same task count ``reads`` times in a
    row (a connection just closed may still have a task finishing)."""
    streak: list[int] = []

    def settled(stats: Stats) -> bool:
        streak[:] = [*streak[-(reads - 1) :], stats["asyncio_tasks"]] if idle(stats) else []
        return len(streak) == reads and len(set(streak)) == 1

    return await wait_for_stats(server, settled)


# --- Subscriptions -----------------------------------------------------------------

# The four subscriptions, each on its own bus channel: events, flow_runs,
# task_runs:<flow run id>, logs:<flow run id>.
SUBSCRIPTIONS = {
    "events": 'subscription { events(after: "HEAD") { endCursor } }',
    "flowRunUpdates": 'subscription { flowRunUpdates(after: "HEAD") { endCursor } }',
    "taskRunUpdates": "subscription($id: UUID!) { taskRunUpdates(flowRunId: $id) { endCursor } }",
    "logs": "subscription($id: UUID!) { logs(flowRunId: $id) { endCursor } }",
}


@dataclass(frozen=True)
class Request:
    """A subscription to open; ``channel`` is the bus channel it listens on."""

    document: str
    variables: dict[str, Any]
    channel: str


def subscription_request(number: int) -> Request:
    """The ``number``-th of a rotation over the four subscriptions; the per-flow-run
    ones are about a new random flow run each time, so each uses a channel of its own."""
    kind = list(SUBSCRIPTIONS)[number % len(SUBSCRIPTIONS)]
    if kind in ("events", "flowRunUpdates"):
        channel = "events" if kind == "events" else "flow_runs"
        return Request(SUBSCRIPTIONS[kind], {}, channel)
    flow_run_id = uuid.uuid4()
    prefix = "task_runs" if kind == "taskRunUpdates" else "logs"
    return Request(SUBSCRIPTIONS[kind], {"id": str(flow_run_id)}, f"{prefix}:{flow_run_id}")


class Subscriber:
    """A gql client subscribed to ``document``, collecting ``pick(message)`` in ``seen``."""

    def __init__(self, server: LiveServer, protocol: str, document: str, pick: Pick) -> None:
        self.seen: list[Any] = []
        self.caught_up = asyncio.Event()
        transport = WebsocketsTransport(url=websocket_url(server), subprotocols=[protocol])
        self.task = asyncio.create_task(self._collect(Client(transport=transport), document, pick))

    async def _collect(self, client: Client, document: str, pick: Pick) -> None:
        async with client as session:
            async for message in session.subscribe(GraphQLRequest(document)):
                self.seen += pick(message)
                self.caught_up.set()

    async def ready(self) -> None:
        """Wait for the first message (history read: tailing from now on)."""
        caught_up = asyncio.create_task(self.caught_up.wait())
        await asyncio.wait([self.task, caught_up], timeout=15, return_when="FIRST_COMPLETED")
        caught_up.cancel()
        self.check_running()
        assert self.caught_up.is_set(), "no first message within 15 s"

    def check_running(self) -> None:
        if self.task.done():
            self.task.result()  # raises what ended it
            raise AssertionError("the subscription ended")

    async def close(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


@contextlib.asynccontextmanager
async def subscribers(server: LiveServer) -> AsyncIterator[Callable[..., Subscriber]]:
    """Yields ``subscriber(protocol, document, pick)``, which starts a ``Subscriber``;
    closes them all on exit."""
    made: list[Subscriber] = []

    def subscriber(protocol: str, document: str, pick: Pick) -> Subscriber:
        made.append(Subscriber(server, protocol, document, pick))
        return made[-1]

    try:
        yield subscriber
    finally:
        for one in made:
            await one.close()


async def all_have(subscribers: list[Subscriber], count: int, within: float) -> None:
    """Wait until every subscriber has ``count`` items (failing at once if one ended)."""
    deadline = time.monotonic() + within
    while not all(len(subscriber.seen) >= count for subscriber in subscribers):
        for subscriber in subscribers:
            subscriber.check_running()
        if time.monotonic() > deadline:
            counts = [len(subscriber.seen) for subscriber in subscribers]
            raise AssertionError(f"after {within:.1f}s the subscribers have {counts} of {count}")
        await asyncio.sleep(0.02)


# --- Churn ---------------------------------------------------------------------------


async def subscribe_complete_cycles(server: LiveServer, cycles: int) -> list[Request]:
    """``cycles`` subscribe / first message / complete cycles through the gql client,
    four on each connection (one of each subscription), ``PARALLEL`` connections at a
    time, half on each protocol; returns the subscriptions made."""
    requests = [subscription_request(n) for n in range(cycles)]
    per = len(SUBSCRIPTIONS)
    connections = [requests[i : i + per] for i in range(0, cycles, per)]
    for first in range(0, len(connections), PARALLEL):
        await asyncio.gather(*(
            _cycles(server, TRANSPORT_WS if n % 2 else LEGACY_WS, connections[n])
            for n in range(first, min(len(connections), first + PARALLEL))
        ))  # fmt: skip
    return requests


async def _cycles(server: LiveServer, protocol: str, requests: list[Request]) -> None:
    transport = WebsocketsTransport(url=websocket_url(server), subprotocols=[protocol])
    async with Client(transport=transport) as session:
        for request in requests:
            graphql = GraphQLRequest(request.document, variable_values=request.variables)
            stream = session.subscribe(graphql)
            await asyncio.wait_for(anext(stream), 15)
            await stream.aclose()  # sends `complete` (graphql-ws: `stop`)


async def abrupt_disconnects(server: LiveServer, count: int) -> list[Request]:
    """``count`` raw websockets, ``PARALLEL`` at a time, each subscribed up to its first
    message, then dropped without a close frame (by FIN or RST, on either protocol)."""
    requests = [subscription_request(n) for n in range(count)]

    async def one(n: int) -> None:
        protocol = TRANSPORT_WS if n % 2 else LEGACY_WS
        connection = await open_raw_subscription(server, requests[n], protocol)
        await drop(connection, reset=n % 4 < 2)

    for first in range(0, count, PARALLEL):
        await asyncio.gather(*(one(n) for n in range(first, min(count, first + PARALLEL))))
    return requests


async def open_raw_subscription(
    server: LiveServer, request: Request, protocol: str = TRANSPORT_WS
) -> ClientConnection:
    """A websocket with ``request`` subscribed and its first message received."""
    connection = await connect(websocket_url(server), subprotocols=[Subprotocol(protocol)])
    start = "subscribe" if protocol == TRANSPORT_WS else "start"
    payload = {"query": request.document, "variables": request.variables}
    await connection.send(json.dumps({"type": "connection_init"}))
    await _receive_type(connection, "connection_ack")
    await connection.send(json.dumps({"type": start, "id": "1", "payload": payload}))
    await _receive_type(connection, "next" if protocol == TRANSPORT_WS else "data")
    return connection


async def _receive_type(connection: ClientConnection, expected: str) -> None:
    while True:
        message = json.loads(await asyncio.wait_for(connection.recv(), 15))
        if message["type"] != "ka":  # graphql-ws keep-alives may come in between
            assert message["type"] == expected, message
            return


async def drop(connection: ClientConnection, *, reset: bool) -> None:
    """Drop the TCP connection without a close frame: a FIN, or an RST when ``reset``
    (SO_LINGER 0), as a crashed client or a lost network would."""
    transport = connection.transport
    if reset:
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    await connection.wait_closed()


# --- Load ------------------------------------------------------------------------------


class EventWriter(threading.Thread):
    """Emits events ``<prefix>tick`` numbered 0, 1, 2... in ``payload.n``, ``rate`` a
    second in batches of ``batch``, until ``stop()``. A failed batch is retried with
    the same event ids (stored once) and counted in ``failures``."""

    def __init__(self, url: str, prefix: str, rate: float = 200.0, batch: int = 10) -> None:
        super().__init__(daemon=True)
        self.url, self.prefix, self.rate, self.batch = url, prefix, rate, batch
        self.sent = 0
        """Events acknowledged by the server: exactly 0 .. sent - 1 are stored."""
        self.failures: list[str] = []
        self._stopping = threading.Event()

    def stop(self) -> int:
        """Stop after the batch in flight; return how many events were sent."""
        self._stopping.set()
        self.join(30)
        assert not self.is_alive(), "the writer did not stop"
        return self.sent

    def run(self) -> None:
        interval = self.batch / self.rate
        next_batch = time.monotonic()
        with httpx.Client(timeout=10) as http:
            while not self._stopping.is_set():
                numbers = range(self.sent, self.sent + self.batch)
                while not self._emit(http, numbers):
                    time.sleep(0.05)
                self.sent += self.batch
                next_batch += interval
                self._stopping.wait(max(0.0, next_batch - time.monotonic()))

    def _emit(self, http: httpx.Client, numbers: range) -> bool:
        events = [
            {"id": str(uuid.uuid5(uuid.NAMESPACE_OID, f"{self.prefix}{n}")),
             "event": f"{self.prefix}tick", "resource": {"flowql.resource.id": self.prefix},
             "payload": {"n": n}}
            for n in numbers
        ]  # fmt: skip
        try:
            response = http.post(self.url, json={"query": EMIT, "variables": {"e": events}})
            if response.json()["data"]["emitEvents"]["count"] == len(events):
                return True
            self.failures.append(response.text[:500])
        except (httpx.HTTPError, KeyError, TypeError, ValueError) as exc:
            self.failures.append(repr(exc))
        return False


# --- Redis's view ---------------------------------------------------------------------


async def redis_numsub_total(redis_url: str, channels: list[str]) -> int:
    """Subscriptions the Redis server at ``redis_url`` holds to ``channels``, all clients."""
    client = redis.Redis.from_url(redis_url)
    try:
        counts = await client.pubsub_numsub(*channels)
    finally:
        await client.aclose()
    return sum(int(count) for _, count in counts)


async def redis_subscriptions_of(pid: int, redis_url: str) -> int:
    """Channels and patterns the process ``pid`` has subscribed to on the Redis server
    at ``redis_url``, counted by Redis over the process's own connections (its local
    ports, from ``/proc``), so other clients of a shared Redis are not counted."""
    client = redis.Redis.from_url(redis_url)
    try:
        clients = await client.client_list()
    finally:
        await client.aclose()
    ports = _local_ports(pid)
    return sum(
        int(entry.get("sub", 0)) + int(entry.get("psub", 0))
        for entry in clients
        if int(entry["addr"].rsplit(":", 1)[1]) in ports
    )


def _local_ports(pid: int) -> set[int]:
    """Local TCP ports of the sockets process ``pid`` holds open (Linux ``/proc``)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().name
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    ports = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports
