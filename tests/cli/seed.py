"""Create flows, runs, task runs and logs through the GraphQL API, for CLI tests.

Uses the SDK transport the settings choose: in-process on the test's SQLite
file (embedded), or HTTP to a live server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flowql.sdk.client.transport import Transport, transport_from_settings
from flowql.settings import Settings

T = TypeVar("T")

CREATE_FLOW = """
mutation CreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) { flow { id } errors { message } }
}"""
CREATE_FLOW_RUN = """
mutation CreateFlowRun($input: CreateFlowRunInput!) {
  createFlowRun(input: $input) { flowRun { id } errors { message } }
}"""
SET_FLOW_RUN_STATE = """
mutation SetFlowRunState($input: SetFlowRunStateInput!) {
  setFlowRunState(input: $input) { status reason errors { message } }
}"""
CREATE_TASK_RUN = """
mutation CreateTaskRun($input: CreateTaskRunInput!) {
  createTaskRun(input: $input) { taskRun { id } errors { message } }
}"""
SET_TASK_RUN_STATE = """
mutation SetTaskRunState($input: SetTaskRunStateInput!) {
  setTaskRunState(input: $input) { status reason errors { message } }
}"""
CREATE_LOGS = """
mutation CreateLogs($input: CreateLogsInput!) {
  createLogs(input: $input) { count errors { message } }
}"""


@dataclass
class Seeder:
    transport: Transport

    async def _mutate(self, document: str, field: str, input: dict[str, Any]) -> dict[str, Any]:
        payload: dict[str, Any] = (await self.transport.execute(document, {"input": input}))[field]
        assert not payload["errors"], payload["errors"]
        return payload

    async def flow(self, name: str) -> str:
        payload = await self._mutate(CREATE_FLOW, "createFlow", {"name": name})
        return str(payload["flow"]["id"])

    async def flow_run(self, flow_id: str, name: str, **fields: Any) -> str:
        input = {"flowId": flow_id, "name": name, **fields}
        payload = await self._mutate(CREATE_FLOW_RUN, "createFlowRun", input)
        return str(payload["flowRun"]["id"])

    async def set_state(self, flow_run_id: str, state_type: str, **state: Any) -> None:
        input = {"flowRunId": flow_run_id, "state": {"type": state_type, **state}}
        payload = await self._mutate(SET_FLOW_RUN_STATE, "setFlowRunState", input)
        assert payload["status"] == "ACCEPT", payload

    async def task_run(self, flow_run_id: str, key: str, state_type: str) -> str:
        input = {"flowRunId": flow_run_id, "taskKey": key, "dynamicKey": f"{key}-0"}
        task_run_id = str(
            (await self._mutate(CREATE_TASK_RUN, "createTaskRun", input))["taskRun"]["id"]
        )
        state_input = {"taskRunId": task_run_id, "state": {"type": state_type}, "force": True}
        await self._mutate(SET_TASK_RUN_STATE, "setTaskRunState", state_input)
        return task_run_id

    async def logs(self, flow_run_id: str, records: list[tuple[datetime, int, str]]) -> None:
        logs = [
            {
                "name": "flowql.flow_runs",
                "level": level,
                "message": message,
                "timestamp": timestamp.isoformat(),
                "flowRunId": flow_run_id,
            }
            for timestamp, level, message in records
        ]
        await self._mutate(CREATE_LOGS, "createLogs", {"logs": logs})


def seed(settings: Settings, build: Callable[[Seeder], Awaitable[T]]) -> T:
    """Run ``build`` with a Seeder on the settings' transport, then close it."""

    async def go() -> T:
        transport = transport_from_settings(settings)
        try:
            return await build(Seeder(transport))
        finally:
            await transport.close()

    return asyncio.run(go())


LOGGER = "flowql.flow_runs"
LOG_START = datetime.fromisoformat("2024-05-01T12:00:00.250+00:00")


def log_records(count: int) -> list[tuple[datetime, int, str]]:
    """``count`` records 1.5 s apart; the second one is an ERROR."""
    return [
        (
            LOG_START + timedelta(milliseconds=index * 1500),
            40 if index == 1 else 20,
            f"line {index:03d}",
        )
        for index in range(count)
    ]


@dataclass
class Runs:
    """The standard data set: flows etl and report, three runs, task runs, five logs."""

    completed: str
    failed: str
    scheduled: str
    logs: list[tuple[datetime, int, str]] = field(default_factory=lambda: log_records(5))


async def standard_runs(seeder: Seeder) -> Runs:
    etl = await seeder.flow("etl")
    report = await seeder.flow("report")
    completed = await seeder.flow_run(
        etl, "etl-completed", parameters={"source": "s3://bucket", "limit": 10}, tags=["nightly"]
    )
    await seeder.set_state(completed, "RUNNING")
    for key, state_type in [("extract", "COMPLETED"), ("load", "COMPLETED"), ("check", "FAILED")]:
        await seeder.task_run(completed, key, state_type)
    await seeder.set_state(completed, "COMPLETED", message="all good")
    failed = await seeder.flow_run(etl, "etl-failed")
    await seeder.set_state(failed, "RUNNING")
    await seeder.set_state(failed, "FAILED", message="boom")
    scheduled = await seeder.flow_run(report, "report-scheduled", state={"type": "SCHEDULED"})
    runs = Runs(completed, failed, scheduled)
    await seeder.logs(completed, runs.logs[::-1])  # stored out of order on purpose
    return runs
