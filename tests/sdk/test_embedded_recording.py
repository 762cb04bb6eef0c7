"""In embedded mode (LocalApi) the SDK's task-run records skip GraphQL's variable coercion
but go through the same conversion and service as recordTaskRuns: same result, same errors."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from flowql.sdk.client.api import FlowqlApi
from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.local_api import LocalApi
from flowql.sdk.client.transport import EmbeddedTransport
from flowql.sdk.recorder import StateRecord, TaskRunRecord
from flowql.settings import Settings

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
async def api(home: Path) -> AsyncIterator[FlowqlApi]:
    transport = EmbeddedTransport(Settings(home=home, api_url=None, database_url=None))
    try:
        yield LocalApi(transport)
    finally:
        await transport.close()


def record(flow_run_id: Any, key: str, *types: str) -> TaskRunRecord:
    run = TaskRunRecord(
        id=uuid.uuid4(), flow_run_id=flow_run_id, task_key="add", dynamic_key=key,
        name=f"add-{key}", tags=["t"], task_inputs={}, retries=0, retry_delay_seconds=[],
        retry_jitter_factor=None, flow_run_run_count=1, expected_start_time=T0, run_count=1,
    )  # fmt: skip
    run.new_states = [
        StateRecord(id=uuid.uuid4(), type=t, name=t.title(), timestamp=T0 + timedelta(seconds=n))
        for n, t in enumerate(types)
    ]
    return run


TASK_RUNS = """
query($id: UUID!) {
  flowRun(id: $id) {
    taskRuns(first: 10, orderBy: NAME_ASC) {
      edges { node { name tags stateType stateHistory { edges { node { type } } } } }
    }
  }
}
"""


async def test_sdk_records_are_stored_like_the_mutation_stores_them(api: FlowqlApi) -> None:
    flow = await api.create_flow("embedded-recording")
    run = await api.create_flow_run(flow["id"])

    await api.record_task_runs([record(uuid.UUID(run["id"]), str(n), "PENDING", "RUNNING",
                                       "COMPLETED") for n in range(3)])  # fmt: skip

    data = await api.transport.execute(TASK_RUNS, {"id": run["id"]})
    nodes = [edge["node"] for edge in data["flowRun"]["taskRuns"]["edges"]]
    assert [(n["name"], n["tags"], n["stateType"]) for n in nodes] == [
        (f"add-{i}", ["t"], "COMPLETED") for i in range(3)
    ]
    assert [e["node"]["type"] for e in nodes[0]["stateHistory"]["edges"]] == [
        "PENDING", "RUNNING", "COMPLETED",
    ]  # fmt: skip


async def test_sdk_records_get_the_mutations_errors(api: FlowqlApi) -> None:
    unknown = uuid.uuid4()

    with pytest.raises(ApiError, match=f"NOT_FOUND: flow run not found: {unknown}") as raised:
        await api.record_task_runs([record(unknown, "0", "RUNNING")])

    assert raised.value.errors[0]["field"] == ["taskRuns", "0", "flowRunId"]
