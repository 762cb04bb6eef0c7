"""How the server serves the UI's build (``server/ui_files.py``), over plain HTTP:
files, the single-page-app fallback, 404s, the page shown without a build, and
what stays public when the API needs a key. Fake builds: no Node needed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from flowql.server.app import create_app
from flowql.settings import Settings

INDEX = "<!doctype html><title>app</title>"
GRAPHIQL = "<!doctype html><title>graphiql</title>"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    path = tmp_path / "dist"
    (path / "assets").mkdir(parents=True)
    (path / "index.html").write_text(INDEX)
    (path / "graphiql.html").write_text(GRAPHIQL)
    (path / "assets" / "main-abc123.js").write_text("console.log(1)")
    return path


async def client_for(settings: Settings, dist: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, ui_dist=dist)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def http(settings: Settings, dist: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for client in client_for(settings, dist):
        yield client


async def test_serves_the_app_and_falls_back_to_it_for_client_routes(
    http: httpx.AsyncClient,
) -> None:
    for path in ["/", "/runs", "/runs/5e0c9c1e-0000-0000-0000-000000000000", "/flows?x=1"]:
        response = await http.get(path)
        assert (response.status_code, response.text) == (200, INDEX), path
        assert response.headers["cache-control"] == "no-cache"
    asset = await http.get("/assets/main-abc123.js")
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]


async def test_missing_files_and_server_paths_are_404_not_the_app(
    http: httpx.AsyncClient,
) -> None:
    for path in ["/assets/gone-123.js", "/favicon.ico", "/graphiql/", "/health/x", "/stats/x"]:
        assert (await http.get(path)).status_code == 404, path
    assert (await http.post("/runs")).status_code == 405


async def test_graphiql_is_self_hosted_and_a_browser_on_graphql_goes_there(
    http: httpx.AsyncClient,
) -> None:
    page = await http.get("/graphiql")
    assert (page.status_code, page.text) == (200, GRAPHIQL)
    browser = await http.get("/graphql", headers={"Accept": "text/html"})
    assert (browser.status_code, browser.headers["location"]) == (302, "/graphiql")


async def test_without_a_build_pages_say_how_to_build_it(
    settings: Settings, tmp_path: Path
) -> None:
    async for http in client_for(settings, tmp_path / "no-build"):
        for path in ["/", "/runs", "/graphiql"]:
            response = await http.get(path)
            assert response.status_code == 200
            assert "make ui" in response.text
        assert (await http.get("/assets/main.js")).status_code == 404


async def test_with_an_api_key_the_ui_is_public_and_the_api_is_not(
    settings: Settings, dist: Path
) -> None:
    keyed = Settings(home=settings.home, api_url=None, database_url=None, api_key="secret")
    async for http in client_for(keyed, dist):
        for path in ["/", "/runs", "/graphiql", "/assets/main-abc123.js"]:
            assert (await http.get(path)).status_code == 200, path
        for path in ["/graphql", "/graphql/", "/stats"]:
            assert (await http.get(path)).status_code == 401, path
        assert (await http.post("/graphql", json={"query": "{ __typename }"})).status_code == 401


async def test_flowql_ui_dist_points_the_server_at_another_build(
    settings: Settings, dist: Path
) -> None:
    placed = Settings(home=settings.home, api_url=None, database_url=None, ui_dist=dist)
    transport = httpx.ASGITransport(app=create_app(placed))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        assert (await http.get("/")).text == INDEX
        assert (await http.get("/graphiql")).text == GRAPHIQL
