"""Run task calls: identity, upstream resolution, retries, timeouts, hooks.

A task run's identity is (flow run, task key, dynamic key) where the dynamic
key numbers the calls of that task made from the *same parent run* (the flow
body, or the task that called it), so it never depends on how concurrent
siblings interleave.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
import uuid
from typing import Any

from flowql import orchestration as o
from flowql.core.ids import new_id
from flowql.core.time import utcnow
from flowql.sdk import context as ctx
from flowql.sdk.engine.caching import reusable_result, task_results
from flowql.sdk.engine.calls import sleep_until, split_reserved
from flowql.sdk.engine.local_orchestration import (
    Aborted,
    Waited,
    task_run_orchestrator,
)
from flowql.sdk.engine.timeouts import run_with_timeout
from flowql.sdk.futures import (
    PrefectFuture,
    PrefectFutureList,
    collect_futures,
    resolve_futures_to_states,
)
from flowql.sdk.recorder import TaskRunRecord
from flowql.sdk.states import Completed, Failed, Pending, Running, State, exception_to_failed_state
from flowql.sdk.states.details import PersistedResult

logger = logging.getLogger("flowql.task_engine")


def _identity(task: Any) -> tuple[uuid.UUID | None, str, int]:
    flow_context = ctx.current_flow_run_context()
    parent: ctx.FlowRunContext | ctx.TaskRunContext | None = (
        ctx.current_task_run_context() or flow_context
    )
    dynamic_key = parent.children.next_key(task.task_key) if parent else str(new_id())
    flow_run = flow_context.flow_run if flow_context else None
    return (flow_run.id if flow_run else None, dynamic_key, flow_run.run_count if flow_run else 0)


def _registry() -> dict[tuple[str, str], Any]:
    flow_context = ctx.current_flow_run_context()
    return flow_context.task_runs if flow_context is not None else {}


def _run_name(task: Any, dynamic_key: str, parameters: dict[str, Any]) -> str:
    template = task.task_run_name
    if template is None:
        return f"{task.name}-{dynamic_key}"
    if callable(template):
        return str(template())
    return str(template.format(**parameters))


class TaskRun:
    """One task run from creation to its final state."""

    __slots__ = (
        "orchestrator",
        "parameters",
        "record",
        "results",
        "reused",
        "runtime",
        "task",
        "wait_for",
    )

    def __init__(self, task: Any, parameters: dict[str, Any], wait_for: Any) -> None:
        from flowql.sdk.engine.runtime import get_runtime

        self.task = task
        self.parameters = parameters
        self.wait_for = wait_for
        self.runtime = get_runtime()
        flow_run_id, dynamic_key, flow_run_count = _identity(task)
        self.orchestrator = task_run_orchestrator(
            _registry(),
            (task.task_key, dynamic_key),
            flow_run_count,
            self.runtime.recorder,
            lambda: TaskRunRecord(
                id=new_id(),
                flow_run_id=flow_run_id,
                task_key=task.task_key,
                dynamic_key=dynamic_key,
                name=_run_name(task, dynamic_key, parameters),
                tags=_shared_list(tuple(sorted({*task.tags, *ctx.current_tags()}))),
                task_inputs=_task_inputs(parameters),
                retries=task.retries,
                retry_delay_seconds=_shared_list(tuple(task.delays)),
                retry_jitter_factor=task.retry_jitter_factor,
                flow_run_run_count=flow_run_count,
                expected_start_time=utcnow(),
            ),
        )
        self.record = self.orchestrator.record
        self.results = task_results(task, self.runtime)
        # A retrying flow reuses what this run (same identity) persisted last attempt.
        self.reused = reusable_result(self.orchestrator) if self.orchestrator.rerunning else None
        self.orchestrator.propose(Pending())

    def run(self) -> State[Any]:
        upstream_failure = self._resolve_upstream()
        if upstream_failure is not None:
            return upstream_failure
        results = self.results
        if results is None:
            return self._run(self.reused)
        results.compute_key(self.task, self.record, self.parameters)
        if results.cache_key is not None:
            self.runtime.recorder.update(self.record, cache_key=results.cache_key)
        with results.locked():
            return self._run(self.reused or results.lookup())

    def _run(self, cached: tuple[o.StateSnapshot, PersistedResult] | None) -> State[Any]:
        while True:
            running = self._enter_running(cached)
            cached = None  # looked up once: retries of this run compute
            if not running.is_running():
                if running.is_completed():  # a cache hit: adopt its result
                    self._call_hooks(running)
                return running
            final = self._attempt()
            if final.is_scheduled():
                sleep_until(final)
                continue
            self._call_hooks(final)
            return final

    def _resolve_upstream(self) -> State[Any] | None:
        futures = collect_futures(self.parameters) + collect_futures(self.wait_for)
        for future in futures:
            state = future.wrapped_future.result()
            if not state.is_completed() and not _allows_failure(future, self.parameters):
                from flowql.exceptions import UpstreamTaskError

                message = (
                    f"Upstream task run '{future.task_run_id}' did not reach a 'COMPLETED' state."
                )
                # Forced: PENDING -> PENDING is refused by the rules, but NotReady
                # is the final word for a task whose upstream failed (as in Prefect).
                return self.orchestrator.propose(
                    Pending(name="NotReady", message=message, data=UpstreamTaskError(message)),
                    force=True,
                )
        self.parameters = _resolve_parameters(self.parameters)
        return None

    def _enter_running(
        self, cached: tuple[o.StateSnapshot, PersistedResult] | None = None
    ) -> State[Any]:
        while True:
            try:
                if cached is None:
                    return self.orchestrator.propose(Running())
                state = self.orchestrator.propose(Running(), cached_state=cached[0])
                if state.is_completed():
                    state.data = cached[1]
                    if self.results is not None:
                        self.results.remember(cached[1])
                return state
            except Waited as wait:
                time.sleep(max(wait.delay, 0.0))
            except Aborted as abort:
                return Failed(message=f"task run aborted: {abort}")

    def _attempt(self) -> State[Any]:
        context = ctx.TaskRunContext(
            task=self.task,
            task_run=ctx.TaskRunInfo(
                id=self.record.id,
                name=self.record.name,
                task_key=self.record.task_key,
                dynamic_key=self.record.dynamic_key,
                flow_run_id=self.record.flow_run_id,
                tags=self.record.tags,
                run_count=self.record.run_count,
            ),
            log_prints=bool(self.task.log_prints) or _flow_log_prints(),
            children=ctx.ChildCounter(prefix=f"{self.record.dynamic_key}."),
        )
        try:
            with ctx.entered_task_run(context):
                call = self._call_logging_prints if context.log_prints else self._call
                value = run_with_timeout(
                    call, self.task.timeout_seconds, f"Task run '{self.record.name}'"
                )
        except TimeoutError as error:
            timed_out = Failed(name="TimedOut", message=str(error), data=error)
            if self.results is not None:
                timed_out = self.results.persist_failure(timed_out)
            return self.orchestrator.propose(timed_out)
        except Exception as error:
            failed = exception_to_failed_state(error)
            if not self._should_retry(failed):
                failed = failed.copy(state_details={**failed.state_details, "retry": False})
            if self.results is not None:
                failed = self.results.persist_failure(failed)
            return self.orchestrator.propose(failed)
        if self.results is None:
            return self.orchestrator.propose(Completed(data=value))
        return self._complete_persisted(value)

    def _complete_persisted(self, value: Any) -> State[Any]:
        results = self.results
        assert results is not None
        try:
            data = results.persist(value)
        except Exception as error:
            return self.orchestrator.propose(exception_to_failed_state(error))
        if results.expiration is not None:
            self.runtime.recorder.update(self.record, cache_expiration=results.expiration)
        final = self.orchestrator.propose(Completed(data=data, state_details=results.details()))
        if final.is_completed():
            results.remember(data)
        return final

    def _call(self) -> Any:
        def call_here() -> Any:
            return call_task_function(self.task, self.parameters)

        # The flow's task runner decides where the body runs (a worker process, say).
        flow_context = ctx.current_flow_run_context()
        runner = flow_context.task_runner if flow_context is not None else None
        if runner is None:
            return call_here()
        context = ctx.current_task_run_context()
        return runner.run_body(call_here, self.task, self.parameters, context)

    def _call_logging_prints(self) -> Any:
        from flowql.sdk.logging import patch_print

        with patch_print():
            return self._call()

    def _should_retry(self, failed: State[Any]) -> bool:
        condition = self.task.retry_condition_fn
        if condition is None:
            return True
        return bool(condition(self.task, self.record, failed))

    def _call_hooks(self, final: State[Any]) -> None:
        hooks = self.task.on_completion_hooks if final.is_completed() else []
        if final.is_failed() or final.is_crashed():
            hooks = self.task.on_failure_hooks
        for hook in hooks:
            try:
                hook(self.task, self.record, final)
            except Exception:
                logger.exception("hook %r of task run %r failed", hook, self.record.name)


def _flow_log_prints() -> bool:
    flow_context = ctx.current_flow_run_context()
    return bool(flow_context and flow_context.log_prints)


def _allows_failure(future: PrefectFuture[Any], parameters: dict[str, Any]) -> bool:
    from flowql.utilities.annotations import allow_failure

    return any(
        isinstance(value, allow_failure) and future in collect_futures(value.unwrap())
        for value in parameters.values()
    )


def _resolve_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    from flowql.utilities.annotations import BaseAnnotation

    resolved = {}
    for name, value in parameters.items():
        if isinstance(value, BaseAnnotation):
            value = value.unwrap()
        states = resolve_futures_to_states(value)
        resolved[name] = _states_to_results(states)
    return resolved


def _states_to_results(value: Any) -> Any:
    if isinstance(value, State):
        return value.result(raise_on_failure=False)
    if isinstance(value, list | tuple | set):
        items = [_states_to_results(item) for item in value]
        return tuple(items) if isinstance(value, tuple) else type(value)(items)
    if isinstance(value, dict):
        return {key: _states_to_results(item) for key, item in value.items()}
    return value


# A flow keeps every task run's record (a flow retry runs them again), and the
# collector revisits each object it holds on every full collection: lists that
# are the same for many runs (tags, delays, inputs without upstream runs) are
# shared, read-only, instead of repeated per run.
@functools.lru_cache(maxsize=1024)
def _shared_list(items: tuple[Any, ...]) -> list[Any]:
    return list(items)


_NO_UPSTREAM: dict[tuple[str, ...], dict[str, list[Any]]] = {}


def _task_inputs(parameters: dict[str, Any]) -> dict[str, Any]:
    """Upstream dependencies per parameter, as Prefect's ``task_inputs``."""
    from flowql.utilities.annotations import BaseAnnotation

    inputs: dict[str, Any] = {}
    for name, value in parameters.items():
        inner = value.unwrap() if isinstance(value, BaseAnnotation) else value
        futures = collect_futures(inner)
        inputs[name] = [{"inputType": "task_run", "id": str(f.task_run_id)} for f in futures]
    if any(inputs.values()):
        return inputs
    return _NO_UPSTREAM.setdefault(tuple(inputs), inputs)


