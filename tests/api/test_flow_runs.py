"""Flow runs through GraphQL: create (idempotent by key), subflows, read, delete."""

from __future__ import annotations

import re

from api_factories import (
    ERRORS,
    FLOW_RUN,
    at,
    create_flow,
    create_flow_run,
    create_flow_run_payload,
    create_logs,
    create_task_run,
    log,
    parse_time,
    state,
)
from tests.support.graphql import GraphQLClient

DELETE_FLOW_RUN = (
    f"mutation($id: UUID!) {{ deleteFlowRun(input: {{id: $id}}) {{ deletedId {ERRORS} }} }}"
)


async def test_create_flow_run_defaults(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")

    payload = await create_flow_run_payload(gql, flowId=flow["id"])

    assert payload["created"] is True
    assert payload["errors"] == []
    run = payload["flowRun"]
    assert re.fullmatch(r"[a-z]+-[a-z]+", run["name"]), run["name"]
    assert run["flowId"] == flow["id"]
    assert run["parameters"] == {}
    assert run["tags"] == []
    assert run["idempotencyKey"] is None
    assert (run["stateType"], run["stateName"]) == ("PENDING", "Pending")
    assert (run["runCount"], run["totalRunTime"]) == (0, 0.0)
    assert (run["startTime"], run["endTime"]) == (None, None)
    assert run["expectedStartTime"] is not None
    assert (run["parentTaskRunId"], run["parentFlowRunId"]) == (None, None)
    assert (run["retries"], run["retryDelaySeconds"]) == (0, [])
    explicit_null = await create_flow_run(gql, flow["id"], parameters=None)
    assert explicit_null["parameters"] == {}


async def test_generated_names_differ(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    names = {(await create_flow_run(gql, flow["id"]))["name"] for _ in range(5)}
    assert len(names) == 5


async def test_create_flow_run_with_parameters_tags_state_and_retries(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    parameters = {"n": 3, "when": "2025-01-01", "nested": {"xs": [1, 2.5, None, True]}}

    run = await create_flow_run(
        gql,
        flow["id"],
        name="nightly",
        parameters=parameters,
        tags=["b", "a", "b"],
        state=state("SCHEDULED", 0, scheduledTime=at(600)),
        retries=2,
        retryDelaySeconds=[5, 10],
    )

    data = await gql(
        f"query($id: UUID!) {{ flowRun(id: $id) {{ {FLOW_RUN} flow {{ name }} "
        "state { type name scheduledTime timestamp } stateHistory { totalCount } } }",
        {"id": run["id"]},
    )
    stored = data["flowRun"]
    assert stored["name"] == "nightly"
    assert stored["parameters"] == parameters
    assert stored["tags"] == ["b", "a"]
    assert stored["flow"] == {"name": "etl"}
    assert stored["state"]["type"] == "SCHEDULED"
    assert stored["state"]["name"] == "Scheduled"
    assert parse_time(stored["state"]["scheduledTime"]) == parse_time(at(600))
    assert parse_time(stored["state"]["timestamp"]) == parse_time(at(0))
    assert parse_time(stored["expectedStartTime"]) == parse_time(at(600))
    assert stored["stateHistory"]["totalCount"] == 1
    assert (stored["retries"], stored["retryDelaySeconds"]) == (2, [5.0, 10.0])


async def test_idempotency_key_returns_the_first_run(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    other_flow = await create_flow(gql, "other")

    first = await create_flow_run_payload(gql, flowId=flow["id"], idempotencyKey="slot-1")
    again = await create_flow_run_payload(
        gql, flowId=flow["id"], idempotencyKey="slot-1", name="ignored", tags=["x"]
    )
    elsewhere = await create_flow_run_payload(gql, flowId=other_flow["id"], idempotencyKey="slot-1")
    different = await create_flow_run_payload(gql, flowId=flow["id"], idempotencyKey="slot-2")

    assert (first["created"], again["created"]) == (True, False)
    assert again["flowRun"]["id"] == first["flowRun"]["id"]
    assert again["flowRun"]["name"] == first["flowRun"]["name"]
    assert again["flowRun"]["idempotencyKey"] == "slot-1"
    assert again["flowRun"]["tags"] == []
    assert elsewhere["created"] is True
    assert elsewhere["flowRun"]["id"] != first["flowRun"]["id"]
    assert different["created"] is True
    data = await gql(
        "query($id: UUID!) { flowRuns(filter: {flowId: {any: [$id]}}) { totalCount } "
        'keyed: flowRuns(filter: {idempotencyKey: {any: ["slot-1"]}}) { totalCount } }',
        {"id": flow["id"]},
    )
    assert data == {"flowRuns": {"totalCount": 2}, "keyed": {"totalCount": 2}}


async def test_subflow_run_links_to_its_parent(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "parent")
    child_flow = await create_flow(gql, "child")
    parent = await create_flow_run(gql, flow["id"])
    stand_in = await create_task_run(gql, parent["id"], "child-flow")
    plain_task = await create_task_run(gql, parent["id"], "plain")

    child = await create_flow_run(gql, child_flow["id"], parentTaskRunId=stand_in["id"])

    assert child["parentTaskRunId"] == stand_in["id"]
    assert child["parentFlowRunId"] == parent["id"]
    data = await gql(
        """query($parent: UUID!, $child: UUID!, $task: UUID!, $plain: UUID!) {
          parent: flowRun(id: $parent) {
            subflowRuns { totalCount edges { node { id flow { name } } } }
            parentFlowRun { id }
          }
          child: flowRun(id: $child) { parentTaskRun { id taskKey } parentFlowRun { id } }
          task: taskRun(id: $task) { subflowRun { id parentFlowRunId } }
          plain: taskRun(id: $plain) { subflowRun { id } }
          topLevel: flowRuns(filter: {parentFlowRunId: {isNull: true}}) { edges { node { id } } }
        }""",
        {"parent": parent["id"], "child": child["id"], "task": stand_in["id"],
         "plain": plain_task["id"]},
    )  # fmt: skip
    assert data["parent"] == {
        "subflowRuns": {
            "totalCount": 1,
            "edges": [{"node": {"id": child["id"], "flow": {"name": "child"}}}],
        },
        "parentFlowRun": None,
    }
    assert data["child"] == {
        "parentTaskRun": {"id": stand_in["id"], "taskKey": "child-flow"},
        "parentFlowRun": {"id": parent["id"]},
    }
    assert data["task"] == {"subflowRun": {"id": child["id"], "parentFlowRunId": parent["id"]}}
    assert data["plain"] == {"subflowRun": None}
    assert data["topLevel"]["edges"] == [{"node": {"id": parent["id"]}}]


async def test_delete_flow_run_removes_its_task_runs_states_and_logs(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    doomed = await create_flow_run(gql, flow["id"])
    kept = await create_flow_run(gql, flow["id"])
    task_run = await create_task_run(gql, doomed["id"])
    child = await create_flow_run(gql, flow["id"], parentTaskRunId=task_run["id"])
    await create_logs(gql, [log(1, flowRunId=doomed["id"]), log(2, flowRunId=kept["id"])])

    data = await gql(DELETE_FLOW_RUN, {"id": doomed["id"]})
    assert data["deleteFlowRun"] == {"deletedId": doomed["id"], "errors": []}

    data = await gql(
        """query($doomed: UUID!, $task: UUID!, $child: UUID!) {
          flowRun(id: $doomed) { id }
          taskRun(id: $task) { id }
          child: flowRun(id: $child) { parentFlowRunId parentFlowRun { id } }
          flowRuns { totalCount }
          logs { edges { node { flowRunId } } }
        }""",
        {"doomed": doomed["id"], "task": task_run["id"], "child": child["id"]},
    )
    assert data["flowRun"] is None
    assert data["taskRun"] is None
    assert data["child"] == {"parentFlowRunId": None, "parentFlowRun": None}
    assert data["flowRuns"]["totalCount"] == 2
    assert data["logs"]["edges"] == [{"node": {"flowRunId": kept["id"]}}]

    again = await gql(DELETE_FLOW_RUN, {"id": doomed["id"]})
    assert again["deleteFlowRun"]["deletedId"] is None
    [error] = again["deleteFlowRun"]["errors"]
    assert error["code"] == "NOT_FOUND"
    assert doomed["id"] in error["message"]
