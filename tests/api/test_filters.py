"""The ``filter`` argument of every list, on both backends.

Each test seeds a small, varied data set once and then checks many filters
against it: the rows returned (by label) and ``totalCount``.
"""

from __future__ import annotations

from typing import Any

from api_factories import (
    at,
    create_flow,
    create_flow_run,
    create_logs,
    create_task_run,
    log,
    set_flow_run_state,
    set_task_run_state,
    state,
)
from tests.support.graphql import GraphQLClient

Cases = list[tuple[dict[str, Any], set[str]]]


async def check_filters(
    gql: GraphQLClient, field: str, filter_type: str, labels: dict[str, str], cases: Cases
) -> None:
    """Run each ``(filter, expected labels)`` case against ``field``."""
    query = (
        f"query($filter: {filter_type}) {{ {field}(filter: $filter, first: 200) {{ "
        "totalCount edges { node { id } } } }"
    )
    by_id = {row_id: label for label, row_id in labels.items()}
    failures = []
    for filter, expected in cases:
        connection = (await gql(query, {"filter": filter}))[field]
        found = {by_id[edge["node"]["id"]] for edge in connection["edges"]}
        if found != expected or connection["totalCount"] != len(expected):
            failures.append(f"{filter}: got {sorted(found)} ({connection['totalCount']}), "
                            f"expected {sorted(expected)}")  # fmt: skip
    assert not failures, "\n".join(failures)


async def test_flow_filters(gql: GraphQLClient) -> None:
    flows = {
        "daily": await create_flow(gql, "etl-daily", tags=["prod", "etl"]),
        "weekly": await create_flow(gql, "ETL_weekly", tags=["prod"]),
        "report": await create_flow(gql, "report"),
        "percent": await create_flow(gql, "100%_done", tags=["dev"]),
    }
    labels = {label: flow["id"] for label, flow in flows.items()}
    everything = set(labels)

    await check_filters(gql, "flows", "FlowFilter", labels, [
        ({}, everything),
        ({"id": {"any": [labels["daily"], labels["report"]]}}, {"daily", "report"}),
        ({"id": {"notAny": [labels["daily"]]}}, everything - {"daily"}),
        ({"id": {"any": []}}, set()),
        ({"name": {"any": ["report", "nope"]}}, {"report"}),
        ({"name": {"notAny": ["report"]}}, everything - {"report"}),
        ({"name": {"like": "etl"}}, {"daily", "weekly"}),
        ({"name": {"like": "EPO"}}, {"report"}),
        ({"name": {"like": "l_d"}}, set()),
        ({"name": {"like": "l_w"}}, {"weekly"}),
        ({"name": {"like": "%"}}, {"percent"}),
        ({"name": {"like": "0%_"}}, {"percent"}),
        ({"tags": {"all": ["prod", "etl"]}}, {"daily"}),
        ({"tags": {"all": ["prod"]}}, {"daily", "weekly"}),
        ({"tags": {"any": ["etl", "dev"]}}, {"daily", "percent"}),
        ({"tags": {"isNull": True}}, {"report"}),
        ({"tags": {"isNull": False}}, everything - {"report"}),
        ({"name": {"like": "etl"}, "tags": {"all": ["etl"]}}, {"daily"}),
    ])  # fmt: skip


async def seed_flow_runs(gql: GraphQLClient) -> dict[str, str]:
    """Five runs of two flows in different states; "child" is a subflow of "orders"."""
    alpha = await create_flow(gql, "alpha")
    beta = await create_flow(gql, "beta")
    users = await create_flow_run(gql, alpha["id"], name="load-users", tags=["a", "b"],
                                  state=state("PENDING", 0))  # fmt: skip
    await set_flow_run_state(gql, users["id"], state("RUNNING", 10))
    await set_flow_run_state(gql, users["id"], state("COMPLETED", 20))
    orders = await create_flow_run(gql, alpha["id"], name="load_orders", tags=["a"],
                                   state=state("PENDING", 0))  # fmt: skip
    await set_flow_run_state(gql, orders["id"], state("RUNNING", 30))
    report = await create_flow_run(gql, beta["id"], name="Report",
                                   state=state("SCHEDULED", 0, scheduledTime=at(100)))  # fmt: skip
    cleanup = await create_flow_run(gql, beta["id"], name="cleanup", tags=["b"],
                                    state=state("PENDING", 0))  # fmt: skip
    await set_flow_run_state(gql, cleanup["id"], state("RUNNING", 40))
    await set_flow_run_state(gql, cleanup["id"], state("FAILED", 50))
    parent_task = await create_task_run(gql, orders["id"], "subflow")
    child = await create_flow_run(gql, beta["id"], name="child", parentTaskRunId=parent_task["id"])
    runs = {"users": users, "orders": orders, "report": report, "cleanup": cleanup, "child": child}
    return {label: run["id"] for label, run in runs.items()}


