"""The engine's API calls in embedded mode: the server's conversions and services, in-process.

A flow run in embedded mode makes a handful of writes (create the flow and the
run, propose its states, store logs and task-run batches). Running each one
through the GraphQL schema in the same process costs more than the write:
importing and building the schema (~0.25 s at start-up, ~10 MB), then parsing,
validating and coercing every call (~0.7 ms each). ``LocalApi`` makes those
writes the way the mutations' resolvers do, with the same conversions
(``resolvers/convert.py``, which checks what GraphQL cannot) and the same
services, and answers with the same JSON shapes as the operations in
``operations/`` select, so the engine cannot tell the difference; a test
compares both for every method. Refusals raise the same ``ApiError`` as a
mutation's ``errors`` would. Reads (``get_client()``) still execute their
GraphQL documents, on the embedded schema, built when first needed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from flowql.sdk.client.api import FlowqlApi
from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.library_json import ArtifactInput, artifact_json, variable_json
from flowql.sdk.client.transport import EmbeddedTransport, Transport

T = TypeVar("T")


def api_for(transport: Transport) -> FlowqlApi:
    """The API the engine should use over ``transport``."""
    if isinstance(transport, EmbeddedTransport):
        return LocalApi(transport)
    return FlowqlApi(transport)


@dataclass(frozen=True, slots=True)
class _StateInput:
    type: str
    name: str | None = None
    message: str | None = None
    timestamp: datetime | None = None
    scheduled_time: datetime | None = None
    details: Any = None
    data: Any = None


@dataclass(frozen=True, slots=True)
class _FlowInput:
    name: str
    description: str | None = None
    tags: Sequence[str] | None = None
    parameter_schema: Any = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class _FlowRunInput:
    flow_id: uuid.UUID
    name: str | None = None
    parameters: Any = None
    tags: Sequence[str] = ()
    idempotency_key: str | None = None
    parent_task_run_id: uuid.UUID | None = None
    state: _StateInput | None = None
    retries: int = 0
    retry_delay_seconds: Sequence[float] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class _EventInput:
    event: str
    resource: Any
    id: uuid.UUID | None = None
    occurred: datetime | None = None
    related: Any = None
    payload: Any = None
    follows: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class _LogInput:
    name: str
    level: int
    message: str
    timestamp: datetime
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None


class LocalApi(FlowqlApi):
    """``FlowqlApi`` whose writes call the services directly (embedded mode only)."""

    transport: EmbeddedTransport

    def __init__(self, transport: EmbeddedTransport) -> None:
        super().__init__(transport)

    async def create_flow(
        self,
        name: str,
        *,
        description: str | None = None,
        tags: Sequence[str] = (),
        parameter_schema: dict[str, Any] | None = None,
        version: str | None = None,
    ) -> dict[str, Any]:
        from flowql.resolvers.convert import flow_fields
        from flowql.services import flows

        input = _FlowInput(name, description, list(tags) or None, parameter_schema, version)
        db = await self._db()
        row = await _refusing("createFlow", lambda: flows.create_flow(db, **flow_fields(input)))
        return {"id": str(row.id), "name": row.name, "version": row.version}

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
        from flowql.resolvers.convert import flow_run_create
        from flowql.services import runs

        input = _FlowRunInput(
            flow_id=_uuid(flow_id),
            name=name,
            parameters=parameters,
            tags=list(tags),
            idempotency_key=idempotency_key,
            parent_task_run_id=_uuid_or_none(parent_task_run_id),
            state=None if state is None else _state_input(state),
            retries=retries,
            retry_delay_seconds=list(retry_delay_seconds),
        )
        db = await self._db()
        run, created = await _refusing(
            "createFlowRun", lambda: runs.create_flow_run(db, flow_run_create(input))
        )
        fields = {
            "id": str(run.id),
            "name": run.name,
            "flowId": str(run.flow_id),
            "tags": list(run.tags),
            "runCount": run.run_count,
            "idempotencyKey": run.idempotency_key,
            "parentTaskRunId": _str_or_none(run.parent_task_run_id),
            "parentFlowRunId": _str_or_none(run.parent_flow_run_id),
            "expectedStartTime": _iso(run.expected_start_time),
            "state": _state_json(await self._flow_run_state(run.state_id)),
        }
        return {**fields, "created": created}

    async def set_flow_run_state(
        self,
        flow_run_id: uuid.UUID | str,
        state: dict[str, Any],
        *,
        force: bool = False,
        transition_id: str | None = None,
    ) -> dict[str, Any]:
        from flowql.resolvers import convert
        from flowql.services import states

        db = await self._db()
        change = await _refusing(
            "setFlowRunState",
            lambda: states.set_flow_run_state(
                db,
                _uuid(flow_run_id),
                convert.state_snapshot(_state_input(state)),
                force=force,
                transition_id=convert.transition_id(transition_id),
            ),
        )
        run = change.run
        return {
            "status": change.status.value,
            "reason": change.reason,
            "delaySeconds": change.delay_seconds,
            "state": _state_json(change.state),
            "flowRun": {
                "id": str(run.id),
                "runCount": run.run_count,
                "startTime": _iso(run.start_time),
                "endTime": _iso(run.end_time),
                "totalRunTime": run.total_run_time,
                "stateType": run.state_type.value if run.state_type else None,
                "stateName": run.state_name,
            },
            "errors": [],
        }

    async def record_task_runs(self, records: Sequence[Any]) -> None:
        """The SDK's records go straight to the recordTaskRuns conversion and service:
        GraphQL's coercion of tens of thousands of variables would cost more than the write."""
        from flowql.resolvers.convert import record_task_run_batch

        if not records:
            return
        if isinstance(records[0], dict):  # JSON inputs, as get_client() may send
            await super().record_task_runs(records)
            return
        db = await self._db()
        await _refusing("recordTaskRuns", lambda: record_task_run_batch(db, records))

    async def create_logs(self, logs: list[dict[str, Any]]) -> None:
        from flowql.resolvers.convert import log_create
        from flowql.services import logs as log_service

        if not logs:
            return
        db = await self._db()
        await _refusing(
            "createLogs",
            lambda: log_service.create_logs(
                db, [log_create(index, _log_input(log)) for index, log in enumerate(logs)]
            ),
        )

    async def emit_events(self, events: list[dict[str, Any]]) -> None:
        from flowql.resolvers.events import client_events
        from flowql.services import events as event_service

        if not events:
            return
        inputs = [_event_input(event) for event in events]
        db = await self._db()
        await _refusing("emitEvents", lambda: event_service.emit_events(db, client_events(inputs)))

    async def set_variable(
        self,
        name: str,
        value: Any,
        *,
        tags: Sequence[str] | None = None,
        overwrite: bool = False,
    ) -> dict[str, Any]:
        from flowql.services import variables

        db = await self._db()
        row, created = await _refusing(
            "setVariable",
            lambda: variables.set_variable(
                db, name=name, value=value, tags=tags, overwrite=overwrite
            ),
        )
        return {**variable_json(row), "created": created}

    async def read_variable_by_name(self, name: str) -> dict[str, Any] | None:
        import sqlalchemy as sa

        from flowql.db import models as m

        db = await self._db()
        async with db.session() as session:
            row = await session.scalar(sa.select(m.Variable).where(m.Variable.name == name))
        return None if row is None else variable_json(row)

    async def delete_variable_by_name(self, name: str) -> bool:
        from flowql.core.errors import NotFoundError
        from flowql.services import variables

        db = await self._db()
        try:
            await variables.delete_variable(db, name=name)
        except NotFoundError:
            return False
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
        from flowql.resolvers.convert import artifact_create
        from flowql.services import artifacts

        ids = (_uuid_or_none(flow_run_id), _uuid_or_none(task_run_id))
        input = ArtifactInput(type, data, key, description, *ids)
        db = await self._db()
        row = await _refusing(
            "createArtifact", lambda: artifacts.create_artifact(db, artifact_create(input))
        )
        return artifact_json(row)

    async def update_artifact(
        self, id: uuid.UUID | str, *, data: Any = None, description: str | None = None
    ) -> dict[str, Any]:
        from flowql.services import artifacts

        db = await self._db()
        row = await _refusing(
            "updateArtifact",
            lambda: artifacts.update_artifact(
                db,
                _uuid(id),
                data=artifacts.KEEP if data is None else data,
                description=artifacts.KEEP if description is None else description,
            ),
        )
        return artifact_json(row)

    async def _db(self) -> Any:
        await self.transport.ensure_ready()
        return self.transport.db

    async def _flow_run_state(self, state_id: uuid.UUID | None) -> Any:
        from flowql.db import models as m

        if state_id is None:
            return None
        async with self.transport.db.session() as session:
            return await session.get(m.FlowRunState, state_id)


