"""Subscriptions on a live server, through a real client (gql over websockets, both
protocols): replay after a cursor then tail, HEAD, resuming without gap or repeat,
writers in another process, and bad input."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from tests.support.servers import LiveServer, live_server

EVENTS = """
subscription($after: String, $filter: EventFilter) {
  events(after: $after, filter: $filter) {
    endCursor moreHistory live
    edges { node { event resource } }
  }
}
"""
FLOW_RUN_UPDATES = """
subscription($after: String, $filter: FlowRunFilter) {
  flowRunUpdates(after: $after, filter: $filter) {
    live deletedIds flowRuns { id name stateType flow { name } }
  }
}
"""
PROTOCOLS = [WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL, WebsocketsTransport.APOLLO_SUBPROTOCOL]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("live-home")) as running:
        yield running


def mutate(server: LiveServer, document: str, variables: dict[str, Any]) -> Any:
    body = httpx.post(server.graphql_url, json={"query": document, "variables": variables}).json()
    assert "errors" not in body, body
    return body["data"]


def new_flow_run(server: LiveServer, flow: str) -> str:
    flow_id = mutate(server, "mutation($n: String!) { createFlow(input: {name: $n}) "
                     "{ flow { id } } }", {"n": flow})["createFlow"]["flow"]["id"]  # fmt: skip
    created = mutate(
        server,
        "mutation($f: UUID!) { createFlowRun(input: {flowId: $f}) { flowRun { id } } }",
        {"f": flow_id},
    )
    return str(created["createFlowRun"]["flowRun"]["id"])


def set_state(server: LiveServer, run_id: str, state: str) -> None:
    mutate(
        server,
        "mutation($r: UUID!, $t: StateType!) { setFlowRunState(input: "
        "{flowRunId: $r, state: {type: $t}}) { status } }",
        {"r": run_id, "t": state},
    )


@pytest.fixture(params=PROTOCOLS)
async def session(request: pytest.FixtureRequest, server: LiveServer) -> AsyncIterator[Any]:
    url = server.graphql_url.replace("http://", "ws://")
    transport = WebsocketsTransport(url=url, subprotocols=[request.param])
    async with Client(transport=transport) as connected:
        yield connected


def subscribe(session: Any, document: str, **variables: Any) -> AsyncIterator[Any]:
    stream: AsyncIterator[Any] = session.subscribe(
        GraphQLRequest(document, variable_values=variables)
    )
    return stream


async def next_message(stream: AsyncIterator[Any]) -> Any:
    return await asyncio.wait_for(anext(stream), 15)


def names(message: dict[str, Any]) -> list[str]:
    return [edge["node"]["event"] for edge in message["events"]["edges"]]


async def test_events_replay_then_tail_and_resume_from_a_cursor(
    session: Any, server: LiveServer
) -> None:
    run_id = new_flow_run(server, "replayed")
    about = {"resourceId": [f"flowql.flow-run.{run_id}"]}
    stream = subscribe(session, EVENTS, filter=about)

    history = await next_message(stream)
    assert names(history) == ["flowql.flow-run.Pending"]
    assert (history["events"]["moreHistory"], history["events"]["live"]) == (False, False)
    set_state(server, run_id, "RUNNING")
    live = await next_message(stream)
    assert (names(live), live["events"]["live"]) == (["flowql.flow-run.Running"], True)
    await stream.aclose()

    set_state(server, run_id, "COMPLETED")  # while nobody listens
    cursor = live["events"]["endCursor"]
    resumed = subscribe(session, EVENTS, filter=about, after=cursor)
    missed = await next_message(resumed)
    assert names(missed) == ["flowql.flow-run.Completed"]
    await resumed.aclose()


async def test_head_skips_history(session: Any, server: LiveServer) -> None:
    run_id = new_flow_run(server, "headed")
    about = {"resourceId": [f"flowql.flow-run.{run_id}"]}
    stream = subscribe(session, EVENTS, filter=about, after="HEAD")

    first = await next_message(stream)
    set_state(server, run_id, "RUNNING")
    second = await next_message(stream)

    assert names(first) == []
    assert names(second) == ["flowql.flow-run.Running"]
    await stream.aclose()


async def test_flow_run_updates_follow_the_filter(session: Any, server: LiveServer) -> None:
    only = {"flow": {"name": {"any": ["watched"]}}}
    stream = subscribe(session, FLOW_RUN_UPDATES, filter=only, after="HEAD")
    await next_message(stream)  # caught up
    new_flow_run(server, "ignored")
    run_id = new_flow_run(server, "watched")
    set_state(server, run_id, "RUNNING")

    seen: list[tuple[str, str]] = []
    while ("watched", "RUNNING") not in seen:
        message = (await next_message(stream))["flowRunUpdates"]
        seen += [(run["flow"]["name"], run["stateType"]) for run in message["flowRuns"]]
    assert {flow for flow, _ in seen} == {"watched"}
    await stream.aclose()


async def test_a_flow_run_in_another_process_is_seen(session: Any, server: LiveServer) -> None:
    """An embedded-mode script on the server's database publishes no wake-up: the
    subscription finds its writes by reading on its own."""
    only = {"flow": {"name": {"any": ["elsewhere"]}}}
    stream = subscribe(session, FLOW_RUN_UPDATES, filter=only, after="HEAD")
    await next_message(stream)
    script = textwrap.dedent("""
        from flowql import flow
        @flow(name="elsewhere")
        def elsewhere():
            return 1
        elsewhere()
    """)
    env = {**os.environ, "FLOWQL_HOME": server.env["FLOWQL_HOME"]}
    env.pop("FLOWQL_API_URL", None)
    await asyncio.to_thread(
        subprocess.run, [sys.executable, "-c", script], env=env, check=True, timeout=60
    )

    states: list[str] = []
    while "COMPLETED" not in states:
        message = (await next_message(stream))["flowRunUpdates"]
        states += [run["stateType"] for run in message["flowRuns"]]
    await stream.aclose()


async def test_bad_input_is_an_error_not_a_crash(session: Any) -> None:
    stream = subscribe(session, EVENTS, after="garbage")
    with pytest.raises(TransportQueryError, match="is not a cursor of the event list"):
        await next_message(stream)
    unknown = subscribe(session, EVENTS, filter={"bogus": ["x"]})
    with pytest.raises(TransportQueryError, match="bogus"):
        await next_message(unknown)
    # The connection still serves other subscriptions.
    ok = subscribe(session, EVENTS, after="HEAD")
    assert names(await next_message(ok)) == []
    await ok.aclose()


TASK_RUN_UPDATES = """
subscription($flowRunId: UUID!, $after: String) {
  taskRunUpdates(flowRunId: $flowRunId, after: $after) {
    live taskRuns { name stateType }
  }
}
"""
LOGS = """
subscription($flowRunId: UUID!, $after: String) {
  logs(flowRunId: $flowRunId, after: $after) { endCursor live logs { message } }
}
"""
WATCHED_FLOW = textwrap.dedent("""
    import time
    from flowql import flow, task, get_run_logger

    @task
    def step(i):
        get_run_logger().info("step %d", i)
        time.sleep(0.3)
        return i

    @flow(name="watched-live")
    def watched():
        for i in range(3):
            step(i)

    watched()
