"""Dataloaders: nested fields cost a fixed number of statements; each parent gets its own page."""

from __future__ import annotations

from typing import Any

from api_factories import (
    create_flow,
    create_flow_run,
    create_logs,
    create_task_run,
    log,
    move_flow_run,
    set_task_run_state,
    state,
)
from tests.support.graphql import GraphQLClient
from tests.support.statements import recorded_selects

from flowql.db.database import Database
from flowql.services import flows, runs

MAX_SELECTS = 5
"""flowRuns page, flows by id, states by id, task run counts, state counts: one SELECT each."""

NESTED = """query($first: Int!) {
  flowRuns(first: $first) { edges { node {
    flow { name }
    state { type }
    taskRuns { totalCount }
    stateHistory { totalCount }
  } } }
}"""


async def test_statements_do_not_grow_with_the_page_size(db: Database, gql: GraphQLClient) -> None:
    flow = await flows.create_flow(db, name="etl")
    for _ in range(50):
        run, _ = await runs.create_flow_run(db, runs.FlowRunCreate(flow_id=flow.id))
        for key in ("extract", "transform", "load"):
            spec = runs.TaskRunCreate(flow_run_id=run.id, task_key=key, dynamic_key="0")
            await runs.create_task_run(db, spec)

    recorded: dict[int, list[str]] = {}
    for first in (5, 50):
        with recorded_selects(db) as statements:
            data = await gql(NESTED, {"first": first})
        nodes = [edge["node"] for edge in data["flowRuns"]["edges"]]
        assert len(nodes) == first
        assert all(node["flow"] == {"name": "etl"} for node in nodes)
        assert all(node["state"] == {"type": "PENDING"} for node in nodes)
        assert all(node["taskRuns"]["totalCount"] == 3 for node in nodes)
        assert all(node["stateHistory"]["totalCount"] == 1 for node in nodes)
        recorded[first] = statements

    assert len(recorded[5]) == len(recorded[50]), recorded
    assert len(recorded[50]) <= MAX_SELECTS, recorded[50]


async def seed_three_runs(gql: GraphQLClient) -> dict[str, dict[str, Any]]:
    """Runs "a" (no task runs), "b" (two) and "c" (five, two completed), with logs."""
    flow = await create_flow(gql, "etl")
    created = {name: await create_flow_run(gql, flow["id"], name=name) for name in "abc"}
    await move_flow_run(gql, created["b"]["id"], "RUNNING")
    await move_flow_run(gql, created["c"]["id"], "RUNNING", "COMPLETED")
    for i in range(2):
        await create_task_run(gql, created["b"]["id"], f"b{i}", name=f"b{i}")
    for i in range(5):
        task_run = await create_task_run(gql, created["c"]["id"], f"c{i}", name=f"c{i}")
        if i % 2:
            await set_task_run_state(gql, task_run["id"], state("COMPLETED"))
    await create_logs(gql, [
        log(1, "a1", flowRunId=created["a"]["id"]), log(2, "a2", flowRunId=created["a"]["id"]),
        log(3, "c1", flowRunId=created["c"]["id"]),
    ])  # fmt: skip
    return created


PER_PARENT = """{
  flowRuns(orderBy: NAME_ASC) { edges { node {
    name
    taskRuns(first: 2, orderBy: NAME_ASC) {
      totalCount pageInfo { hasNextPage } edges { node { name } }
    }
    done: taskRuns(filter: {state: {type: {any: [COMPLETED]}}}, orderBy: NAME_DESC) {
      totalCount edges { node { name } }
    }
    stateHistory(first: 1, orderBy: TIMESTAMP_DESC) {
      totalCount pageInfo { hasNextPage } edges { node { type } }
    }
    logs(first: 1, orderBy: TIMESTAMP_DESC) { totalCount edges { node { message } } }
  } } }
}"""


def names(connection: dict[str, Any], field: str = "name") -> list[str]:
    return [edge["node"][field] for edge in connection["edges"]]


async def test_nested_connections_page_per_parent(db: Database, gql: GraphQLClient) -> None:
    await seed_three_runs(gql)

    with recorded_selects(db) as statements:
        data = await gql(PER_PARENT)

    a, b, c = (edge["node"] for edge in data["flowRuns"]["edges"])
    assert [a["name"], b["name"], c["name"]] == ["a", "b", "c"]
    assert (names(a["taskRuns"]), a["taskRuns"]["totalCount"]) == ([], 0)
    assert (names(b["taskRuns"]), b["taskRuns"]["totalCount"]) == (["b0", "b1"], 2)
    assert (names(c["taskRuns"]), c["taskRuns"]["totalCount"]) == (["c0", "c1"], 5)
    assert [n["taskRuns"]["pageInfo"]["hasNextPage"] for n in (a, b, c)] == [False, False, True]
    assert [names(n["done"]) for n in (a, b, c)] == [[], [], ["c3", "c1"]]
    assert [n["done"]["totalCount"] for n in (a, b, c)] == [0, 0, 2]
    assert [names(n["stateHistory"], "type") for n in (a, b, c)] == [
        ["PENDING"], ["RUNNING"], ["COMPLETED"],
    ]  # fmt: skip
    assert [n["stateHistory"]["totalCount"] for n in (a, b, c)] == [1, 2, 3]
    assert [n["stateHistory"]["pageInfo"]["hasNextPage"] for n in (a, b, c)] == [
        False, True, True,
    ]  # fmt: skip
    assert [names(n["logs"], "message") for n in (a, b, c)] == [["a2"], [], ["c1"]]
    assert [n["logs"]["totalCount"] for n in (a, b, c)] == [2, 0, 1]
    assert len(statements) == 9, statements


