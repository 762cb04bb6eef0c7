"""Subflows: a flow called inside a flow is a child run linked to a task run
of its parent (as in Prefect), and may be submitted or mapped concurrently."""

from __future__ import annotations

from typing import Any

from flowql.core.ids import new_id
from flowql.core.time import utcnow
from flowql.sdk import context as ctx
from flowql.sdk.engine.calls import split_reserved
from flowql.sdk.engine.local_orchestration import task_run_orchestrator
from flowql.sdk.futures import PrefectFuture, PrefectFutureList
from flowql.sdk.recorder import TaskRunRecord
from flowql.sdk.states import Pending, Running, State


class SubflowTaskRun:
    """The task run that stands for a subflow call in its parent flow run."""

    def __init__(self, flow: Any, parameters: dict[str, Any]) -> None:
        from flowql.sdk.engine.runtime import get_runtime

        flow_context = ctx.current_flow_run_context()
        assert flow_context is not None
        parent = ctx.current_task_run_context() or flow_context
        task_key = f"subflow/{flow.name}"
        dynamic_key = parent.children.next_key(task_key)
        # On a retry of the parent flow: the same task run, as a new attempt.
        run_count = flow_context.flow_run.run_count
        self.orchestrator = task_run_orchestrator(
            flow_context.task_runs,
            (task_key, dynamic_key),
            run_count,
            get_runtime().recorder,
            lambda: TaskRunRecord(
                id=new_id(),
                flow_run_id=flow_context.flow_run.id,
                task_key=task_key,
                dynamic_key=dynamic_key,
                name=f"{flow.name}-{dynamic_key}",
                tags=sorted(ctx.current_tags()),
                task_inputs={name: [] for name in parameters},
                retries=0,
                retry_delay_seconds=[],
                retry_jitter_factor=None,
                flow_run_run_count=run_count,
                expected_start_time=utcnow(),
            ),
        )
        self.record = self.orchestrator.record
        self.orchestrator.propose(Pending())
        self.orchestrator.propose(Running())

    def finish(self, final: State[Any]) -> None:
        self.orchestrator.propose(State(type=final.type, name=final.name, message=final.message))


def submit_subflow(flow: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> PrefectFuture[Any]:
    from flowql.sdk.engine.flow_engine import FlowRun
    from flowql.sdk.engine.task_engine import _task_runner
    from flowql.sdk.parameters import get_call_parameters

    kwargs, _, wait_for = split_reserved(kwargs)
    run = FlowRun(flow, get_call_parameters(flow.fn, args, kwargs), wait_for)
    return PrefectFuture(run.parent_task_run.record.id, _task_runner().submit_call(run.run))


def map_subflow(flow: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> PrefectFutureList[Any]:
    from flowql.sdk.engine.flow_engine import FlowRun
    from flowql.sdk.engine.mapping import expand_map_calls
    from flowql.sdk.engine.task_engine import _task_runner

    kwargs, _, wait_for = split_reserved(kwargs)
    futures: PrefectFutureList[Any] = PrefectFutureList()
    for parameters in expand_map_calls(flow.fn, args, kwargs):
        run = FlowRun(flow, parameters, wait_for)
        futures.append(
            PrefectFuture(run.parent_task_run.record.id, _task_runner().submit_call(run.run))
        )
    return futures
