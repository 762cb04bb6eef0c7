"""flowql_test_harness() / prefect_test_harness(): a fresh database per block,
the environment put back afterwards, the SDK runtime rebuilt on both sides."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from flowql.client.orchestration import get_client
from flowql.sdk.client.transport import transport_from_settings
from flowql.settings import Settings
from flowql.testing import flowql_test_harness, prefect_test_harness
from flowql.testing.utilities import prefect_test_harness as from_utilities

CREATE_FLOW = """
mutation($input: CreateFlowInput!) {
  createFlow(input: $input) { flow { id } errors { message } }
}"""


def create_flow(name: str) -> None:
    async def go() -> None:
        transport = transport_from_settings()
        try:
            payload: Any = await transport.execute(CREATE_FLOW, {"input": {"name": name}})
            assert not payload["createFlow"]["errors"]
        finally:
            await transport.close()

    asyncio.run(go())


def flow_names() -> list[str]:
    with get_client(sync_client=True) as client:
        return [flow.name for flow in client.read_flows()]


@pytest.fixture
def outer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user environment the harness must hide and then restore."""
    home = tmp_path / "outer"
    monkeypatch.setenv("FLOWQL_HOME", str(home))
    monkeypatch.setenv("FLOWQL_API_URL", "http://127.0.0.1:9/graphql")
    monkeypatch.setenv("FLOWQL_API_KEY", "secret")
    monkeypatch.delenv("FLOWQL_DATABASE_URL", raising=False)
    return home


def test_prefect_name_is_the_same_harness() -> None:
    assert prefect_test_harness is flowql_test_harness is from_utilities


def test_environment_is_set_inside_and_restored_after(outer: Path) -> None:
    before = dict(os.environ)
    with prefect_test_harness() as home:
        assert os.environ["FLOWQL_HOME"] == str(home) != str(outer)
        assert os.environ["FLOWQL_DATABASE_URL"] == f"sqlite+aiosqlite:///{home / 'flowql.db'}"
        assert "FLOWQL_API_URL" not in os.environ and "FLOWQL_API_KEY" not in os.environ
        settings = Settings()
        assert settings.api_url is None and settings.home == home
        assert home.is_dir()
    assert dict(os.environ) == before
    assert not home.exists()


def test_environment_is_restored_after_an_error(outer: Path) -> None:
    before = dict(os.environ)
    with pytest.raises(RuntimeError, match="boom"), flowql_test_harness():
        raise RuntimeError("boom")
    assert dict(os.environ) == before


def test_each_harness_has_a_new_database(outer: Path) -> None:
    with flowql_test_harness():
        assert flow_names() == []
        create_flow("first")
        assert flow_names() == ["first"]
    with flowql_test_harness():
        assert flow_names() == []
    assert not outer.exists()  # nothing was written to the user's home


def test_runtime_is_closed_on_enter_and_exit(outer: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On entry the old runtime goes (flushed to the user's database); on exit the
    harness's runtime goes while the harness settings are still in place."""
    runtime = pytest.importorskip(
        "flowql.sdk.engine.runtime", reason="the SDK runtime module is not there yet"
    )
    homes_at_close: list[str | None] = []
    monkeypatch.setattr(
        runtime, "close_runtime", lambda: homes_at_close.append(os.environ.get("FLOWQL_HOME"))
    )
    with flowql_test_harness() as home:
        assert homes_at_close == [str(outer)]
    assert homes_at_close == [str(outer), str(home)]


def test_flow_runs_inside_the_harness_are_read_back(outer: Path) -> None:
    pytest.importorskip("flowql.sdk.states", reason="the SDK states are not there yet")
    flows = pytest.importorskip("flowql.sdk.flows", reason="the SDK flows are not there yet")

    @flows.flow
    def add(x: int, y: int) -> int:
        return x + y

    with flowql_test_harness():
        assert add(1, 2) == 3
        with get_client(sync_client=True) as client:
            [run] = client.read_flow_runs()
            assert run.state is not None and run.state.is_completed()
            assert run.parameters == {"x": 1, "y": 2}
            assert client.read_flow(run.flow_id).name == "add"