async def test_nested_after_cursors_per_parent(gql: GraphQLClient) -> None:
    created = await seed_three_runs(gql)
    page = """query($b: UUID!, $c: UUID!, $afterB: String, $afterC: String) {
      b: flowRun(id: $b) { taskRuns(first: 2, after: $afterB, orderBy: NAME_ASC) {
        pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { name } } } }
      c: flowRun(id: $c) { taskRuns(first: 2, after: $afterC, orderBy: NAME_ASC) {
        pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { name } } } }
    }"""
    variables: dict[str, Any] = {"b": created["b"]["id"], "c": created["c"]["id"]}

    first = await gql(page, variables)
    variables["afterB"] = first["b"]["taskRuns"]["pageInfo"]["endCursor"]
    variables["afterC"] = first["c"]["taskRuns"]["pageInfo"]["endCursor"]
    second = await gql(page, variables)
    variables["afterC"] = second["c"]["taskRuns"]["pageInfo"]["endCursor"]
    third = await gql(page, variables)

    assert names(first["c"]["taskRuns"]) == ["c0", "c1"]
    assert names(second["b"]["taskRuns"]) == []
    assert second["b"]["taskRuns"]["pageInfo"]["hasPreviousPage"] is True
    assert names(second["c"]["taskRuns"]) == ["c2", "c3"]
    assert second["c"]["taskRuns"]["pageInfo"]["hasNextPage"] is True
    assert names(third["c"]["taskRuns"]) == ["c4"]
    assert third["c"]["taskRuns"]["pageInfo"]["hasNextPage"] is False


async def test_flow_runs_of_each_flow(gql: GraphQLClient) -> None:
    alpha = await create_flow(gql, "alpha")
    beta = await create_flow(gql, "beta")
    await create_flow(gql, "gamma")
    for name in ("a1", "a2", "a3"):
        await create_flow_run(gql, alpha["id"], name=name)
    await create_flow_run(gql, beta["id"], name="b1")

    data = await gql(
        "{ flows(orderBy: NAME_ASC) { edges { node { name "
        "flowRuns(first: 2, orderBy: NAME_DESC) { totalCount edges { node { name } } } } } } }"
    )
    got = {
        edge["node"]["name"]: (
            names(edge["node"]["flowRuns"]),
            edge["node"]["flowRuns"]["totalCount"],
        )
        for edge in data["flows"]["edges"]
    }
    assert got == {"alpha": (["a3", "a2"], 3), "beta": (["b1"], 1), "gamma": ([], 0)}


async def test_nested_connections_take_every_kind_of_filter(gql: GraphQLClient) -> None:
    alpha = await create_flow(gql, "alpha")
    beta = await create_flow(gql, "beta")
    parent = await create_flow_run(gql, alpha["id"], name="parent", tags=["p"])
    await move_flow_run(gql, parent["id"], "RUNNING")
    for i, (flow, tags) in enumerate([(alpha, ["x"]), (beta, ["x", "y"]), (beta, [])]):
        task_run = await create_task_run(gql, parent["id"], f"sub{i}", tags=tags)
        await create_flow_run(
            gql, flow["id"], name=f"sub{i}", tags=tags, parentTaskRunId=task_run["id"]
        )

    data = await gql(
        """query($parent: UUID!) {
          flowRun(id: $parent) {
            tagged: subflowRuns(filter: {tags: {any: ["y"]}}) { ...runs }
            ofBeta: subflowRuns(filter: {flow: {name: {any: ["beta"]}}}, orderBy: NAME_ASC) {
              ...runs
            }
            untagged: taskRuns(filter: {tags: {isNull: true}}) { ...tasks }
            both: taskRuns(filter: {tags: {all: ["x", "y"]}}) { ...tasks }
          }
          flows(orderBy: NAME_ASC) { edges { node { name
            flowRuns(filter: {tags: {all: ["x"]}, parentFlowRunId: {isNull: false}}) { ...runs }
          } } }
        }
        fragment runs on FlowRunConnection { totalCount edges { node { name } } }
        fragment tasks on TaskRunConnection {
          totalCount edges { node { name: taskKey } }
        }""",
        {"parent": parent["id"]},
    )
    run = data["flowRun"]
    assert (names(run["tagged"]), run["tagged"]["totalCount"]) == (["sub1"], 1)
    assert (names(run["ofBeta"]), run["ofBeta"]["totalCount"]) == (["sub1", "sub2"], 2)
    assert (names(run["untagged"]), run["untagged"]["totalCount"]) == (["sub2"], 1)
    assert (names(run["both"]), run["both"]["totalCount"]) == (["sub1"], 1)
    per_flow = {
        edge["node"]["name"]: (
            names(edge["node"]["flowRuns"]),
            edge["node"]["flowRuns"]["totalCount"],
        )
        for edge in data["flows"]["edges"]
    }
    assert per_flow == {"alpha": (["sub0"], 1), "beta": (["sub1"], 1)}
