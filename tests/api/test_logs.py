"""createLogs and reading logs back: per flow run, per task run and as a list."""

from __future__ import annotations

from api_factories import (
    LOG,
    create_flow,
    create_flow_run,
    create_logs,
    create_task_run,
    log,
    parse_time,
    unknown_id,
)
from tests.support.graphql import GraphQLClient


async def test_create_logs_stores_the_batch(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    flow_run = await create_flow_run(gql, flow["id"])
    task_run = await create_task_run(gql, flow_run["id"])
    batch = [
        log(2, "second", flowRunId=flow_run["id"], taskRunId=task_run["id"], level=40),
        log(1, "first", flowRunId=flow_run["id"], name="flowql.flow_runs"),
        log(3, "orphan", level=10),
    ]

    payload = await create_logs(gql, batch)

    assert payload == {"count": 3, "errors": []}
    data = await gql(
        f"""query($run: UUID!, $task: UUID!) {{
          flowRun(id: $run) {{ logs {{ totalCount edges {{ node {{ {LOG} }} }} }} }}
          taskRun(id: $task) {{ logs {{ edges {{ node {{ message }} }} }} }}
          logs(orderBy: TIMESTAMP_DESC) {{ edges {{ node {{ message }} }} }}
        }}""",
        {"run": flow_run["id"], "task": task_run["id"]},
    )
    run_logs = [edge["node"] for edge in data["flowRun"]["logs"]["edges"]]
    assert data["flowRun"]["logs"]["totalCount"] == 2
    assert [entry["message"] for entry in run_logs] == ["first", "second"]
    first, second = run_logs
    assert (first["name"], first["level"], first["levelName"]) == ("flowql.flow_runs", 20, "INFO")
    assert (first["flowRunId"], first["taskRunId"]) == (flow_run["id"], None)
    assert parse_time(first["timestamp"]) == parse_time(batch[1]["timestamp"])
    assert (second["levelName"], second["taskRunId"]) == ("ERROR", task_run["id"])
    assert data["taskRun"]["logs"]["edges"] == [{"node": {"message": "second"}}]
    assert [edge["node"]["message"] for edge in data["logs"]["edges"]] == [
        "orphan", "second", "first",
    ]  # fmt: skip


async def test_create_logs_with_an_unknown_run_stores_nothing(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    flow_run = await create_flow_run(gql, flow["id"])
    missing = unknown_id()
    missing_task = unknown_id()

    payload = await create_logs(
        gql, [log(1, flowRunId=flow_run["id"]), log(2, flowRunId=missing), log(3)]
    )
    task_payload = await create_logs(gql, [log(1, taskRunId=missing_task)])

    assert payload["count"] == 0
    [error] = payload["errors"]
    assert error["code"] == "NOT_FOUND"
    assert missing in error["message"]
    assert flow_run["id"] not in error["message"]
    assert error["field"] == ["logs"]
    [task_error] = task_payload["errors"]
    assert (task_error["code"], missing_task in task_error["message"]) == ("NOT_FOUND", True)
    data = await gql("{ logs { totalCount } }")
    assert data["logs"]["totalCount"] == 0


async def test_create_no_logs(gql: GraphQLClient) -> None:
    assert await create_logs(gql, []) == {"count": 0, "errors": []}
