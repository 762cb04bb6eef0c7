"""A task body's trip to a worker process and back, for ``ProcessPoolTaskRunner``.

Only the body crosses: the task run stays in the parent (states, retries,
hooks, recording). The parent pickles the call with cloudpickle
(``dump_call``: the task, its resolved parameters and the run facts that
``flowql.runtime`` and ``get_run_logger()`` read); the worker
(``run_in_worker``) enters a flow run and a task run context built from those
facts, calls the function, sends its logs and records through this process's
own runtime, flushes them, and pickles the outcome; the parent unpickles it
(``load_outcome``) and returns the value or raises the exception again.
"""

from __future__ import annotations

import contextlib
import copy
import traceback
from dataclasses import dataclass
from typing import Any

import cloudpickle  # type: ignore[import-untyped]

from flowql.sdk import context as ctx


class BodyPicklingError(RuntimeError):
    """A task body's call or outcome could not cross to or from a worker process."""


class WorkerTraceback(Exception):
    """Where an exception was raised in a worker process (its ``__cause__`` in the parent)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f"raised in a worker process:\n{self.text}"


@dataclass(frozen=True)
class BodyCall:
    """What the worker needs to run one body as the parent's task run."""

    task: Any
    parameters: dict[str, Any]
    task_run: ctx.TaskRunInfo
    flow_run: ctx.FlowRunInfo | None
    log_prints: bool
    flow_log_prints: bool
    tags: tuple[str, ...]


def _parent_only() -> dict[str, Any]:
    """Task attributes only the parent uses (callables that need not pickle)."""
    return {
        "on_completion_hooks": [],
        "on_failure_hooks": [],
        "retry_condition_fn": None,
        "cache_key_fn": None,
        "_options": {},
    }


def dump_call(
    task: Any,
    parameters: dict[str, Any],
    context: ctx.TaskRunContext,
    flow_context: ctx.FlowRunContext | None,
) -> bytes:
    """Pickle the body call; raise ``BodyPicklingError`` naming what does not pickle."""
    worker_task = copy.copy(task)
    vars(worker_task).update(_parent_only())
    call = BodyCall(
        task=worker_task,
        parameters=parameters,
        task_run=context.task_run,
        flow_run=flow_context.flow_run if flow_context is not None else None,
        log_prints=context.log_prints,
        flow_log_prints=bool(flow_context and flow_context.log_prints),
        tags=ctx.current_tags(),
    )
    try:
        return bytes(cloudpickle.dumps(call))
    except Exception as error:
        raise BodyPicklingError(
            f"Task run {context.task_run.name!r}: could not pickle {_unpicklable_part(call)} "
            f"to send it to a worker process: {type(error).__name__}: {error}"
        ) from error


def _unpicklable_part(call: BodyCall) -> str:
    parts: list[tuple[str, Any]] = [
        *((f"parameter {name!r}", value) for name, value in call.parameters.items()),
        ("the task function", call.task),
        ("the flow run's parameters", call.flow_run),
    ]
    for what, value in parts:
        try:
            cloudpickle.dumps(value)
        except Exception:
            return what
    return "the call"


def run_in_worker(payload: bytes, run_name: str) -> bytes:
    """In the worker process: run the pickled call; return the pickled outcome.

    The outcome is ``(value, exception, traceback text)``; run logs and nested
    task runs are committed before it is returned.
    """
    try:
        call: BodyCall = cloudpickle.loads(payload)
    except Exception as error:
        failure = BodyPicklingError(
            f"Task run {run_name!r}: the worker process could not unpickle the task "
            f"function or its parameters: {type(error).__name__}: {error}"
        )
        return _dump_outcome((None, failure, traceback.format_exc()), run_name)
    try:
        try:
            outcome: tuple[Any, BaseException | None, str | None] = (_run(call), None, None)
        finally:
            _flush()
    except Exception as error:
        outcome = (None, error, traceback.format_exc())
    return _dump_outcome(outcome, run_name)


def _run(call: BodyCall) -> Any:
    from flowql.sdk.engine.runtime import get_runtime
    from flowql.sdk.engine.task_engine import call_task_function
    from flowql.sdk.logging import patch_print

    get_runtime()  # this process's API connection, log batcher and console logging
    task_context = ctx.TaskRunContext(
        task=call.task,
        task_run=call.task_run,
        log_prints=call.log_prints,
        children=ctx.ChildCounter(prefix=f"{call.task_run.dynamic_key}."),
    )
    with contextlib.ExitStack() as stack:
        if call.flow_run is not None:
            flow_context = ctx.FlowRunContext(
                flow=None, flow_run=call.flow_run, log_prints=call.flow_log_prints
            )
            stack.enter_context(ctx.entered_flow_run(flow_context))
        stack.enter_context(ctx.tags(*call.tags))
        stack.enter_context(ctx.entered_task_run(task_context))
        if call.log_prints:
            stack.enter_context(patch_print())
        return call_task_function(call.task, call.parameters)


def _flush() -> None:
    from flowql.sdk.engine.runtime import get_runtime

    runtime = get_runtime()
    runtime.recorder.flush()  # task runs called from the body, before logs that name them
    runtime.logs.flush()


def _dump_outcome(outcome: tuple[Any, BaseException | None, str | None], run_name: str) -> bytes:
    value, error, trace = outcome
    try:
        data = bytes(cloudpickle.dumps(outcome))
        if error is not None:
            cloudpickle.loads(data)  # some exceptions pickle but cannot be rebuilt
        return data
    except Exception as failure:
        what = (
            f"the return value (of type {type(value).__name__})"
            if error is None
            else f"the exception it raised ({type(error).__name__}: {error})"
        )
        replacement = BodyPicklingError(
            f"Task run {run_name!r}: could not pickle {what} to send it back from the "
            f"worker process: {type(failure).__name__}: {failure}"
        )
        return bytes(cloudpickle.dumps((None, replacement, trace)))


def load_outcome(data: bytes, run_name: str) -> Any:
    """In the parent: the body's return value, or its exception raised again."""
    try:
        value, error, trace = cloudpickle.loads(data)
    except Exception as failure:
        raise BodyPicklingError(
            f"Task run {run_name!r}: could not unpickle the outcome sent back by the worker "
            f"process: {type(failure).__name__}: {failure}"
        ) from failure
    if error is not None:
        raise error from (WorkerTraceback(trace) if trace else None)
    return value
