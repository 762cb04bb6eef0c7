"""Task runs through GraphQL: create (idempotent by flow run, task key, dynamic key), read."""

from __future__ import annotations

from api_factories import (
    TASK_RUN,
    at,
    create_flow,
    create_flow_run,
    create_task_run,
    create_task_run_payload,
    move_flow_run,
    parse_time,
)
from tests.support.graphql import GraphQLClient


async def test_create_task_run_defaults(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    flow_run = await create_flow_run(gql, flow["id"])
    await move_flow_run(gql, flow_run["id"], "RUNNING")

    payload = await create_task_run_payload(
        gql, flowRunId=flow_run["id"], taskKey="extract-1a2b", dynamicKey="0"
    )

    assert payload["created"] is True
    assert payload["errors"] == []
    task_run = payload["taskRun"]
    assert task_run["name"] == "extract-1a2b"
    assert task_run["flowRunId"] == flow_run["id"]
    assert (task_run["taskKey"], task_run["dynamicKey"]) == ("extract-1a2b", "0")
    assert task_run["flowRunRunCount"] == 1
    assert (task_run["stateType"], task_run["stateName"]) == ("PENDING", "Pending")
    assert (task_run["runCount"], task_run["retries"]) == (0, 0)
    assert task_run["taskInputs"] == {}
    explicit_null = await create_task_run(gql, flow_run["id"], "other", taskInputs=None)
    assert explicit_null["taskInputs"] == {}
    assert task_run["cacheKey"] is None


async def test_create_task_run_with_every_field(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    flow_run = await create_flow_run(gql, flow["id"])
    inputs = {"x": [{"input_type": "task_run", "id": "abc"}]}

    task_run = await create_task_run(
        gql,
        flow_run["id"],
        "load",
        dynamicKey="3",
        name="load-3",
        tags=["db", "db", "io"],
        cacheKey="k1",
        cacheExpiration=at(3600),
        taskInputs=inputs,
        retries=3,
        retryDelaySeconds=[1, 2],
        retryJitterFactor=0.5,
    )

    data = await gql(
        f"query($id: UUID!) {{ taskRun(id: $id) {{ {TASK_RUN} cacheExpiration "
        "flowRun { id } state { type } } }",
        {"id": task_run["id"]},
    )
    stored = data["taskRun"]
    assert stored["name"] == "load-3"
    assert stored["tags"] == ["db", "io"]
    assert stored["cacheKey"] == "k1"
    assert parse_time(stored["cacheExpiration"]) == parse_time(at(3600))
    assert stored["taskInputs"] == inputs
    assert (stored["retries"], stored["retryDelaySeconds"]) == (3, [1.0, 2.0])
    assert stored["flowRun"] == {"id": flow_run["id"]}
    assert stored["state"] == {"type": "PENDING"}


async def test_create_task_run_is_idempotent_by_flow_run_task_key_and_dynamic_key(
    gql: GraphQLClient,
) -> None:
    flow = await create_flow(gql, "etl")
    flow_run = await create_flow_run(gql, flow["id"])
    other_run = await create_flow_run(gql, flow["id"])
    key = {"flowRunId": flow_run["id"], "taskKey": "extract", "dynamicKey": "0"}

    first = await create_task_run_payload(gql, **key)
    again = await create_task_run_payload(gql, **key, name="renamed", tags=["x"])
    next_call = await create_task_run_payload(gql, **{**key, "dynamicKey": "1"})
    other_task = await create_task_run_payload(gql, **{**key, "taskKey": "load"})
    other_flow_run = await create_task_run_payload(gql, **{**key, "flowRunId": other_run["id"]})

    assert (first["created"], again["created"]) == (True, False)
    assert again["taskRun"]["id"] == first["taskRun"]["id"]
    assert (again["taskRun"]["name"], again["taskRun"]["tags"]) == ("extract", [])
    created = [next_call, other_task, other_flow_run]
    assert [payload["created"] for payload in created] == [True, True, True]
    assert len({first["taskRun"]["id"], *(p["taskRun"]["id"] for p in created)}) == 4
    data = await gql(
        "query($id: UUID!) { flowRun(id: $id) { taskRuns(orderBy: NAME_ASC) { totalCount "
        "edges { node { taskKey dynamicKey } } } } }",
        {"id": flow_run["id"]},
    )
    edges = data["flowRun"]["taskRuns"]["edges"]
    assert data["flowRun"]["taskRuns"]["totalCount"] == 3
    assert sorted((e["node"]["taskKey"], e["node"]["dynamicKey"]) for e in edges) == [
        ("extract", "0"), ("extract", "1"), ("load", "0"),
    ]  # fmt: skip


async def test_task_run_without_a_flow_run(gql: GraphQLClient) -> None:
    first = await create_task_run_payload(gql, flowRunId=None, taskKey="solo", dynamicKey="0")
    second = await create_task_run_payload(gql, flowRunId=None, taskKey="solo", dynamicKey="0")

    assert (first["created"], second["created"]) == (True, True)
    assert first["taskRun"]["id"] != second["taskRun"]["id"]
    data = await gql(
        "query($id: UUID!) { taskRun(id: $id) { flowRunId flowRun { id } } }",
        {"id": first["taskRun"]["id"]},
    )
    assert data["taskRun"] == {"flowRunId": None, "flowRun": None}