def call_with_parameters(fn: Any, parameters: dict[str, Any]) -> Any:
    """Call ``fn`` with bound parameters (``*args``/``**kwargs`` spread back out)."""
    from flowql.sdk.parameters import parameters_to_args_kwargs

    args, kwargs = parameters_to_args_kwargs(fn, parameters)
    return fn(*args, **kwargs)


def call_task_function(task: Any, parameters: dict[str, Any]) -> Any:
    """Run a task's function with its parameters (an async one to completion)."""
    value = call_with_parameters(task.fn, parameters)
    return asyncio.run(value) if task.isasync else value


def _bind(task: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    from flowql.sdk.parameters import get_call_parameters

    return get_call_parameters(task.fn, args, kwargs)


def call_task(task: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``task(...)``: run now, in this thread; return the result (or the state)."""
    kwargs, return_state, wait_for = split_reserved(kwargs)
    state = TaskRun(task, _bind(task, args, kwargs), wait_for).run()
    return state if return_state else state.result()


def submit_task(task: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> PrefectFuture[Any]:
    """``task.submit(...)``: run on the flow's task runner; return a future."""
    kwargs, _, wait_for = split_reserved(kwargs)
    run = TaskRun(task, _bind(task, args, kwargs), wait_for)
    return PrefectFuture(run.record.id, _task_runner().submit_call(run.run))


def map_task(task: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> PrefectFutureList[Any]:
    """``task.map(...)``: one submitted run per element of the iterable arguments."""
    from flowql.sdk.engine.mapping import expand_map_calls

    kwargs, _, wait_for = split_reserved(kwargs)
    futures: PrefectFutureList[Any] = PrefectFutureList()
    for call_kwargs in expand_map_calls(task.fn, args, kwargs):
        run = TaskRun(task, call_kwargs, wait_for)
        futures.append(PrefectFuture(run.record.id, _task_runner().submit_call(run.run)))
    return futures


def _task_runner() -> Any:
    flow_context = ctx.current_flow_run_context()
    if flow_context is None or flow_context.task_runner is None:
        from flowql.exceptions import MissingContextError

        raise MissingContextError("Tasks can only be submitted or mapped from inside a flow run.")
    return flow_context.task_runner
