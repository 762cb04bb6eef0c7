"""Run flow calls: create the run, propose states to the API, run the body
with retries and a timeout, record everything before returning.

Flow-run states go through the API one by one (server-side orchestration);
task runs are orchestrated locally and committed in batches, and the batch
is flushed before the flow's final state is proposed, so when a flow call
returns every task run and state it made is committed.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from flowql.core.ids import new_id
from flowql.sdk import context as ctx
from flowql.sdk.engine.caching import persisted_failure, should_persist, store_for
from flowql.sdk.engine.calls import sleep_until, split_reserved
from flowql.sdk.engine.gc_tuning import fewer_collections
from flowql.sdk.engine.task_engine import call_with_parameters as _call_with_parameters
from flowql.sdk.engine.timeouts import run_with_timeout
from flowql.sdk.futures import (
    PrefectFuture,
    PrefectFutureList,
    collect_futures,
    resolve_futures_to_states,
    wait,
)
from flowql.sdk.states import (
    Crashed,
    Failed,
    Pending,
    Running,
    State,
    exception_to_failed_state,
    is_state,
    is_state_iterable,
    return_value_to_state,
)
from flowql.sdk.states.details import PersistedResult
from flowql.sdk.task_runners import ThreadPoolTaskRunner

logger = logging.getLogger("flowql.flow_engine")


class FlowAborted(RuntimeError):
    pass


class FlowRun:
    """One flow run from creation to its final state."""

    def __init__(self, flow: Any, parameters: dict[str, Any], wait_for: Any = None) -> None:
        from flowql.sdk.engine.runtime import get_runtime

        self.flow = flow
        self.wait_for = wait_for
        self.parameters = parameters
        self.runtime = get_runtime()
        self.info: ctx.FlowRunInfo | None = None
        self.task_runs: dict[tuple[str, str], Any] = {}  # kept across attempts
        # Created now, in the caller's thread, so that a subflow's identity is
        # fixed by call order in its parent even if it runs concurrently.
        self.parent_task_run: Any = None
        if ctx.current_flow_run_context() is not None:
            from flowql.sdk.engine.subflow import SubflowTaskRun

            self.parent_task_run = SubflowTaskRun(flow, parameters)

    # -- API calls ---------------------------------------------------------------
    def create(self) -> None:
        from flowql.sdk.parameters import serialize_parameters

        flow_id = self.runtime.flow_id(self.flow)
        parent_task_run_id = self._parent_task_run()
        created = self.runtime.call(
            self.runtime.api.create_flow_run(
                flow_id,
                name=self._run_name(),
                parameters=serialize_parameters(self.parameters),
                tags=sorted(ctx.current_tags()),
                parent_task_run_id=parent_task_run_id,
                state=Pending().to_api_input(),
                retries=self.flow.retries,
                retry_delay_seconds=[self.flow.retry_delay_seconds],
            )
        )
        self.info = ctx.FlowRunInfo(
            id=uuid.UUID(created["id"]),
            name=created["name"],
            flow_name=self.flow.name,
            parameters=self.parameters,
            tags=list(created.get("tags") or []),
            run_count=0,
            parent_task_run_id=parent_task_run_id,
        )

    def propose(self, state: State[Any]) -> State[Any]:
        assert self.info is not None
        while True:
            answer = self.runtime.call(
                self.runtime.api.set_flow_run_state(self.info.id, state.to_api_input())
            )
            status = answer["status"]
            if status == "WAIT":
                time.sleep(max(float(answer.get("delaySeconds") or 0), 0.0))
                continue
            if status == "ABORT":
                raise FlowAborted(f"flow run {self.info.name!r}: {answer.get('reason')}")
            self.info.run_count = int(answer["flowRun"]["runCount"])
            written = State.from_api(answer["state"])
            if written.type == state.type:
                written = written.copy(data=state.data)
            return written

    # -- the run ---------------------------------------------------------------
    def run(self) -> State[Any]:
        with fewer_collections(self.runtime.settings.gc_tuning):
            return self._run()

    def _run(self) -> State[Any]:
        self.wait_for_upstream()
        self.create()
        invalid = self._validate()
        if invalid is not None:
            return invalid
        while True:
            running = self.propose(Running())
            if not running.is_running():
                return running
            self._call_hooks(self.flow.on_running_hooks, running)
            final = self._attempt()
            written = self.propose(final)
            if written.is_scheduled():
                sleep_until(written)
                continue
            self._finish(written)
            return written

    def wait_for_upstream(self) -> None:
        """``wait_for=``: start only once those runs have finished (as Prefect's subflows)."""
        wait(collect_futures(self.wait_for))

    def _validate(self) -> State[Any] | None:
        if not self.flow.should_validate_parameters:
            return None
        from flowql.exceptions import ParameterTypeError

        try:
            self.parameters = self.flow.validate_parameters(self.parameters)
        except ParameterTypeError as error:
            failed = self.propose(exception_to_failed_state(error))
            self._finish(failed)
            return failed
        return None

    def _attempt(self) -> State[Any]:
        assert self.info is not None
        runner = (self.flow.task_runner or ThreadPoolTaskRunner()).duplicate()
        context = ctx.FlowRunContext(
            flow=self.flow,
            flow_run=self.info,
            log_prints=bool(self.flow.log_prints),
            task_runner=runner,
            task_runs=self.task_runs,
        )
        from flowql.sdk.logging import flow_run_logger, patch_print

        try:
            with ctx.entered_flow_run(context), runner, patch_print():
                flow_run_logger(context).info(
                    "Beginning flow run %r for flow %r", self.info.name, self.flow.name
                )
                value = run_with_timeout(
                    lambda: _call_with_parameters(self.flow.fn, self.parameters),
                    self.flow.timeout_seconds,
                    f"Flow run '{self.info.name}'",
                )
                final = self._persisted(_value_to_state(value))
        except TimeoutError as error:
            final = self._persisted(Failed(name="TimedOut", message=str(error), data=error))
        except Exception as error:
            final = self._persisted(exception_to_failed_state(error))
        except BaseException as error:
            self.runtime.recorder.flush()
            self.propose(Crashed(message=f"Execution was interrupted: {error!r}", data=error))
            raise
        self.runtime.recorder.flush()
        return final

    def _persisted(self, final: State[Any]) -> State[Any]:
        """A COMPLETED state whose value (or a FAILED state whose exception) is written to
        result storage when the flow persists results (its state then points at it:
        ``state.result()`` anywhere)."""
        settings = self.runtime.settings
        persists = should_persist(self.flow.persist_result, None, settings)
        if not persists or not (final.is_completed() or final.is_failed()):
            return final
        if final.is_failed():
            return persisted_failure(final, self.flow, None, settings)
        value = final.data
        if is_state(value) or is_state_iterable(value):
            return final  # the result of its runs: theirs persist on their own
        store = store_for(
            self.flow, None, settings, storage="result_storage", serializer="result_serializer"
        )
        record = store.write(new_id().hex, value)  # a SerializationError fails the run
        reference = record.metadata.reference()
        keep = self.flow.cache_result_in_memory
        return final.copy(
            data=PersistedResult(reference, value) if keep else PersistedResult(reference)
        )

    def _finish(self, final: State[Any]) -> None:
        self._log_final(final)
        hooks = {
            "COMPLETED": self.flow.on_completion_hooks,
            "FAILED": self.flow.on_failure_hooks,
            "CANCELLED": self.flow.on_cancellation_hooks,
            "CRASHED": self.flow.on_crashed_hooks,
        }.get(final.type.value, [])
        self._call_hooks(hooks, final)
        if self.parent_task_run is not None:
            self.parent_task_run.finish(final)
        self.runtime.recorder.flush()

    def _log_final(self, final: State[Any]) -> None:
        from flowql.sdk.logging import flow_run_logger

        assert self.info is not None
        level = logging.INFO if final.is_completed() else logging.ERROR
        logger = flow_run_logger(ctx.FlowRunContext(flow=self.flow, flow_run=self.info))
        logger.log(level, "Finished in state %s", final)

    def _call_hooks(self, hooks: list[Any], state: State[Any]) -> None:
        for hook in hooks:
            try:
                hook(self.flow, self.info, state)
            except Exception:
                logger.exception("hook %r of flow run %r failed", hook, self.flow.name)

    def _run_name(self) -> str | None:
        template = self.flow.flow_run_name
        if template is None:
            return None
        if callable(template):
            return str(template())
        return str(template.format(**self.parameters))

    def _parent_task_run(self) -> uuid.UUID | None:
        if self.parent_task_run is None:
            return None
        self.runtime.recorder.flush()  # the server must know the parent task run first
        return self.parent_task_run.record.id  # type: ignore[no-any-return]


def _value_to_state(value: Any) -> State[Any]:
    if isinstance(value, PrefectFuture | PrefectFutureList):
        value = resolve_futures_to_states(list(value) if isinstance(value, list) else value)
    return return_value_to_state(value)


def call_flow(flow: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``my_flow(...)``: run the flow now; return its result (or its final state)."""
    from flowql.sdk.parameters import get_call_parameters

    kwargs, return_state, wait_for = split_reserved(kwargs)
    if flow.isasync:
        from flowql.sdk.engine.async_flows import call_async_flow

        return call_async_flow(flow, args, kwargs, return_state, wait_for)
    state = FlowRun(flow, get_call_parameters(flow.fn, args, kwargs), wait_for).run()
    return state if return_state else state.result()


def submit_flow(flow: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> PrefectFuture[Any]:
    """``my_flow.submit(...)``: run as a subflow on the parent's task runner."""
    from flowql.sdk.engine.subflow import submit_subflow

    return submit_subflow(flow, args, kwargs)


def map_flow(flow: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> PrefectFutureList[Any]:
    """``my_flow.map(...)``: one concurrent subflow run per element."""
    from flowql.sdk.engine.subflow import map_subflow

    return map_subflow(flow, args, kwargs)
