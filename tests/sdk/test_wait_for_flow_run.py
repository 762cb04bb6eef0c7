"""``flowql.flow_runs.wait_for_flow_run`` (Prefect's) and the subscription client under it
(``flowql.sdk.client.subscriptions``): embedded (the subscription in-process, reading
the database) and against a real server (a websocket, resumed after a restart)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.cli.seed import Seeder
from tests.support.servers import free_port, live_server, restartable_server

from flowql.client.orchestration import FlowqlClient
from flowql.exceptions import FlowRunWaitTimeout, ObjectNotFound
from flowql.flow_runs import wait_for_flow_run
from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.operations import operation
from flowql.sdk.client.subscriptions import Reconnect, SubscriptionLost, subscribe
from flowql.sdk.client.transport import HttpTransport, transport_from_settings
from flowql.settings import Settings


@contextlib.asynccontextmanager
async def writer(settings: Settings | None = None) -> AsyncIterator[Seeder]:
    """Writes through its own transport (embedded or HTTP, as the environment says)."""
    transport = transport_from_settings(settings)
    try:
        yield Seeder(transport)
    finally:
        await transport.close()


async def new_run(seeder: Seeder) -> str:
    return await seeder.flow_run(await seeder.flow("waited"), "waited-run")


async def finish_soon(seeder: Seeder, run_id: str) -> None:
    await asyncio.sleep(0.3)
    await seeder.set_state(run_id, "RUNNING")
    await asyncio.sleep(0.1)
    await seeder.set_state(run_id, "COMPLETED", message="done")


@pytest.fixture
def state_logs() -> Iterator[list[str]]:
    """Messages logged on the ``flowql`` logger during the test."""
    messages: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("flowql").addHandler(handler)
    yield messages
    logging.getLogger("flowql").removeHandler(handler)


def remote(url: str, home: Path, api_key: str | None = None) -> Settings:
    return Settings(home=home, api_url=url, database_url=None, api_key=api_key)


def embedded(home: Path) -> Settings:
    """Writes straight to the database under ``home`` (a script in embedded mode)."""
    return Settings(home=home, api_url=None, database_url=None, api_key=None)


def watch(run_id: str = "") -> dict[str, Any]:
    return {"filter": {"id": {"any": [run_id or str(uuid.uuid4())]}}, "after": "HEAD"}


async def test_returns_the_run_once_it_is_over(sdk_mode: str, state_logs: list[str]) -> None:
    async with writer() as seeder:
        run_id = await new_run(seeder)
        finishing = asyncio.create_task(finish_soon(seeder, run_id))
        flow_run = await wait_for_flow_run(run_id, timeout=10, log_states=True)
        await finishing

    assert flow_run.id == uuid.UUID(run_id)
    assert flow_run.state is not None
    assert flow_run.state.is_completed()
    assert flow_run.state.message == "done"
    assert state_logs == ["Flow run is in state 'Running'", "Flow run is in state 'Completed'"]


async def test_a_finished_run_returns_at_once(sdk_mode: str) -> None:
    async with writer() as seeder:
        run_id = await new_run(seeder)
        await seeder.set_state(run_id, "RUNNING")
        await seeder.set_state(run_id, "FAILED", message="boom")

    started = time.monotonic()
    async with FlowqlClient() as client:
        flow_run = await wait_for_flow_run(uuid.UUID(run_id), client=client)
    assert flow_run.state is not None
    assert flow_run.state.is_failed()
    assert time.monotonic() - started < 2


async def test_times_out_with_flow_run_wait_timeout(sdk_mode: str) -> None:
    async with writer() as seeder:
        run_id = await new_run(seeder)

    started = time.monotonic()
    expected = f"Flow run with ID {run_id} exceeded watch timeout of 0.5 seconds"
    with pytest.raises(FlowRunWaitTimeout, match=expected):
        await wait_for_flow_run(run_id, timeout=0.5, poll_interval=0.1)
    assert 0.5 <= time.monotonic() - started < 3


async def test_an_unknown_run_is_not_found(sdk_mode: str) -> None:
    with pytest.raises(ObjectNotFound):
        await wait_for_flow_run(uuid.uuid4(), timeout=5)


async def test_the_api_key_goes_on_the_websocket_handshake(home: Path, tmp_path: Path) -> None:
    with live_server(home, FLOWQL_API_KEY="s3cret") as server:
        right = remote(server.graphql_url, tmp_path, api_key="s3cret")
        wrong = HttpTransport(remote(server.graphql_url, tmp_path, api_key="nope"))
        async with writer(right) as seeder:
            run_id = await new_run(seeder)
            finishing = asyncio.create_task(finish_soon(seeder, run_id))
            async with FlowqlClient(right) as client:
                flow_run = await wait_for_flow_run(run_id, timeout=10, client=client)
            await finishing
        refused = subscribe(wrong, operation("WatchFlowRuns"), watch())
        with pytest.raises(ApiError, match=r"refused the websocket: HTTP 403 \(is FLOWQL_API_KEY"):
            await anext(refused)
        await wrong.close()

    assert flow_run.state is not None
    assert flow_run.state.is_completed()


async def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/graphql"
    expected = rf"cannot open a websocket to the flowql API at ws{url[4:]}: ConnectionRefused"
    async with FlowqlClient(remote(url, tmp_path)) as client:
        with pytest.raises(ApiError, match=expected):
            await wait_for_flow_run(uuid.uuid4(), timeout=5, client=client)


async def test_a_restarted_server_is_resubscribed_after_the_last_cursor(
    home: Path, tmp_path: Path
) -> None:
    notes: list[str] = []
    with restartable_server(home) as server:
        settings = remote(server.graphql_url, tmp_path)
        async with writer(settings) as seeder, FlowqlClient(settings) as client:
            run_id = await new_run(seeder)
            updates = subscribe(
                client.transport, operation("WatchFlowRuns"), watch(run_id), notify=notes.append
            )
            async with contextlib.aclosing(updates):
                assert (await anext(updates))["flowRuns"] == []  # subscribed
                await seeder.set_state(run_id, "RUNNING")
                running = await anext(updates)
                await asyncio.to_thread(server.kill)
                async with writer(embedded(home)) as direct:  # while no server is up
                    await direct.set_state(run_id, "COMPLETED")
                await asyncio.to_thread(server.start)  # same database and port
                after_restart = [await anext(updates)]
                while not after_restart[-1]["flowRuns"]:  # the resumed subscription's first
                    after_restart.append(await anext(updates))

    assert [run["stateType"] for run in running["flowRuns"]] == ["RUNNING"]
    states = [run["stateType"] for message in after_restart for run in message["flowRuns"]]
    assert states == ["COMPLETED"]  # missed while down, not lost; RUNNING not sent again
    ws_url = f"ws://127.0.0.1:{server.port}/graphql"
    assert notes[0].startswith(f"lost the connection to {ws_url} (")
    assert notes[1:] == [f"reconnected to {ws_url}; resuming where it stopped"]


async def test_gives_up_when_the_server_stays_away(home: Path, tmp_path: Path) -> None:
    with restartable_server(home) as server:
        transport = HttpTransport(remote(server.graphql_url, tmp_path))
        policy = Reconnect(give_up_after=1.0)
        updates = subscribe(transport, operation("WatchFlowRuns"), watch(), reconnect=policy)
        async with contextlib.aclosing(updates):
            await anext(updates)
            await asyncio.to_thread(server.kill)
            expected = (
                rf"lost the connection to the flowql API at ws://127.0.0.1:{server.port}/graphql"
                r" and could not reconnect for \d+s; last error: ConnectionRefusedError"
            )
            with pytest.raises(SubscriptionLost, match=expected):
                await anext(updates)
        await transport.close()
