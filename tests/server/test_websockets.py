"""GraphQL over websockets on /graphql: graphql-transport-ws and the legacy graphql-ws.

Queries over a socket work on the new protocol and get a clear refusal on the
legacy one, and protocol errors are answered correctly: a subscription before
``connection_init`` is refused on both (subscriptions themselves:
test_subscriptions.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.support.servers import LiveServer, live_server
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect
from websockets.typing import Subprotocol

QUERY = "{ flows(first: 1) { totalCount } }"
SUBSCRIPTION = 'subscription { events(after: "HEAD") { endCursor } }'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("ws-home")
    with live_server(home) as running:
        yield running


def _url(server: LiveServer) -> str:
    return server.graphql_url.replace("http://", "ws://")


def _receive(socket: Any) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(socket.recv(timeout=10))
    return message


def test_query_over_graphql_transport_ws(server: LiveServer) -> None:
    with connect(_url(server), subprotocols=[Subprotocol("graphql-transport-ws")]) as socket:
        socket.send(json.dumps({"type": "connection_init"}))
        assert _receive(socket)["type"] == "connection_ack"
        socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": QUERY}}))
        assert _receive(socket) == {
            "type": "next", "id": "1", "payload": {"data": {"flows": {"totalCount": 0}}},
        }  # fmt: skip
        assert _receive(socket) == {"type": "complete", "id": "1"}


def test_legacy_graphql_ws_explains_it_carries_subscriptions_only(server: LiveServer) -> None:
    with connect(_url(server), subprotocols=[Subprotocol("graphql-ws")]) as socket:
        socket.send(json.dumps({"type": "connection_init"}))
        assert _receive(socket)["type"] == "connection_ack"
        socket.send(json.dumps({"type": "start", "id": "1", "payload": {"query": QUERY}}))
        answer = _receive(socket)
    assert (answer["type"], answer["id"]) == ("error", "1")
    assert "queries are not allowed" in answer["payload"]["message"]
    assert "subscriptions only" in answer["payload"]["message"]
    assert answer["payload"]["extensions"] == {"code": "OPERATION_NOT_ALLOWED"}


@pytest.mark.parametrize(
    ("protocol", "start"), [("graphql-transport-ws", "subscribe"), ("graphql-ws", "start")]
)
def test_a_subscription_before_connection_init_is_refused(
    server: LiveServer, protocol: str, start: str
) -> None:
    """graphql-transport-ws requires close code 4401 (Unauthorized) for a subscribe
    before the connection is acknowledged; the legacy graphql-ws names no code, and
    the server closes the same way. No message comes first, nothing is subscribed."""
    with connect(_url(server), subprotocols=[Subprotocol(protocol)]) as socket:
        socket.send(json.dumps({"type": start, "id": "1", "payload": {"query": SUBSCRIPTION}}))
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "Unauthorized")
    stats = httpx.get(f"{server.url}/stats").json()
    assert stats["bus"]["local_subscribers"] == 0
