"""Flows through GraphQL: create (idempotent by name), read, update, delete with cascade."""

from __future__ import annotations

from api_factories import (
    ERRORS,
    FLOW,
    create_flow,
    create_flow_run,
    create_logs,
    create_task_run,
    log,
    parse_time,
)
from tests.support.graphql import GraphQLClient


async def test_create_flow_returns_the_new_flow(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl", description="nightly load", tags=["prod", "etl", "prod"])

    assert flow["name"] == "etl"
    assert flow["description"] == "nightly load"
    assert flow["tags"] == ["prod", "etl"]
    assert parse_time(flow["created"]).utcoffset() is not None
    data = await gql(f"query($id: UUID!) {{ flow(id: $id) {{ {FLOW} }} }}", {"id": flow["id"]})
    assert data["flow"] == flow


async def test_create_flow_with_an_existing_name_updates_the_existing_flow(
    gql: GraphQLClient,
) -> None:
    first = await create_flow(gql, "etl", description="first", tags=["a"])
    second = await create_flow(gql, "etl", description="second", tags=["b"])
    third = await create_flow(gql, "etl")  # fields left out stay as they are

    assert second["id"] == third["id"] == first["id"]
    assert (third["description"], third["tags"]) == ("second", ["b"])
    data = await gql("{ flows { totalCount } }")
    assert data["flows"]["totalCount"] == 1


async def test_flow_by_name(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    await create_flow(gql, "other")

    data = await gql(
        'query { hit: flowByName(name: "etl") { id name } miss: flowByName(name: "ETL") { id } }'
    )
    assert data == {"hit": {"id": flow["id"], "name": "etl"}, "miss": None}


async def test_update_flow_changes_only_the_given_fields(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl", description="old", tags=["a"])
    update = f"mutation($input: UpdateFlowInput!) {{ updateFlow(input: $input) {{ flow {{ {FLOW} }} {ERRORS} }} }}"  # noqa: E501

    data = await gql(update, {"input": {"id": flow["id"], "tags": ["b", "c"]}})
    updated = data["updateFlow"]
    assert updated["errors"] == []
    assert updated["flow"]["tags"] == ["b", "c"]
    assert updated["flow"]["description"] == "old"
    assert parse_time(updated["flow"]["updated"]) > parse_time(flow["updated"])
    assert updated["flow"]["created"] == flow["created"]

    data = await gql(update, {"input": {"id": flow["id"], "description": "new"}})
    assert data["updateFlow"]["flow"]["description"] == "new"
    assert data["updateFlow"]["flow"]["tags"] == ["b", "c"]
    data = await gql("query($id: UUID!) { flow(id: $id) { description tags } }", {"id": flow["id"]})
    assert data["flow"] == {"description": "new", "tags": ["b", "c"]}


async def test_update_flow_without_changes_is_invalid_input(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    data = await gql(
        f"mutation($id: UUID!) {{ updateFlow(input: {{id: $id}}) {{ flow {{ id }} {ERRORS} }} }}",
        {"id": flow["id"]},
    )
    assert data["updateFlow"]["flow"] is None
    [error] = data["updateFlow"]["errors"]
    assert error["code"] == "INVALID_INPUT"
    assert "nothing to update" in error["message"]


async def test_delete_flow_cascades_to_its_runs_task_runs_and_logs(gql: GraphQLClient) -> None:
    doomed = await create_flow(gql, "doomed")
    kept = await create_flow(gql, "kept")
    doomed_run = await create_flow_run(gql, doomed["id"])
    task_run = await create_task_run(gql, doomed_run["id"])
    kept_run = await create_flow_run(gql, kept["id"])
    stored = await create_logs(
        gql,
        [
            log(1, flowRunId=doomed_run["id"], taskRunId=task_run["id"]),
            log(2, flowRunId=kept_run["id"]),
        ],
    )
    assert stored["count"] == 2

    data = await gql(
        f"mutation($id: UUID!) {{ deleteFlow(input: {{id: $id}}) {{ deletedId {ERRORS} }} }}",
        {"id": doomed["id"]},
    )
    assert data["deleteFlow"] == {"deletedId": doomed["id"], "errors": []}

    data = await gql(
        """query($flow: UUID!, $run: UUID!, $task: UUID!) {
          flow(id: $flow) { id }
          flowRun(id: $run) { id }
          taskRun(id: $task) { id }
          flows { edges { node { name } } }
          flowRuns { edges { node { id } } }
          taskRuns { totalCount }
          logs { edges { node { flowRunId } } }
        }""",
        {"flow": doomed["id"], "run": doomed_run["id"], "task": task_run["id"]},
    )
    assert data["flow"] is None
    assert data["flowRun"] is None
    assert data["taskRun"] is None
    assert data["flows"]["edges"] == [{"node": {"name": "kept"}}]
    assert data["flowRuns"]["edges"] == [{"node": {"id": kept_run["id"]}}]
    assert data["taskRuns"]["totalCount"] == 0
    assert data["logs"]["edges"] == [{"node": {"flowRunId": kept_run["id"]}}]


async def test_flow_lists_its_runs(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    other = await create_flow(gql, "other")
    runs = [await create_flow_run(gql, flow["id"], name=f"run-{i}") for i in range(3)]
    await create_flow_run(gql, other["id"])

    data = await gql(
        "query($id: UUID!) { flow(id: $id) { flowRuns(orderBy: NAME_ASC) { "
        "totalCount edges { node { id flow { name } } } } } }",
        {"id": flow["id"]},
    )
    connection = data["flow"]["flowRuns"]
    assert connection["totalCount"] == 3
    assert [edge["node"]["id"] for edge in connection["edges"]] == [run["id"] for run in runs]
    assert {edge["node"]["flow"]["name"] for edge in connection["edges"]} == {"etl"}
