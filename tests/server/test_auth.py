"""With an API key, the web UI signs in once and its session cookie opens the API over
HTTP and websockets; without the key, the cookie or from another origin, nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import websockets
from tests.support.servers import LiveServer, live_server

from flowql.server.app import create_app
from flowql.server.auth import SESSION_COOKIE, session_token
from flowql.settings import Settings

KEY = "s3cret-key"
QUERY = {"query": "{ __typename }"}


@pytest.fixture
async def http(home: Path) -> AsyncIterator[httpx.AsyncClient]:
    keyed = Settings(home=home, api_url=None, database_url=None, api_key=KEY)
    transport = httpx.ASGITransport(app=create_app(keyed))
    async with httpx.AsyncClient(transport=transport, base_url="http://flowql.test") as client:
        yield client


async def test_signing_in_opens_the_api_and_signing_out_closes_it(
    http: httpx.AsyncClient,
) -> None:
    assert (await http.get("/auth/session")).json() == {"required": True, "authenticated": False}
    assert (await http.post("/graphql", json=QUERY)).status_code == 401

    answer = await http.post("/auth/session", json={"apiKey": KEY})
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and KEY not in cookie
    assert (await http.get("/auth/session")).json() == {"required": True, "authenticated": True}
    assert (await http.post("/graphql", json=QUERY)).json() == {"data": {"__typename": "Query"}}

    assert (await http.delete("/auth/session")).status_code == 204
    assert (await http.post("/graphql", json=QUERY)).status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"apiKey": "wrong"}, 401, "wrong API key"),
        ({"key": KEY}, 400, '{"apiKey": "..."}'),
        ([KEY], 400, '{"apiKey": "..."}'),
    ],
)
async def test_a_bad_sign_in_says_why_and_sets_nothing(
    http: httpx.AsyncClient, body: object, status: int, message: str
) -> None:
    answer = await http.post("/auth/session", json=body)
    assert answer.status_code == status
    assert message in answer.json()["errors"][0]["message"]
    assert "set-cookie" not in answer.headers


async def test_the_cookie_is_refused_from_another_origin(http: httpx.AsyncClient) -> None:
    http.cookies.set(SESSION_COOKIE, session_token(KEY))
    same = await http.post("/graphql", json=QUERY, headers={"origin": "http://flowql.test"})
    assert same.status_code == 200
    other = await http.post("/graphql", json=QUERY, headers={"origin": "http://evil.test"})
    assert other.status_code == 401
    signing_in = await http.post(
        "/auth/session", json={"apiKey": KEY}, headers={"origin": "http://evil.test"}
    )
    assert signing_in.status_code == 403


async def test_without_a_key_there_is_nothing_to_sign_in_to(home: Path) -> None:
    open_settings = Settings(home=home, api_url=None, database_url=None, api_key=None)
    transport = httpx.ASGITransport(app=create_app(open_settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://flowql.test") as http:
        status = (await http.get("/auth/session")).json()
        assert status == {"required": False, "authenticated": True}
        assert (await http.post("/auth/session", json={"apiKey": "x"})).status_code == 400


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("keyed"), FLOWQL_API_KEY=KEY) as server:
        yield server


async def _subscribe_typename(server: LiveServer, headers: dict[str, str]) -> str:
    url = server.graphql_url.replace("http://", "ws://")
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers
    ) as socket:
        await socket.send('{"type": "connection_init"}')
        return str(await socket.recv())


async def test_the_cookie_opens_websockets(keyed_server: LiveServer) -> None:
    cookie = {"cookie": f"{SESSION_COOKIE}={session_token(KEY)}"}
    assert "connection_ack" in await _subscribe_typename(keyed_server, cookie)
    own_origin = {**cookie, "origin": keyed_server.url}
    assert "connection_ack" in await _subscribe_typename(keyed_server, own_origin)
    refused = [{}, {"cookie": f"{SESSION_COOKIE}=forged"}, {**cookie, "origin": "http://evil.test"}]
    for headers in refused:
        with pytest.raises(websockets.exceptions.InvalidStatus) as rejected:
            await _subscribe_typename(keyed_server, headers)
        assert rejected.value.response.status_code == 403, headers
