"""Async flows: the body runs on the caller's event loop; API calls run off it."""

from __future__ import annotations

import asyncio
from typing import Any

from flowql.sdk import context as ctx
from flowql.sdk.engine.calls import sleep_until
from flowql.sdk.engine.gc_tuning import fewer_collections
from flowql.sdk.engine.task_engine import call_with_parameters as _call_with_parameters
from flowql.sdk.states import Crashed, Failed, Running, State, exception_to_failed_state
from flowql.sdk.task_runners import ThreadPoolTaskRunner


async def _run_async(flow: Any, parameters: dict[str, Any], wait_for: Any) -> State[Any]:
    from flowql.sdk.engine.flow_engine import FlowRun, _value_to_state

    run = FlowRun(flow, parameters, wait_for)
    await asyncio.to_thread(run.wait_for_upstream)
    await asyncio.to_thread(run.create)
    invalid = await asyncio.to_thread(run._validate)
    if invalid is not None:
        return invalid
    while True:
        running = await asyncio.to_thread(run.propose, Running())
        if not running.is_running():
            return running
        assert run.info is not None
        context = ctx.FlowRunContext(
            flow=flow, flow_run=run.info, log_prints=bool(flow.log_prints),
            task_runner=(flow.task_runner or ThreadPoolTaskRunner()).duplicate(),
            task_runs=run.task_runs,
        )  # fmt: skip
        try:
            with (
                fewer_collections(run.runtime.settings.gc_tuning),
                ctx.entered_flow_run(context),
                context.task_runner,
            ):
                value = await asyncio.wait_for(
                    _call_with_parameters(flow.fn, run.parameters), timeout=flow.timeout_seconds
                )
                final = _value_to_state(value)
        except TimeoutError:
            message = (
                f"Flow run '{run.info.name}' exceeded timeout of {flow.timeout_seconds:g} second(s)"
            )
            final = Failed(name="TimedOut", message=message, data=TimeoutError(message))
        except Exception as error:
            final = exception_to_failed_state(error)
        except BaseException as error:
            await asyncio.to_thread(run.runtime.recorder.flush)
            await asyncio.to_thread(
                run.propose, Crashed(message=f"Execution was interrupted: {error!r}")
            )
            raise
        await asyncio.to_thread(run.runtime.recorder.flush)
        written = await asyncio.to_thread(run.propose, final)
        if written.is_scheduled():
            await asyncio.to_thread(sleep_until, written)
            continue
        await asyncio.to_thread(run._finish, written)
        return written


def call_async_flow(
    flow: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    return_state: bool,
    wait_for: Any = None,
) -> Any:
    """Calling an async flow returns a coroutine, as in Prefect."""
    from flowql.sdk.parameters import get_call_parameters

    async def run() -> Any:
        state = await _run_async(flow, get_call_parameters(flow.fn, args, kwargs), wait_for)
        return state if return_state else state.result()

    return run()
