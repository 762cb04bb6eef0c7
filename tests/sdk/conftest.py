"""SDK fixtures: run flows in embedded mode (a fresh FLOWQL_HOME per test) or
against a real server on 127.0.0.1, and read back what was recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.servers import live_server


def _close_runtime() -> None:
    from flowql.sdk.engine.runtime import close_runtime

    close_runtime()


@pytest.fixture
def embedded(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Flows record into SQLite under a temporary FLOWQL_HOME, in-process."""
    monkeypatch.setenv("FLOWQL_HOME", str(home))
    for name in ("FLOWQL_API_URL", "FLOWQL_DATABASE_URL", "FLOWQL_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    _close_runtime()
    yield home
    _close_runtime()


@pytest.fixture(params=["embedded", "remote"])
def sdk_mode(
    request: pytest.FixtureRequest, home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Run the test once in embedded mode and once against a live server."""
    for name in ("FLOWQL_API_URL", "FLOWQL_DATABASE_URL", "FLOWQL_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    if request.param == "embedded":
        monkeypatch.setenv("FLOWQL_HOME", str(home))
        _close_runtime()
        yield "embedded"
        _close_runtime()
        return
    server_home = home / "server"
    server_home.mkdir()
    client_home = home / "client"
    client_home.mkdir()
    with live_server(server_home) as server:
        monkeypatch.setenv("FLOWQL_HOME", str(client_home))
        monkeypatch.setenv("FLOWQL_API_URL", server.graphql_url)
        _close_runtime()
        yield "remote"
        _close_runtime()


def query(document: str, variables: dict[str, Any] | None = None) -> Any:
    """Read through the same transport the SDK uses (embedded or remote, per env)."""
    from flowql.sdk.client.transport import transport_from_settings

    async def run() -> Any:
        transport = transport_from_settings()
        try:
            return await transport.execute(document, variables)
        finally:
            await transport.close()

    return asyncio.run(run())


FLOW_RUN = """
query($id: UUID!) {
  flowRun(id: $id) {
    id name runCount parameters tags stateType stateName totalRunTime
    flow { name parameterSchema }
    state { type name message }
    stateHistory(first: 200) { edges { node { type name } } }
    taskRuns(first: 200) {
      totalCount
      edges { node { id name taskKey dynamicKey runCount stateType stateName taskInputs
                     stateHistory(first: 50) { edges { node { type name } } } } }
    }
    subflowRuns(first: 200) { totalCount edges { node { id name stateType parentTaskRunId } } }
  }
}
"""

FLOW_RUNS = """
query($first: Int) {
  flowRuns(first: $first, orderBy: EXPECTED_START_TIME_ASC) {
    totalCount
    edges { node { id name stateType stateName runCount parentFlowRunId flow { name } } }
  }
}
"""


def flow_run(run_id: Any) -> Any:
    return query(FLOW_RUN, {"id": str(run_id)})["flowRun"]


def all_flow_runs() -> list[Any]:
    return [edge["node"] for edge in query(FLOW_RUNS, {"first": 200})["flowRuns"]["edges"]]


def history(node: Any) -> list[str]:
    return [edge["node"]["name"] for edge in node["stateHistory"]["edges"]]
