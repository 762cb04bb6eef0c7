"""setFlowRunState / setTaskRunState: orchestration decisions and run bookkeeping via GraphQL.

The shared behaviour is checked for both kinds of run; state timestamps are
given explicitly (in the past) so times and durations are exact.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from api_factories import (
    STATE,
    at,
    create_flow,
    create_flow_run,
    create_task_run,
    move_flow_run,
    parse_time,
    set_flow_run_state,
    set_task_run_state,
    state,
)
from tests.support.graphql import GraphQLClient

from flowql.core.time import utcnow


@dataclass(frozen=True)
class Kind:
    """Flow runs or task runs, behind one interface."""

    name: str
    create: Callable[..., Awaitable[dict[str, Any]]]
    propose: Callable[..., Awaitable[dict[str, Any]]]
    run_key: str
    query: str


async def _flow_run(gql: GraphQLClient, **input: Any) -> dict[str, Any]:
    flow = await create_flow(gql, "etl")
    return await create_flow_run(gql, flow["id"], **input)


async def _task_run(gql: GraphQLClient, **input: Any) -> dict[str, Any]:
    flow = await create_flow(gql, "etl")
    flow_run = await create_flow_run(gql, flow["id"])
    await move_flow_run(gql, flow_run["id"], "RUNNING")
    return await create_task_run(gql, flow_run["id"], **input)


FLOW_RUNS = Kind("flow_run", _flow_run, set_flow_run_state, "flowRun", "flowRun")
TASK_RUNS = Kind("task_run", _task_run, set_task_run_state, "taskRun", "taskRun")


@pytest.fixture(params=[FLOW_RUNS, TASK_RUNS], ids=lambda kind: kind.name)
def kind(request: pytest.FixtureRequest) -> Kind:
    return request.param  # type: ignore[no-any-return]


async def history(gql: GraphQLClient, kind: Kind, run_id: str) -> list[dict[str, Any]]:
    data = await gql(
        f"query($id: UUID!) {{ run: {kind.query}(id: $id) {{ stateHistory {{ totalCount "
        f"edges {{ node {{ {STATE} }} }} }} }} }}",
        {"id": run_id},
    )
    connection = data["run"]["stateHistory"]
    assert connection["totalCount"] == len(connection["edges"])
    return [edge["node"] for edge in connection["edges"]]


async def test_accepted_states_keep_the_run_books(gql: GraphQLClient, kind: Kind) -> None:
    run = await kind.create(gql, state=state("PENDING", 0))

    running = await kind.propose(gql, run["id"], state("RUNNING", 10, message="go"))
    assert running["status"] == "ACCEPT"
    assert running["errors"] == []
    assert (running["state"]["type"], running["state"]["message"]) == ("RUNNING", "go")
    assert running[kind.run_key]["runCount"] == 1
    assert parse_time(running[kind.run_key]["startTime"]) == parse_time(at(10))
    assert running[kind.run_key]["stateType"] == "RUNNING"

    completed = await kind.propose(gql, run["id"], state("COMPLETED", 70, data={"ref": "s3://x"}))
    assert completed["status"] == "ACCEPT"
    assert completed["state"]["isTerminal"] is True
    assert completed["state"]["data"] == {"ref": "s3://x"}
    books = completed[kind.run_key]
    assert (books["stateType"], books["stateName"]) == ("COMPLETED", "Completed")
    assert books["runCount"] == 1
    assert parse_time(books["startTime"]) == parse_time(at(10))
    assert parse_time(books["endTime"]) == parse_time(at(70))
    assert books["totalRunTime"] == 60.0

    states = await history(gql, kind, run["id"])
    assert [s["type"] for s in states] == ["PENDING", "RUNNING", "COMPLETED"]
    assert [s["id"] for s in states[1:]] == [running["state"]["id"], completed["state"]["id"]]


async def test_reject_leaving_a_terminal_state(gql: GraphQLClient, kind: Kind) -> None:
    run = await kind.create(gql)
    await kind.propose(gql, run["id"], state("RUNNING"))
    completed = await kind.propose(gql, run["id"], state("COMPLETED"))

    payload = await kind.propose(gql, run["id"], state("RUNNING"))

    assert payload["status"] == "REJECT"
    assert "terminal" in payload["reason"]
    assert payload["state"]["id"] == completed["state"]["id"]
    assert payload[kind.run_key]["stateType"] == "COMPLETED"
    assert len(await history(gql, kind, run["id"])) == 3


async def test_abort_a_duplicate_running_proposal(gql: GraphQLClient, kind: Kind) -> None:
    run = await kind.create(gql)
    running = await kind.propose(gql, run["id"], state("RUNNING"))

    payload = await kind.propose(gql, run["id"], state("RUNNING"))

    assert payload["status"] == "ABORT"
    assert payload["reason"] == "The run is already running."
    assert payload["state"]["id"] == running["state"]["id"]
    assert payload[kind.run_key]["runCount"] == 1
    assert len(await history(gql, kind, run["id"])) == 2


async def test_wait_for_a_future_scheduled_time(gql: GraphQLClient, kind: Kind) -> None:
    due = utcnow() + timedelta(hours=1)
    run = await kind.create(gql, state=state("SCHEDULED", scheduledTime=due.isoformat()))

    payload = await kind.propose(gql, run["id"], state("PENDING"))

    assert payload["status"] == "WAIT"
    assert 3500 < payload["delaySeconds"] <= 3600
    assert payload["state"]["type"] == "SCHEDULED"
    assert parse_time(payload["state"]["scheduledTime"]) == due
    assert payload[kind.run_key]["stateType"] == "SCHEDULED"
    assert parse_time(payload[kind.run_key]["expectedStartTime"]) == due
    assert len(await history(gql, kind, run["id"])) == 1


async def test_force_skips_the_rules(gql: GraphQLClient, kind: Kind) -> None:
    run = await kind.create(gql)
    await kind.propose(gql, run["id"], state("RUNNING"))
    await kind.propose(gql, run["id"], state("COMPLETED"))

    payload = await kind.propose(gql, run["id"], state("RUNNING"), force=True)

    assert payload["status"] == "ACCEPT"
    assert payload["state"]["type"] == "RUNNING"
    assert payload[kind.run_key]["stateType"] == "RUNNING"
    assert payload[kind.run_key]["endTime"] is None
    assert payload[kind.run_key]["runCount"] == 2


async def test_transition_id_replay_returns_the_same_state(gql: GraphQLClient, kind: Kind) -> None:
    run = await kind.create(gql)
    first = await kind.propose(gql, run["id"], state("RUNNING"), transitionId="t-1")
    assert first["status"] == "ACCEPT"

    replay = await kind.propose(gql, run["id"], state("RUNNING"), transitionId="t-1")

    assert replay["status"] == "ACCEPT"
    assert replay["state"]["id"] == first["state"]["id"]
    assert replay[kind.run_key]["runCount"] == 1
    assert len(await history(gql, kind, run["id"])) == 2

    done = await kind.propose(gql, run["id"], state("COMPLETED"), transitionId="t-2")
    late_replay = await kind.propose(gql, run["id"], state("RUNNING"), transitionId="t-1")
    assert late_replay["state"]["id"] == first["state"]["id"]
    assert late_replay[kind.run_key]["stateType"] == "COMPLETED"
    assert [s["id"] for s in await history(gql, kind, run["id"])][1:] == [
        first["state"]["id"],
        done["state"]["id"],
    ]


async def test_failure_with_retries_left_becomes_awaiting_retry(
    gql: GraphQLClient, kind: Kind
) -> None:
    run = await kind.create(gql, retries=1, retryDelaySeconds=[30])
    await kind.propose(gql, run["id"], state("RUNNING"))
    before = utcnow()

    failed = await kind.propose(gql, run["id"], state("FAILED", message="boom"))

    # As in Prefect: FAILED is refused and AwaitingRetry written instead.
    assert failed["status"] == "REJECT"
    assert "retry" in failed["reason"].lower()
    retry = failed["state"]
    assert (retry["type"], retry["name"], retry["message"]) == (
        "SCHEDULED",
        "AwaitingRetry",
        "boom",
    )
    due = parse_time(retry["scheduledTime"])
    assert before + timedelta(seconds=30) <= due <= utcnow() + timedelta(seconds=30)
    books = failed[kind.run_key]
    assert (books["stateType"], books["stateName"]) == ("SCHEDULED", "AwaitingRetry")
    assert (books["runCount"], books["endTime"]) == (1, None)
    assert parse_time(books["expectedStartTime"]) == due

    too_early = await kind.propose(gql, run["id"], state("RUNNING"))
    assert too_early["status"] == "WAIT"
    assert 0 < too_early["delaySeconds"] <= 30


async def test_retries_run_out(gql: GraphQLClient, kind: Kind) -> None:
    run = await kind.create(gql, retries=1)
    await kind.propose(gql, run["id"], state("RUNNING"))
    first_failure = await kind.propose(gql, run["id"], state("FAILED"))
    assert first_failure["state"]["name"] == "AwaitingRetry"

    rerun = await kind.propose(gql, run["id"], state("RUNNING"))
    assert (rerun["status"], rerun["state"]["name"]) == ("ACCEPT", "Retrying")
    assert rerun[kind.run_key]["runCount"] == 2

    final = await kind.propose(gql, run["id"], state("FAILED"))
    assert final["status"] == "ACCEPT"
    assert (final["state"]["type"], final["state"]["name"]) == ("FAILED", "Failed")
    assert final[kind.run_key]["endTime"] is not None
    names = [s["name"] for s in await history(gql, kind, run["id"])]
    assert names == ["Pending", "Running", "AwaitingRetry", "Retrying", "Failed"]


async def test_task_run_cannot_start_while_its_flow_run_is_not_running(
    gql: GraphQLClient,
) -> None:
    flow = await create_flow(gql, "etl")
    flow_run = await create_flow_run(gql, flow["id"])
    task_run = await create_task_run(gql, flow_run["id"])

    payload = await set_task_run_state(gql, task_run["id"], state("RUNNING"))

    assert payload["status"] == "ABORT"
    assert "PENDING" in payload["reason"]
    assert payload["taskRun"]["stateType"] == "PENDING"
