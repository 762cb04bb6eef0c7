"""The root Mutation: parse the input, call a service, return a payload.

Expected failures (unknown ids, invalid input, conflicts) come back as
``errors`` in the payload; anything else is an unexpected error.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import strawberry

from flowql.core.errors import FlowqlError
from flowql.resolvers import convert
from flowql.resolvers.events import client_events
from flowql.schema import inputs as i
from flowql.schema import payloads as p
from flowql.schema.rows import from_row
from flowql.schema.types.flow import Flow
from flowql.schema.types.flow_run import FlowRun
from flowql.schema.types.state import state_or_none
from flowql.schema.types.task_run import TaskRun
from flowql.services import events, flows, logs, runs, states
from flowql.services.states import StateChange

P = ParamSpec("P")
PayloadT = TypeVar("PayloadT")


def errors_as_data(
    payload: Callable[..., PayloadT],
) -> Callable[[Callable[P, Awaitable[PayloadT]]], Callable[P, Awaitable[PayloadT]]]:
    def decorate(resolver: Callable[P, Awaitable[PayloadT]]) -> Callable[P, Awaitable[PayloadT]]:
        @functools.wraps(resolver)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> PayloadT:
            try:
                return await resolver(*args, **kwargs)
            except FlowqlError as error:
                return payload(errors=[p.UserError.of(error)])

        return wrapper

    return decorate


def _db(info: strawberry.Info) -> Any:
    return info.context.db


def _state_change_fields(change: StateChange) -> dict[str, Any]:
    return {
        "status": change.status,
        "state": state_or_none(change.state),
        "reason": change.reason,
        "delay_seconds": change.delay_seconds,
    }


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create a flow, or return the existing one of that name with the fields "
        "given updated (how the SDK records a flow's latest signature)."
    )
    @errors_as_data(p.FlowPayload)
    async def create_flow(self, info: strawberry.Info, input: i.CreateFlowInput) -> p.FlowPayload:
        row = await flows.create_flow(_db(info), **convert.flow_fields(input))
        return p.FlowPayload(flow=from_row(Flow, row))

    @strawberry.mutation
    @errors_as_data(p.FlowPayload)
    async def update_flow(self, info: strawberry.Info, input: i.UpdateFlowInput) -> p.FlowPayload:
        row = await flows.update_flow(
            _db(info), input.id, description=input.description, tags=input.tags
        )
        return p.FlowPayload(flow=from_row(Flow, row))

    @strawberry.mutation(description="Delete a flow with all its runs.")
    @errors_as_data(p.DeletePayload)
    async def delete_flow(self, info: strawberry.Info, input: i.DeleteInput) -> p.DeletePayload:
        await flows.delete_flow(_db(info), input.id)
        return p.DeletePayload(deleted_id=input.id)

    @strawberry.mutation
    @errors_as_data(p.FlowRunPayload)
    async def create_flow_run(
        self, info: strawberry.Info, input: i.CreateFlowRunInput
    ) -> p.FlowRunPayload:
        row, created = await runs.create_flow_run(_db(info), convert.flow_run_create(input))
        return p.FlowRunPayload(flow_run=from_row(FlowRun, row), created=created)

    @strawberry.mutation(description="Delete a flow run with its task runs, states and logs.")
    @errors_as_data(p.DeletePayload)
    async def delete_flow_run(self, info: strawberry.Info, input: i.DeleteInput) -> p.DeletePayload:
        await runs.delete_flow_run(_db(info), input.id)
        return p.DeletePayload(deleted_id=input.id)

    @strawberry.mutation
    @errors_as_data(p.TaskRunPayload)
    async def create_task_run(
        self, info: strawberry.Info, input: i.CreateTaskRunInput
    ) -> p.TaskRunPayload:
        row, created = await runs.create_task_run(_db(info), convert.task_run_create(input))
        return p.TaskRunPayload(task_run=from_row(TaskRun, row), created=created)

    @strawberry.mutation(description="Propose a new state for a flow run.")
    @errors_as_data(p.SetFlowRunStatePayload)
    async def set_flow_run_state(
        self, info: strawberry.Info, input: i.SetFlowRunStateInput
    ) -> p.SetFlowRunStatePayload:
        change = await states.set_flow_run_state(
            _db(info),
            input.flow_run_id,
            convert.state_snapshot(input.state),
            force=input.force,
            transition_id=convert.transition_id(input.transition_id),
        )
        return p.SetFlowRunStatePayload(
            **_state_change_fields(change), flow_run=from_row(FlowRun, change.run)
        )

    @strawberry.mutation(description="Propose a new state for a task run.")
    @errors_as_data(p.SetTaskRunStatePayload)
    async def set_task_run_state(
        self, info: strawberry.Info, input: i.SetTaskRunStateInput
    ) -> p.SetTaskRunStatePayload:
        change = await states.set_task_run_state(
            _db(info),
            input.task_run_id,
            convert.state_snapshot(input.state),
            force=input.force,
            transition_id=convert.transition_id(input.transition_id),
        )
        return p.SetTaskRunStatePayload(
            **_state_change_fields(change), task_run=from_row(TaskRun, change.run)
        )

    @strawberry.mutation(description="Store a batch of log records (all or none).")
    @errors_as_data(p.CreateLogsPayload)
    async def create_logs(
        self, info: strawberry.Info, input: i.CreateLogsInput
    ) -> p.CreateLogsPayload:
        batch = [convert.log_create(index, log) for index, log in enumerate(input.logs)]
        count = await logs.create_logs(_db(info), batch)
        return p.CreateLogsPayload(count=count)

    @strawberry.mutation(
        description="Record task runs orchestrated by the client, with the states they "
        "entered, in one transaction (all or none). Retrying a batch is safe."
    )
    @errors_as_data(p.RecordTaskRunsPayload)
    async def record_task_runs(
        self, info: strawberry.Info, input: i.RecordTaskRunsInput
    ) -> p.RecordTaskRunsPayload:
        result = await convert.record_task_run_batch(_db(info), input.task_runs)
        return p.RecordTaskRunsPayload(count=result.count, state_count=result.state_count)

    @strawberry.mutation(
        description="Store events a client reports, in one transaction (all or none); "
        "retrying a batch with the same event ids stores each once."
    )
    @errors_as_data(p.EmitEventsPayload)
    async def emit_events(
        self, info: strawberry.Info, input: i.EmitEventsInput
    ) -> p.EmitEventsPayload:
        count = await events.emit_events(_db(info), client_events(input.events))
        return p.EmitEventsPayload(count=count)
