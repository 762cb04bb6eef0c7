"""Build test data through the GraphQL API, and the field lists the API tests read back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.graphql import GraphQLClient

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
"""A fixed time in the past: state timestamps before now are taken as given."""

ERRORS = "errors { code message field }"
STATE = "id type name message timestamp scheduledTime details data isTerminal"
FLOW = "id name description tags created updated"
RUN = (
    "id name tags runCount expectedStartTime startTime endTime totalRunTime stateType "
    "stateName retries retryDelaySeconds created updated"
)
FLOW_RUN = f"{RUN} flowId parameters idempotencyKey parentTaskRunId parentFlowRunId"
TASK_RUN = f"{RUN} flowRunId taskKey dynamicKey flowRunRunCount cacheKey taskInputs"
LOG = "id flowRunId taskRunId name level levelName message timestamp"


def at(seconds: float) -> str:
    """ISO time ``seconds`` after T0."""
    return (T0 + timedelta(seconds=seconds)).isoformat()


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def unknown_id() -> str:
    return str(uuid.uuid4())


async def create_flow(gql: GraphQLClient, name: str = "etl", **fields: Any) -> dict[str, Any]:
    data = await gql(
        f"mutation($input: CreateFlowInput!) {{ createFlow(input: $input) {{ flow {{ {FLOW} }} "
        f"{ERRORS} }} }}",
        {"input": {"name": name, **fields}},
    )
    payload = data["createFlow"]
    assert payload["errors"] == [], payload
    return dict(payload["flow"])


async def create_flow_run_payload(gql: GraphQLClient, **input: Any) -> dict[str, Any]:
    data = await gql(
        f"mutation($input: CreateFlowRunInput!) {{ createFlowRun(input: $input) {{ "
        f"flowRun {{ {FLOW_RUN} }} created {ERRORS} }} }}",
        {"input": input},
    )
    return dict(data["createFlowRun"])


async def create_flow_run(gql: GraphQLClient, flow_id: str, **input: Any) -> dict[str, Any]:
    payload = await create_flow_run_payload(gql, flowId=flow_id, **input)
    assert payload["errors"] == [], payload
    return dict(payload["flowRun"])


async def create_task_run_payload(gql: GraphQLClient, **input: Any) -> dict[str, Any]:
    data = await gql(
        f"mutation($input: CreateTaskRunInput!) {{ createTaskRun(input: $input) {{ "
        f"taskRun {{ {TASK_RUN} }} created {ERRORS} }} }}",
        {"input": input},
    )
    return dict(data["createTaskRun"])


async def create_task_run(
    gql: GraphQLClient, flow_run_id: str | None, task_key: str = "extract", **input: Any
) -> dict[str, Any]:
    input.setdefault("dynamicKey", "0")
    payload = await create_task_run_payload(gql, flowRunId=flow_run_id, taskKey=task_key, **input)
    assert payload["errors"] == [], payload
    return dict(payload["taskRun"])


def state(type: str, seconds: float | None = None, **fields: Any) -> dict[str, Any]:
    """A StateInput; ``seconds`` after T0 sets its timestamp."""
    if seconds is not None:
        fields["timestamp"] = at(seconds)
    return {"type": type, **fields}


async def set_flow_run_state(
    gql: GraphQLClient, flow_run_id: str, proposed: dict[str, Any], **options: Any
) -> dict[str, Any]:
    data = await gql(
        f"mutation($input: SetFlowRunStateInput!) {{ setFlowRunState(input: $input) {{ "
        f"status reason delaySeconds state {{ {STATE} }} flowRun {{ {FLOW_RUN} }} {ERRORS} }} }}",
        {"input": {"flowRunId": flow_run_id, "state": proposed, **options}},
    )
    return dict(data["setFlowRunState"])


async def set_task_run_state(
    gql: GraphQLClient, task_run_id: str, proposed: dict[str, Any], **options: Any
) -> dict[str, Any]:
    data = await gql(
        f"mutation($input: SetTaskRunStateInput!) {{ setTaskRunState(input: $input) {{ "
        f"status reason delaySeconds state {{ {STATE} }} taskRun {{ {TASK_RUN} }} {ERRORS} }} }}",
        {"input": {"taskRunId": task_run_id, "state": proposed, **options}},
    )
    return dict(data["setTaskRunState"])


async def move_flow_run(gql: GraphQLClient, flow_run_id: str, *types: str) -> None:
    """Walk a flow run through ``types``, each of which must be accepted."""
    for type in types:
        payload = await set_flow_run_state(gql, flow_run_id, state(type))
        assert payload["status"] == "ACCEPT", payload


async def create_logs(gql: GraphQLClient, logs: list[dict[str, Any]]) -> dict[str, Any]:
    data = await gql(
        f"mutation($input: CreateLogsInput!) {{ createLogs(input: $input) {{ count {ERRORS} }} }}",
        {"input": {"logs": logs}},
    )
    return dict(data["createLogs"])


def log(seconds: float, message: str = "hello", **fields: Any) -> dict[str, Any]:
    """A LogInput stamped ``seconds`` after T0 (INFO, logger "flowql" by default)."""
    return {"name": "flowql", "level": 20, "message": message, "timestamp": at(seconds), **fields}


def ids(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]
