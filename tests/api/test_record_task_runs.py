"""recordTaskRuns: batches of client-orchestrated task runs through GraphQL, on both backends;
and createFlow recording a flow's latest signature."""

from __future__ import annotations

import uuid
from typing import Any

from tests.api.api_factories import ERRORS, STATE, TASK_RUN, at, create_flow, create_flow_run
from tests.support.graphql import GraphQLClient

from flowql.schema import inputs as i
from flowql.schema.build import build_schema

RECORD = (
    "mutation($input: RecordTaskRunsInput!) { recordTaskRuns(input: $input) { "
    f"count stateCount {ERRORS} }} }}"
)
READ = f"""query($id: UUID!) {{ taskRun(id: $id) {{ {TASK_RUN} state {{ {STATE} }}
  stateHistory(first: 50) {{ edges {{ node {{ id type name timestamp }} }} }} }} }}"""


def state(type: str, seconds: float, **fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": type, "timestamp": at(seconds), **fields}


def record(flow_run_id: str | None, key: str, *states: dict[str, Any], **fields: Any) -> Any:
    return {
        "id": str(uuid.uuid4()),
        "flowRunId": flow_run_id,
        "taskKey": "add",
        "dynamicKey": key,
        "states": list(states),
        **fields,
    }


def completed(flow_run_id: str, key: str) -> dict[str, Any]:
    return record(
        flow_run_id,
        key,
        state("PENDING", 0),
        state("RUNNING", 1),
        state("COMPLETED", 2, data={"ref": "s3://x"}),
        runCount=1,
        startTime=at(1),
        endTime=at(2),
        totalRunTime=1.0,
        taskInputs={"x": [{"input_type": "parameter", "name": "x"}]},
        retries=2,
        retryDelaySeconds=[1, 2],
        tags=["t"],
    )


async def record_batch(gql: GraphQLClient, runs: list[dict[str, Any]]) -> dict[str, Any]:
    data = await gql(RECORD, {"input": {"taskRuns": runs}})
    return dict(data["recordTaskRuns"])


async def read(gql: GraphQLClient, task_run_id: str) -> dict[str, Any]:
    return dict((await gql(READ, {"id": task_run_id}))["taskRun"])


async def flow_run_id(gql: GraphQLClient) -> str:
    flow = await create_flow(gql)
    return str((await create_flow_run(gql, flow["id"]))["id"])


async def test_a_batch_records_runs_with_current_state_and_history(gql: GraphQLClient) -> None:
    run_id = await flow_run_id(gql)
    runs = [completed(run_id, str(n)) for n in range(3)]

    payload = await record_batch(gql, runs)

    assert payload == {"count": 3, "stateCount": 9, "errors": []}
    stored = await read(gql, runs[1]["id"])
    assert stored["flowRunId"] == run_id
    assert (stored["name"], stored["dynamicKey"], stored["tags"]) == ("add", "1", ["t"])
    assert (stored["stateType"], stored["stateName"], stored["runCount"]) == (
        "COMPLETED",
        "Completed",
        1,
    )
    assert (stored["retries"], stored["retryDelaySeconds"]) == (2, [1.0, 2.0])
    assert stored["taskInputs"] == runs[1]["taskInputs"]
    assert stored["state"]["id"] == runs[1]["states"][-1]["id"]
    assert stored["state"]["data"] == {"ref": "s3://x"}
    history = [edge["node"] for edge in stored["stateHistory"]["edges"]]
    assert [node["id"] for node in history] == [s["id"] for s in runs[1]["states"]]
    assert [node["name"] for node in history] == ["Pending", "Running", "Completed"]
    data = await gql(
        "query($id: UUID!) { flowRun(id: $id) { taskRuns(first: 10) { totalCount } } }",
        {"id": run_id},
    )
    assert data["flowRun"]["taskRuns"]["totalCount"] == 3


async def test_later_batches_update_runs_and_keep_history_in_order(gql: GraphQLClient) -> None:
    run_id = await flow_run_id(gql)
    first = record(run_id, "0", state("PENDING", 5), state("RUNNING", 5))
    await record_batch(gql, [first])
    # A lagging clock: history still lists the states in the order they were entered.
    later = {**first, "states": [state("FAILED", 1, message="boom")], "runCount": 1}

    payload = await record_batch(gql, [later])

    assert payload["stateCount"] == 1
    stored = await read(gql, first["id"])
    assert (stored["stateType"], stored["runCount"]) == ("FAILED", 1)
    assert stored["state"]["message"] == "boom"
    history = [edge["node"]["type"] for edge in stored["stateHistory"]["edges"]]
    assert history == ["PENDING", "RUNNING", "FAILED"]


async def test_retrying_a_batch_is_idempotent(gql: GraphQLClient) -> None:
    run_id = await flow_run_id(gql)
    runs = [completed(run_id, str(n)) for n in range(2)]
    await record_batch(gql, runs)

    again = await record_batch(gql, runs)

    assert again == {"count": 2, "stateCount": 0, "errors": []}
    stored = await read(gql, runs[0]["id"])
    assert len(stored["stateHistory"]["edges"]) == 3
    assert stored["stateType"] == "COMPLETED"


async def test_a_conflicting_key_refuses_the_batch(gql: GraphQLClient) -> None:
    run_id = await flow_run_id(gql)
    taken = completed(run_id, "7")
    await record_batch(gql, [taken])
    fresh = completed(run_id, "8")

    payload = await record_batch(gql, [fresh, completed(run_id, "7")])

    assert payload["count"] == 0
    [error] = payload["errors"]
    assert error["code"] == "CONFLICT"
    assert "'7'" in error["message"] and taken["id"] in error["message"]
    assert error["field"] == ["taskRuns", "1", "id"]
    data = await gql("query($id: UUID!) { taskRun(id: $id) { id } }", {"id": fresh["id"]})
    assert data["taskRun"] is None


async def test_an_unknown_flow_run_is_named(gql: GraphQLClient) -> None:
    unknown = str(uuid.uuid4())

    payload = await record_batch(gql, [completed(unknown, "0")])

    [error] = payload["errors"]
    assert error["code"] == "NOT_FOUND"
    assert unknown in error["message"]
    assert error["field"] == ["taskRuns", "0", "flowRunId"]


async def test_invalid_input_names_the_record(gql: GraphQLClient) -> None:
    run_id = await flow_run_id(gql)
    bad = record(run_id, "1", state("RUNNING", 0, details=[1]))

    payload = await record_batch(gql, [completed(run_id, "0"), bad])

    [error] = payload["errors"]
    assert error["code"] == "INVALID_INPUT"
    assert error["field"] == ["taskRuns", "1", "states", "0", "details"]


async def test_the_batch_size_is_capped(gql: GraphQLClient) -> None:
    runs = [record(None, str(n)) for n in range(5_001)]

    payload = await record_batch(gql, runs)

    [error] = payload["errors"]
    assert error["code"] == "INVALID_INPUT"
    assert "limit is 5000" in error["message"]


async def test_create_flow_records_the_latest_signature(gql: GraphQLClient) -> None:
    schema = {"type": "object", "properties": {"x": {"type": "integer"}}}
    first = await create_flow(gql, "etl", description="d", tags=["a"])

    fields = "flow { id description tags parameterSchema version } " + ERRORS
    data = await gql(
        f"mutation($input: CreateFlowInput!) {{ createFlow(input: $input) {{ {fields} }} }}",
        {"input": {"name": "etl", "parameterSchema": schema, "version": "2"}},
    )

    assert data["createFlow"]["flow"] == {
        "id": first["id"],
        "description": "d",
        "tags": ["a"],
        "parameterSchema": schema,
        "version": "2",
    }


async def test_create_flow_refuses_a_schema_that_is_not_an_object(gql: GraphQLClient) -> None:
    mutation = 'mutation { createFlow(input: { name: "etl", parameterSchema: [1] }) { %s } }'
    data = await gql(mutation % ERRORS)

    assert data["createFlow"]["errors"][0]["field"] == ["parameterSchema"]


def test_record_inputs_build_as_strawberry_would() -> None:
    """The fast input builders give what Strawberry's generic conversion gives."""
    from strawberry.types.arguments import convert_argument

    schema = build_schema()
    value = {
        "id": uuid.uuid4(),
        "flowRunId": None,
        "taskKey": "k",
        "dynamicKey": "0",
        "name": None,
        "tags": ["a"],
        "cacheKey": None,
        "cacheExpiration": None,
        "taskInputs": {"x": []},
        "retries": 1,
        "retryDelaySeconds": [1.0],
        "retryJitterFactor": None,
        "runCount": 1,
        "flowRunRunCount": 1,
        "expectedStartTime": None,
        "startTime": None,
        "endTime": None,
        "totalRunTime": 0.0,
        "states": [
            {
                "id": uuid.uuid4(),
                "type": "RUNNING",
                "name": None,
                "message": None,
                "timestamp": at(0),
                "scheduledTime": None,
                "details": None,
                "data": None,
            }
        ],
    }
    definition = i.TaskRunRecordInput.__strawberry_definition__
    scalars = schema.schema_converter.scalar_registry
    fast = convert_argument(value, i.TaskRunRecordInput, scalars, schema.config)
    definition_hook, definition.from_input = definition.from_input, None
    state_definition = i.StateRecordInput.__strawberry_definition__
    state_hook, state_definition.from_input = state_definition.from_input, None
    try:
        generic = convert_argument(value, i.TaskRunRecordInput, scalars, schema.config)
    finally:
        definition.from_input, state_definition.from_input = definition_hook, state_hook

    assert fast == generic