async def test_flow_run_filters(gql: GraphQLClient) -> None:
    labels = await seed_flow_runs(gql)
    everything = set(labels)

    await check_filters(gql, "flowRuns", "FlowRunFilter", labels, [
        ({}, everything),
        ({"id": {"any": [labels["users"], labels["report"]]}}, {"users", "report"}),
        ({"id": {"notAny": [labels["users"]]}}, everything - {"users"}),
        ({"name": {"any": ["Report"]}}, {"report"}),
        ({"name": {"any": ["report"]}}, set()),
        ({"name": {"like": "LOAD"}}, {"users", "orders"}),
        ({"name": {"like": "d_u"}}, set()),
        ({"name": {"like": "d_o"}}, {"orders"}),
        ({"tags": {"all": ["a", "b"]}}, {"users"}),
        ({"tags": {"any": ["b"]}}, {"users", "cleanup"}),
        ({"tags": {"isNull": True}}, {"report", "child"}),
        ({"state": {"type": {"any": ["RUNNING"]}}}, {"orders"}),
        ({"state": {"type": {"any": ["COMPLETED", "FAILED"]}}}, {"users", "cleanup"}),
        ({"state": {"type": {"notAny": ["PENDING", "SCHEDULED"]}}}, {"users", "orders", "cleanup"}),
        ({"state": {"name": {"any": ["Failed"]}}}, {"cleanup"}),
        ({"state": {"name": {"like": "sched"}}}, {"report"}),
        ({"startTime": {"after": at(25)}}, {"orders", "cleanup"}),
        ({"startTime": {"before": at(30)}}, {"users", "orders"}),
        ({"startTime": {"after": at(10), "before": at(30)}}, {"users", "orders"}),
        ({"startTime": {"isNull": True}}, {"report", "child"}),
        ({"endTime": {"after": at(20)}}, {"users", "cleanup"}),
        ({"endTime": {"before": at(49)}}, {"users"}),
        ({"expectedStartTime": {"before": at(100)}}, {"report"}),
        ({"parentFlowRunId": {"isNull": True}}, everything - {"child"}),
        ({"parentFlowRunId": {"any": [labels["orders"]]}}, {"child"}),
        ({"parentTaskRunId": {"isNull": False}}, {"child"}),
        ({"flow": {"name": {"any": ["alpha"]}}}, {"users", "orders"}),
        ({"flow": {"name": {"like": "ET"}}}, {"report", "cleanup", "child"}),
        ({"flow": {"name": {"any": ["alpha"]}}, "state": {"type": {"any": ["RUNNING"]}}},
         {"orders"}),
    ])  # fmt: skip


