"""Flows end to end: recorded states, parameters, retries, timeouts, hooks, runtime."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from tests.sdk.conftest import all_flow_runs, flow_run, history

from flowql import flow
from flowql.exceptions import ParameterTypeError


def test_trivial_flow_is_recorded_completed(sdk_mode: str) -> None:
    @flow
    def hello_world(name: str = "world") -> str:
        return f"hello {name}"

    state = hello_world(return_state=True)

    assert state.is_completed()
    assert state.result() == "hello world"
    runs = all_flow_runs()
    assert [(r["flow"]["name"], r["stateType"]) for r in runs] == [("hello-world", "COMPLETED")]
    recorded = flow_run(runs[0]["id"])
    assert history(recorded) == ["Pending", "Running", "Completed"]
    assert recorded["parameters"] == {"name": "world"}
    assert recorded["flow"]["parameterSchema"]["properties"]["name"]["default"] == "world"


def test_parameters_are_coerced_and_bad_ones_fail_before_the_body(sdk_mode: str) -> None:
    calls: list[Any] = []

    @flow
    def typed(count: int, ratio: float = 0.5) -> int:
        calls.append((count, ratio))
        return count

    assert typed("3") == 3
    with pytest.raises(ParameterTypeError, match="count"):
        typed("three")

    assert calls == [(3, 0.5)]
    failed = [r for r in all_flow_runs() if r["stateType"] == "FAILED"]
    assert len(failed) == 1
    assert "count" in flow_run(failed[0]["id"])["state"]["message"]


def test_failure_raises_and_is_recorded(sdk_mode: str) -> None:
    @flow
    def broken() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        broken()
    state = broken(return_state=True)

    assert state.is_failed()
    (first, second) = all_flow_runs()
    assert flow_run(first["id"])["state"]["type"] == "FAILED"
    assert "boom" in flow_run(second["id"])["state"]["message"]


def test_retries_rerun_the_flow_and_count_attempts(sdk_mode: str) -> None:
    attempts: list[int] = []

    @flow(retries=2, retry_delay_seconds=0)
    def flaky() -> str:
        from flowql.runtime import flow_run as current

        attempts.append(current.run_count)
        if len(attempts) < 3:
            raise RuntimeError("not yet")
        return "ok"

    assert flaky() == "ok"
    assert attempts == [1, 2, 3]
    (run,) = all_flow_runs()
    recorded = flow_run(run["id"])
    assert recorded["runCount"] == 3
    assert history(recorded) == [
        "Pending", "Running", "AwaitingRetry", "Retrying", "AwaitingRetry", "Retrying",
        "Completed",
    ]  # fmt: skip


def test_retries_exhausted_end_failed(sdk_mode: str) -> None:
    @flow(retries=1)
    def always_fails() -> None:
        raise RuntimeError("nope")

    state = always_fails(return_state=True)

    assert state.is_failed()
    (run,) = all_flow_runs()
    assert flow_run(run["id"])["runCount"] == 2


def test_timeout_fails_the_run_as_timed_out(sdk_mode: str) -> None:
    @flow(timeout_seconds=0.2)
    def slow() -> None:
        time.sleep(5)

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        slow()

    assert time.monotonic() - started < 4
    (run,) = all_flow_runs()
    assert (run["stateType"], run["stateName"]) == ("FAILED", "TimedOut")


def test_hooks_get_the_final_state(sdk_mode: str) -> None:
    seen: list[tuple[str, str]] = []

    def remember(tag: str) -> Any:
        return lambda flow, flow_run, state: seen.append((tag, state.type.value))

    @flow(on_completion=[remember("done")], on_failure=[remember("failed")])
    def maybe(fail: bool) -> None:
        if fail:
            raise RuntimeError("x")

    maybe(False)
    maybe(True, return_state=True)

    assert seen == [("done", "COMPLETED"), ("failed", "FAILED")]


def test_runtime_reflects_the_current_run(sdk_mode: str) -> None:
    from flowql.runtime import flow_run as current

    @flow(flow_run_name="run-for-{who}")
    def introspect(who: str) -> dict[str, Any]:
        return {"name": current.name, "params": current.parameters, "flow": current.flow_name}

    facts = introspect("ada")

    assert facts == {"name": "run-for-ada", "params": {"who": "ada"}, "flow": "introspect"}
    assert current.id is None


def test_with_options_changes_only_what_is_given(sdk_mode: str) -> None:
    @flow(name="original", retries=0)
    def base() -> int:
        return 1

    renamed = base.with_options(name="renamed")

    assert renamed() == 1
    assert (renamed.name, renamed.retries, base.name) == ("renamed", 0, "original")
    assert [r["flow"]["name"] for r in all_flow_runs()] == ["renamed"]


async def test_async_flows_run_on_the_callers_loop(embedded: Any) -> None:
    @flow
    async def async_flow(x: int) -> int:
        await asyncio.sleep(0.01)
        return x * 2

    assert await async_flow(21) == 42
    (run,) = await asyncio.to_thread(all_flow_runs)
    assert run["stateType"] == "COMPLETED"


def test_a_retrying_flow_runs_its_task_runs_again_not_new_ones(sdk_mode: str) -> None:
    from flowql import task

    attempts: list[int] = []

    @task
    def step(i: int) -> int:
        return i * 2

    @flow(retries=1)
    def parent() -> int:
        value = step(1)
        attempts.append(value)
        if len(attempts) == 1:
            raise RuntimeError("first attempt fails")
        return value

    assert parent() == 2
    (run,) = all_flow_runs()
    recorded = flow_run(run["id"])
    (only,) = [edge["node"] for edge in recorded["taskRuns"]["edges"]]
    assert (only["name"], only["runCount"], only["stateType"]) == ("step-0", 1, "COMPLETED")
    assert history(only) == ["Pending", "Running", "Completed"] * 2
