"""FlowqlApi, the calls the SDK engine makes, over both transports (embedded and a live
server) and as LocalApi (embedded mode's direct calls, which must answer the same);
and every operation document in sdk/client/operations against the schema."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import graphql
import pytest
from tests.support.servers import live_server

from flowql.schema.build import build_schema
from flowql.sdk.client.api import FlowqlApi
from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.local_api import LocalApi
from flowql.sdk.client.operations import OPERATIONS_DIR, all_operations
from flowql.sdk.client.transport import EmbeddedTransport, HttpTransport
from flowql.settings import Settings

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
API_OPERATIONS = [
    "CreateFlow", "CreateFlowRun", "SetFlowRunState", "RecordTaskRuns", "CreateLogs",
    "ReadFlowRun", "EmitEvents",
]  # fmt: skip


@pytest.fixture(scope="module")
def schema() -> graphql.GraphQLSchema:
    return build_schema()._schema


@pytest.mark.parametrize("name", sorted(all_operations()))
def test_every_operation_is_valid_and_named_after_its_file(
    schema: graphql.GraphQLSchema, name: str
) -> None:
    document = graphql.parse(all_operations()[name])

    assert graphql.validate(schema, document) == []
    operations = [d for d in document.definitions if isinstance(d, graphql.OperationDefinitionNode)]
    assert [operation.name.value for operation in operations if operation.name] == [name]


def test_the_api_operations_exist() -> None:
    assert {path.stem for path in OPERATIONS_DIR.glob("*.graphql")} >= set(API_OPERATIONS)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("server")) as running:
        yield running.graphql_url


@pytest.fixture(params=["embedded", "local", "http"])
async def api(request: pytest.FixtureRequest, home: Path) -> AsyncIterator[FlowqlApi]:
    settings = Settings(home=home, api_url=None, database_url=None, api_key=None)
    if request.param == "http":
        url = request.getfixturevalue("server")
        transport: Any = HttpTransport(settings.model_copy(update={"api_url": url}))
    else:
        transport = EmbeddedTransport(settings)
    try:
        yield LocalApi(transport) if request.param == "local" else FlowqlApi(transport)
    finally:
        await transport.close()


def state(type: str, seconds: float = 0, **fields: Any) -> dict[str, Any]:
    return {"type": type, "timestamp": T0 + timedelta(seconds=seconds), **fields}


def task_run(flow_run_id: str, key: str, *types: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "flowRunId": flow_run_id,
        "taskKey": "add",
        "dynamicKey": key,
        "runCount": 1,
        "states": [
            {"id": str(uuid.uuid4()), "type": type, "timestamp": (T0 + timedelta(n)).isoformat()}
            for n, type in enumerate(types)
        ],
    }


def log(flow_run_id: str) -> dict[str, Any]:
    timestamp = T0.isoformat()
    return {"name": "flowql", "level": 20, "message": "hi", "timestamp": timestamp,
            "flowRunId": flow_run_id}  # fmt: skip


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"  # the live server is shared by the module


async def test_create_flow_records_the_latest_signature(api: FlowqlApi) -> None:
    name = unique("etl")
    first = await api.create_flow(name, description="d", tags=["a"], version="1")

    again = await api.create_flow(name, parameter_schema={"type": "object"}, version="2")

    assert again == {"id": first["id"], "name": name, "version": "2"}


async def test_a_flow_run_from_creation_to_completion(api: FlowqlApi) -> None:
    flow = await api.create_flow(unique("etl"))
    run = await api.create_flow_run(
        uuid.UUID(flow["id"]),
        name="nightly",
        parameters={"x": 1},
        tags=["t"],
        state=state("PENDING"),
        retries=1,
        retry_delay_seconds=[0],
        idempotency_key=unique("key"),
    )
    assert (run["name"], run["tags"], run["created"]) == ("nightly", ["t"], True)
    assert run["state"]["type"] == "PENDING"

    running = await api.set_flow_run_state(run["id"], state("RUNNING", 1), transition_id="t1")
    assert (running["status"], running["flowRun"]["runCount"]) == ("ACCEPT", 1)
    replay = await api.set_flow_run_state(run["id"], state("RUNNING", 1), transition_id="t1")
    assert replay["state"]["id"] == running["state"]["id"]

    await api.record_task_runs(
        [task_run(run["id"], str(n), "PENDING", "RUNNING", "COMPLETED") for n in range(3)]
    )
    await api.create_logs([log(run["id"])])
    done = await api.set_flow_run_state(uuid.UUID(run["id"]), state("COMPLETED", 2))
    assert (done["status"], done["state"]["type"], done["reason"]) == ("ACCEPT", "COMPLETED", None)

    read = await api.read_flow_run(run["id"])
    assert read is not None
    assert (read["parameters"], read["runCount"]) == ({"x": 1}, 1)
    assert read["state"]["type"] == "COMPLETED"


async def test_an_idempotent_flow_run_says_it_was_not_created(api: FlowqlApi) -> None:
    flow = await api.create_flow(unique("etl"))
    first = await api.create_flow_run(flow["id"], idempotency_key="k")

    again = await api.create_flow_run(flow["id"], idempotency_key="k")

    assert (again["id"], again["created"]) == (first["id"], False)


async def test_an_unknown_flow_run_reads_as_none(api: FlowqlApi) -> None:
    assert await api.read_flow_run(uuid.uuid4()) is None


async def test_refused_batches_raise_with_the_messages(api: FlowqlApi) -> None:
    unknown = str(uuid.uuid4())

    with pytest.raises(ApiError, match=f"NOT_FOUND: flow run not found: {unknown}") as raised:
        await api.record_task_runs([task_run(unknown, "0", "RUNNING")])
    assert raised.value.errors[0]["field"] == ["taskRuns", "0", "flowRunId"]

    with pytest.raises(ApiError, match="NOT_FOUND"):
        await api.create_logs([log(unknown)])
    with pytest.raises(ApiError, match="NOT_FOUND"):
        await api.set_flow_run_state(unknown, state("RUNNING"))
    with pytest.raises(ApiError, match="NOT_FOUND"):
        await api.create_flow_run(unknown)


async def test_empty_batches_send_nothing(api: FlowqlApi) -> None:
    await api.record_task_runs([])
    await api.create_logs([])


async def test_local_api_answers_what_the_graphql_operations_answer(home: Path) -> None:
    transport = EmbeddedTransport(Settings(home=home, api_url=None, database_url=None))
    local, through_graphql = LocalApi(transport), FlowqlApi(transport)
    try:
        flow = await local.create_flow("etl", version="1")
        assert flow == await through_graphql.create_flow("etl", version="1")

        run = await local.create_flow_run(
            flow["id"], name="nightly", tags=["t"], state=state("PENDING"), idempotency_key="k"
        )
        read = await through_graphql.read_flow_run(run["id"])
        assert read is not None
        assert run == {**{key: read[key] for key in run if key != "created"}, "created": True}
        repeat = await through_graphql.create_flow_run(flow["id"], idempotency_key="k")
        assert await local.create_flow_run(flow["id"], idempotency_key="k") == repeat

        running = await local.set_flow_run_state(run["id"], state("RUNNING", 1))
        read = await through_graphql.read_flow_run(run["id"])
        assert read is not None
        assert running["state"] == read["state"]
        assert running["flowRun"] == {key: read[key] for key in running["flowRun"]}

        # A proposal the rules refuse: both answer with the same status, reason and state.
        refused = [
            await api.set_flow_run_state(run["id"], state("SCHEDULED", 2))
            for api in (local, through_graphql)
        ]
        assert refused[0]["status"] != "ACCEPT"
        assert refused[0] == refused[1]
    finally:
        await transport.close()


async def test_input_the_conversion_refuses_raises_the_same_error(api: FlowqlApi) -> None:
    flow = await api.create_flow(unique("etl"))
    run = await api.create_flow_run(flow["id"])

    refused = r"setFlowRunState refused: INVALID_INPUT: state\.name"
    with pytest.raises(ApiError, match=refused) as e:
        await api.set_flow_run_state(run["id"], state("RUNNING", name="x" * 500))
    assert e.value.errors[0]["field"] == ["state", "name"]