async def test_task_run_filters(gql: GraphQLClient) -> None:
    runs = await seed_flow_runs(gql)
    extract = await create_task_run(gql, runs["orders"], "extract", state=state("PENDING", 0))
    await set_task_run_state(gql, extract["id"], state("RUNNING", 35))
    await set_task_run_state(gql, extract["id"], state("COMPLETED", 45))
    transform = await create_task_run(gql, runs["orders"], "transform", name="Transform-Sales")
    load = await create_task_run(gql, runs["orders"], "load", tags=["x"])
    earlier = await create_task_run(gql, runs["users"], "extract")
    elsewhere = await create_task_run(gql, runs["cleanup"], "extract", cacheKey="c1")
    tasks = {"extract": extract, "transform": transform, "load": load, "earlier": earlier,
             "elsewhere": elsewhere}  # fmt: skip
    data = await gql(
        '{ taskRuns(filter: {taskKey: {any: ["subflow"]}}) { edges { node { id } } } }'
    )
    labels = {label: task["id"] for label, task in tasks.items()}
    labels["subflow"] = data["taskRuns"]["edges"][0]["node"]["id"]
    everything = set(labels)

    await check_filters(gql, "taskRuns", "TaskRunFilter", labels, [
        ({}, everything),
        ({"flowRunId": {"any": [runs["orders"]]}}, {"extract", "transform", "load", "subflow"}),
        ({"flowRunId": {"notAny": [runs["orders"]]}}, {"earlier", "elsewhere"}),
        ({"flowRun": {"name": {"like": "users"}}}, {"earlier"}),
        ({"flowRun": {"flow": {"name": {"any": ["alpha"]}}}}, everything - {"elsewhere"}),
        ({"flowRun": {"state": {"type": {"any": ["FAILED"]}}}}, {"elsewhere"}),
        ({"state": {"type": {"any": ["COMPLETED"]}}}, {"extract"}),
        ({"state": {"type": {"notAny": ["PENDING"]}}}, {"extract"}),
        ({"taskKey": {"any": ["extract"]}}, {"extract", "earlier", "elsewhere"}),
        ({"name": {"like": "sales"}}, {"transform"}),
        ({"tags": {"all": ["x"]}}, {"load"}),
        ({"tags": {"isNull": False}}, {"load"}),
        ({"cacheKey": {"any": ["c1"]}}, {"elsewhere"}),
        ({"startTime": {"isNull": False}}, {"extract"}),
        ({"endTime": {"after": at(45), "before": at(45)}}, {"extract"}),
    ])  # fmt: skip


async def test_log_filters(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    run = await create_flow_run(gql, flow["id"])
    other_run = await create_flow_run(gql, flow["id"])
    task_run = await create_task_run(gql, run["id"])
    entries = {
        "debug": log(1, "starting", level=10, flowRunId=run["id"]),
        "info": log(2, "50% done", level=20, flowRunId=run["id"], taskRunId=task_run["id"]),
        "warning": log(3, "slow", level=30, flowRunId=other_run["id"], name="flowql.task_runs"),
        "error": log(4, "failed: 100% cpu", level=40, taskRunId=task_run["id"]),
        "critical": log(5, "dead", level=50),
    }
    await create_logs(gql, list(entries.values()))
    data = await gql("{ logs(first: 200) { edges { node { id message } } } }")
    by_message = {edge["node"]["message"]: edge["node"]["id"] for edge in data["logs"]["edges"]}
    labels = {label: by_message[entry["message"]] for label, entry in entries.items()}
    everything = set(labels)

    await check_filters(gql, "logs", "LogFilter", labels, [
        ({}, everything),
        ({"level": {"ge": 30}}, {"warning", "error", "critical"}),
        ({"level": {"le": 20}}, {"debug", "info"}),
        ({"level": {"ge": 20, "le": 40}}, {"info", "warning", "error"}),
        ({"level": {"ge": 51}}, set()),
        ({"flowRunId": {"any": [run["id"]]}}, {"debug", "info"}),
        ({"flowRunId": {"isNull": True}}, {"error", "critical"}),
        ({"taskRunId": {"any": [task_run["id"]]}}, {"info", "error"}),
        ({"taskRunId": {"isNull": True}}, {"debug", "warning", "critical"}),
        ({"timestamp": {"after": at(2), "before": at(4)}}, {"info", "warning", "error"}),
        ({"timestamp": {"before": at(1)}}, {"debug"}),
        ({"name": {"any": ["flowql.task_runs"]}}, {"warning"}),
        ({"message": {"like": "0%"}}, {"info", "error"}),
        ({"message": {"like": "0% d"}}, {"info"}),
        ({"message": {"like": "DEAD"}}, {"critical"}),
    ])  # fmt: skip
