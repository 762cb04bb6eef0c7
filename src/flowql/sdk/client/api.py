"""The API calls the SDK engine makes, typed, each one named operation in ``operations/``.

``FlowqlApi`` runs over any ``Transport`` (embedded or HTTP), so the engine
does not know where its runs are recorded. Expected failures a mutation
reports as ``errors`` are raised as ``ApiError`` with their messages: nothing
the engine sends is dropped silently. Variables travel as JSON values (ids as
strings, times as ISO 8601 strings); ids and datetimes given to the small
calls are converted here, while batches (task runs, logs) must already be
plain JSON values, as the recorder and the log batcher build them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.operations import operation
from flowql.sdk.client.transport import Transport


class FlowqlApi:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    async def create_flow(
        self,
        name: str,
        *,
        description: str | None = None,
        tags: Sequence[str] = (),
        parameter_schema: dict[str, Any] | None = None,
        version: str | None = None,
    ) -> dict[str, Any]:
        """Create the flow, or record its latest signature; returns ``{id, name, version}``."""
        input = {
            "name": name,
            "description": description,
            "tags": list(tags) or None,  # None: an existing flow keeps its tags
            "parameterSchema": parameter_schema,
            "version": version,
        }
        payload = await self._mutate("CreateFlow", "createFlow", {"input": input})
        return dict(payload["flow"])

    async def create_flow_run(
        self,
        flow_id: uuid.UUID | str,
        *,
        name: str | None = None,
        parameters: dict[str, Any] | None = None,
        tags: Sequence[str] = (),
        parent_task_run_id: uuid.UUID | str | None = None,
        idempotency_key: str | None = None,
        state: dict[str, Any] | None = None,
        retries: int = 0,
        retry_delay_seconds: Sequence[float] = (),
    ) -> dict[str, Any]:
        """Create a flow run; returns its fields plus ``created`` (False for an
        idempotent repeat, which returns the first run). ``state`` is a StateInput."""
        input = {
            "flowId": str(flow_id),
            "name": name,
            "parameters": parameters,
            "tags": list(tags),
            "parentTaskRunId": _str_or_none(parent_task_run_id),
            "idempotencyKey": idempotency_key,
            "state": None if state is None else _plain(state),
            "retries": retries,
            "retryDelaySeconds": list(retry_delay_seconds),
        }
        payload = await self._mutate("CreateFlowRun", "createFlowRun", {"input": input})
        return {**payload["flowRun"], "created": payload["created"]}

    async def set_flow_run_state(
        self,
        flow_run_id: uuid.UUID | str,
        state: dict[str, Any],
        *,
        force: bool = False,
        transition_id: str | None = None,
    ) -> dict[str, Any]:
        """Propose ``state`` (a StateInput); returns ``{status, reason, delaySeconds,
        state, flowRun}`` with the state written (or the current one) and the run's counts."""
        input = {
            "flowRunId": str(flow_run_id),
            "state": _plain(state),
            "force": force,
            "transitionId": transition_id,
        }
        return await self._mutate("SetFlowRunState", "setFlowRunState", {"input": input})

    async def record_task_runs(self, records: Sequence[Any]) -> None:
        """Record a batch of task runs in one transaction, or raise.

        ``records`` are the SDK's TaskRunRecords, or TaskRunRecordInput dicts (JSON).
        """
        if not records:
            return
        inputs = [record if isinstance(record, dict) else record.to_input() for record in records]
        await self._mutate("RecordTaskRuns", "recordTaskRuns", {"taskRuns": inputs})

    async def create_logs(self, logs: list[dict[str, Any]]) -> None:
        """Store LogInput dicts (JSON values) in one transaction, or raise."""
        if logs:
            await self._mutate("CreateLogs", "createLogs", {"logs": logs})

    async def emit_events(self, events: list[dict[str, Any]]) -> None:
        """Store EventInput dicts (JSON values) in one transaction, or raise."""
        if events:
            await self._mutate("EmitEvents", "emitEvents", {"events": events})

    async def set_variable(
        self,
        name: str,
        value: Any,
        *,
        tags: Sequence[str] | None = None,
        overwrite: bool = False,
    ) -> dict[str, Any]:
        """Create a variable, or with ``overwrite`` replace the one of that name; returns
        ``{id, name, value, tags, created}``. An existing name without ``overwrite``
        raises ApiError with code CONFLICT."""
        input = {
            "name": name,
            "value": value,
            "tags": None if tags is None else list(tags),
            "overwrite": overwrite,
        }
        payload = await self._mutate("SetVariable", "setVariable", {"input": input})
        return {**payload["variable"], "created": payload["created"]}

    async def read_variable_by_name(self, name: str) -> dict[str, Any] | None:
        """``{id, name, value, tags}`` of the variable, or None."""
        data = await self.transport.execute(operation("ReadVariableByName"), {"name": name})
        variable = data["variable"]
        return None if variable is None else dict(variable)

    async def delete_variable_by_name(self, name: str) -> bool:
        """Delete the variable; False if there was none."""
        input = {"name": name}
        try:
            await self._mutate("DeleteVariable", "deleteVariable", {"input": input})
        except ApiError as error:
            if any(detail.get("code") == "NOT_FOUND" for detail in error.errors):
                return False
            raise
        return True

    async def create_artifact(
        self,
        type: str,
        data: Any,
        *,
        key: str | None = None,
        description: str | None = None,
        flow_run_id: uuid.UUID | str | None = None,
        task_run_id: uuid.UUID | str | None = None,
    ) -> dict[str, Any]:
        """Store an artifact; returns ``{id, key, type, description, data, flowRunId,
        taskRunId}``."""
        input = {
            "type": type,
            "data": data,
            "key": key,
            "description": description,
            "flowRunId": _str_or_none(flow_run_id),
            "taskRunId": _str_or_none(task_run_id),
        }
        payload = await self._mutate("CreateArtifact", "createArtifact", {"input": input})
        return dict(payload["artifact"])

    async def update_artifact(
        self, id: uuid.UUID | str, *, data: Any = None, description: str | None = None
    ) -> dict[str, Any]:
        """Replace the data and the description (each if not None) of an artifact."""
        input: dict[str, Any] = {"id": str(id)}
        if data is not None:
            input["data"] = data
        if description is not None:
            input["description"] = description
        payload = await self._mutate("UpdateArtifact", "updateArtifact", {"input": input})
        return dict(payload["artifact"])

    async def read_flow_run(self, id: uuid.UUID | str) -> dict[str, Any] | None:
        data = await self.transport.execute(operation("ReadFlowRun"), {"id": str(id)})
        flow_run = data["flowRun"]
        return None if flow_run is None else dict(flow_run)

    async def _mutate(self, name: str, field: str, variables: dict[str, Any]) -> dict[str, Any]:
        data = await self.transport.execute(operation(name), variables)
        payload: dict[str, Any] = data[field]
        errors = payload.get("errors") or []
        if errors:
            messages = "; ".join(f"{error['code']}: {error['message']}" for error in errors)
            raise ApiError(f"{field} refused: {messages}", errors=errors)
        return payload


def _str_or_none(value: uuid.UUID | str | None) -> str | None:
    return None if value is None else str(value)


def _plain(value: Any) -> Any:
    """``value`` as JSON values: ids as strings, datetimes in ISO 8601."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value