""")


@pytest.mark.parametrize("writer", ["embedded", "remote"])
async def test_a_flow_in_another_process_is_watched_live(
    session: Any, server: LiveServer, writer: str
) -> None:
    runs = subscribe(session, FLOW_RUN_UPDATES, after="HEAD",
                     filter={"flow": {"name": {"any": ["watched-live"]}}})  # fmt: skip
    await next_message(runs)
    env = {**os.environ, "FLOWQL_HOME": server.env["FLOWQL_HOME"]}
    env.pop("FLOWQL_API_URL", None)
    if writer == "remote":
        env["FLOWQL_API_URL"] = server.graphql_url
    script = await asyncio.create_subprocess_exec(sys.executable, "-c", WATCHED_FLOW, env=env)
    try:
        run_id = await _first_flow_run_id(runs)
        tasks = subscribe(session, TASK_RUN_UPDATES, flowRunId=run_id)
        logs = subscribe(session, LOGS, flowRunId=run_id)
        completed = await _until(tasks, lambda m: [
            r["name"] for r in m["taskRunUpdates"]["taskRuns"] if r["stateType"] == "COMPLETED"
        ], 3)  # fmt: skip
        messages = await _until(logs, lambda m: [
            entry["message"] for entry in m["logs"]["logs"] if "step" in entry["message"]
        ], 3)  # fmt: skip
    finally:
        assert await asyncio.wait_for(script.wait(), 60) == 0
    assert sorted(set(completed)) == ["step-0", "step-1", "step-2"]
    assert [message.split(" - ")[-1] for message in messages[:3]] == ["step 0", "step 1", "step 2"]
    for stream in (runs, tasks, logs):
        await stream.aclose()


async def _first_flow_run_id(stream: AsyncIterator[Any]) -> str:
    while True:
        message = (await next_message(stream))["flowRunUpdates"]
        if message["flowRuns"]:
            return str(message["flowRuns"][0]["id"])


async def _until(stream: AsyncIterator[Any], pick: Any, count: int) -> list[str]:
    seen: list[str] = []
    while len(set(seen)) < count:
        seen += pick(await next_message(stream))
    return seen


async def test_a_client_event_under_a_run_prefix_does_not_break_updates(
    session: Any, server: LiveServer
) -> None:
    stream = subscribe(session, FLOW_RUN_UPDATES, after="HEAD",
                       filter={"flow": {"name": {"any": ["after-custom"]}}})  # fmt: skip
    await next_message(stream)
    mutate(
        server,
        "mutation($e: [EventInput!]!) { emitEvents(input: {events: $e}) { count } }",
        {"e": [{"event": "flowql.flow-run.custom", "resource": {"flowql.resource.id": "acme"}}]},
    )
    new_flow_run(server, "after-custom")

    names: list[str] = []
    while not names:
        message = (await next_message(stream))["flowRunUpdates"]
        names = [run["flow"]["name"] for run in message["flowRuns"]]
    assert names == ["after-custom"]
    await stream.aclose()


TASK_LOGS = """
subscription($flowRunId: UUID!, $taskRunId: UUID) {
  logs(flowRunId: $flowRunId, taskRunId: $taskRunId) { live logs { message taskRunId } }
}
"""
CREATE_TASK_RUN = """
mutation($r: UUID!, $k: String!) {
  createTaskRun(input: {flowRunId: $r, taskKey: $k, dynamicKey: "0"}) { taskRun { id } }
}
"""


def _log(server: LiveServer, run_id: str, task_run_id: str | None, message: str) -> None:
    entry = {"name": "t", "level": 20, "message": message, "timestamp": "2026-01-01T00:00:00Z",
             "flowRunId": run_id, "taskRunId": task_run_id}  # fmt: skip
    mutate(server, "mutation($l: [LogInput!]!) { createLogs(input: {logs: $l}) { count } }",
           {"l": [entry]})  # fmt: skip


async def test_logs_of_one_task_run(session: Any, server: LiveServer) -> None:
    run_id = new_flow_run(server, "task-logs")
    tasks = [
        mutate(server, CREATE_TASK_RUN, {"r": run_id, "k": key})["createTaskRun"]["taskRun"]["id"]
        for key in ("a", "b")
    ]
    _log(server, run_id, tasks[0], "a-before")
    _log(server, run_id, tasks[1], "b-before")
    _log(server, run_id, None, "flow-level")
    stream = subscribe(session, TASK_LOGS, flowRunId=run_id, taskRunId=tasks[1])
    history = (await next_message(stream))["logs"]
    assert [entry["message"] for entry in history["logs"]] == ["b-before"]
    _log(server, run_id, tasks[0], "a-after")
    _log(server, run_id, tasks[1], "b-after")
    seen: list[str] = []
    while "b-after" not in seen:
        seen += [entry["message"] for entry in (await next_message(stream))["logs"]["logs"]]
    assert seen == ["b-after"]
    await stream.aclose()