async def _refusing(field: str, call: Callable[[], Awaitable[T]]) -> T:
    """Convert and call as the mutation's resolver would (``call`` does both); a
    refusal (FlowqlError) raises the ApiError the mutation's ``errors`` would be."""
    from flowql.core.errors import FlowqlError

    try:
        return await call()
    except FlowqlError as error:
        detail = {"code": error.code.value, "message": error.message, "field": list(error.field)}
        raise ApiError(
            f"{field} refused: {error.code.value}: {error.message}", errors=[detail]
        ) from None


def _state_input(state: dict[str, Any]) -> _StateInput:
    return _StateInput(
        type=state["type"],
        name=state.get("name"),
        message=state.get("message"),
        timestamp=_datetime_or_none(state.get("timestamp")),
        scheduled_time=_datetime_or_none(state.get("scheduledTime")),
        details=state.get("details"),
        data=state.get("data"),
    )


def _event_input(event: dict[str, Any]) -> _EventInput:
    return _EventInput(
        event=event["event"],
        resource=event["resource"],
        id=_uuid_or_none(event.get("id")),
        occurred=_datetime_or_none(event.get("occurred")),
        related=event.get("related"),
        payload=event.get("payload"),
        follows=_uuid_or_none(event.get("follows")),
    )


def _log_input(log: dict[str, Any]) -> _LogInput:
    return _LogInput(
        name=log["name"],
        level=log["level"],
        message=log["message"],
        timestamp=_datetime(log["timestamp"]),
        flow_run_id=_uuid_or_none(log.get("flowRunId")),
        task_run_id=_uuid_or_none(log.get("taskRunId")),
    )


def _state_json(row: Any) -> dict[str, Any] | None:
    """A state row as the ClientStateFields fragment selects it."""
    if row is None:
        return None
    return {
        "id": str(row.id),
        "type": row.type.value,
        "name": row.name,
        "message": row.message,
        "timestamp": _iso(row.timestamp),
        "scheduledTime": _iso(row.scheduled_time),
        "details": row.details,
        "data": row.data,
    }


def _datetime(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _datetime_or_none(value: datetime | str | None) -> datetime | None:
    return None if value is None else _datetime(value)


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def _uuid_or_none(value: uuid.UUID | str | None) -> uuid.UUID | None:
    return None if value is None else _uuid(value)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
