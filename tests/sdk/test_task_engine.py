"""Tasks end to end: recorded states, retries, timeouts, futures, map, upstream."""

from __future__ import annotations

import time
from typing import Any

import pytest
from tests.sdk.conftest import all_flow_runs, flow_run, history

from flowql import allow_failure, flow, task, unmapped
from flowql.futures import as_completed, wait
from flowql.tasks import exponential_backoff


def _tasks(run_id: Any) -> list[Any]:
    nodes = [edge["node"] for edge in flow_run(run_id)["taskRuns"]["edges"]]
    return sorted(nodes, key=lambda node: (node["taskKey"], int(node["dynamicKey"].split(".")[-1])))


def test_sequential_tasks_are_recorded_before_the_flow_returns(sdk_mode: str) -> None:
    @task
    def add(x: int, y: int) -> int:
        return x + y

    @flow
    def adder() -> int:
        total = 0
        for i in range(5):
            total = add(total, i)
        return total

    assert adder() == 10
    (run,) = all_flow_runs()
    tasks = _tasks(run["id"])
    assert [t["name"] for t in tasks] == [f"add-{i}" for i in range(5)]
    assert {t["stateType"] for t in tasks} == {"COMPLETED"}
    assert history(tasks[0]) == ["Pending", "Running", "Completed"]


def test_task_retries_with_a_delay_list(sdk_mode: str) -> None:
    attempts: list[float] = []

    @task(retries=2, retry_delay_seconds=[0.05, 0.1])
    def flaky() -> str:
        attempts.append(time.monotonic())
        if len(attempts) < 3:
            raise RuntimeError("again")
        return "done"

    @flow
    def runner() -> str:
        return flaky()

    assert runner() == "done"
    assert attempts[1] - attempts[0] >= 0.05
    assert attempts[2] - attempts[1] >= 0.1
    (only,) = _tasks(all_flow_runs()[0]["id"])
    assert only["runCount"] == 3
    assert history(only)[-3:] == ["AwaitingRetry", "Retrying", "Completed"]


def test_retry_condition_can_refuse_a_retry(sdk_mode: str) -> None:
    calls: list[int] = []

    @task(retries=3, retry_condition_fn=lambda task, run, state: False)
    def never_again() -> None:
        calls.append(1)
        raise ValueError("final")

    @flow
    def runner() -> bool:
        return never_again(return_state=True).is_failed()

    assert runner() is True
    assert calls == [1]


def test_exponential_backoff_delays() -> None:
    assert exponential_backoff(backoff_factor=2)(3) == [2, 4, 8]


def test_task_timeout_marks_timed_out(sdk_mode: str) -> None:
    @task(timeout_seconds=0.2)
    def slow() -> None:
        for _ in range(100):
            time.sleep(0.05)

    @flow
    def runner() -> Any:
        return [slow(return_state=True)]

    (state,) = runner(return_state=True).result(raise_on_failure=False)
    assert state.is_failed()
    assert state.name == "TimedOut"
    with pytest.raises(TimeoutError):
        state.result()


def test_submit_and_futures(sdk_mode: str) -> None:
    @task
    def square(x: int) -> int:
        return x * x

    @flow
    def runner() -> list[int]:
        futures = [square.submit(i) for i in range(6)]
        done, not_done = wait(futures)
        assert not not_done and len(done) == 6
        assert sorted(f.result() for f in as_completed(futures)) == [0, 1, 4, 9, 16, 25]
        return [f.result() for f in futures]

    assert runner() == [0, 1, 4, 9, 16, 25]


def test_map_with_unmapped_and_upstream_inputs(sdk_mode: str) -> None:
    @task
    def scale(x: int, factor: int) -> int:
        return x * factor

    @task
    def total(values: list[int]) -> int:
        return sum(values)

    @flow
    def runner() -> int:
        scaled = scale.map([1, 2, 3], factor=unmapped(10))
        return total(scaled)

    assert runner() == 60
    tasks = _tasks(all_flow_runs()[0]["id"])
    by_name = {t["name"]: t for t in tasks}
    assert {f"scale-{i}" for i in range(3)} <= set(by_name)
    upstream = {entry["id"] for entry in by_name["total-0"]["taskInputs"]["values"]}
    assert upstream == {by_name[f"scale-{i}"]["id"] for i in range(3)}


def test_failed_upstream_stops_dependents_unless_allowed(sdk_mode: str) -> None:
    @task
    def fails() -> int:
        raise RuntimeError("upstream broke")

    @task
    def dependent(x: Any) -> str:
        return "ran"

    @flow
    def runner() -> tuple[Any, Any]:
        bad = fails.submit()
        blocked = dependent.submit(bad)
        allowed = dependent.submit(allow_failure(bad))
        return blocked.state, allowed.result()

    blocked_state, allowed_result = runner()
    assert (blocked_state.type.value, blocked_state.name) == ("PENDING", "NotReady")
    assert allowed_result == "ran"
    runs = all_flow_runs()
    tasks = _tasks(runs[0]["id"])
    states = sorted((t["name"], t["stateName"]) for t in tasks)
    assert ("dependent-0", "NotReady") in states
    assert ("dependent-1", "Completed") in states


def test_wait_for_orders_independent_tasks(sdk_mode: str) -> None:
    order: list[str] = []

    @task
    def first() -> None:
        time.sleep(0.1)
        order.append("first")

    @task
    def second() -> None:
        order.append("second")

    @flow
    def runner() -> None:
        a = first.submit()
        second.submit(wait_for=[a]).wait()

    runner()
    assert order == ["first", "second"]


def test_task_with_options_and_tags(sdk_mode: str) -> None:
    from flowql import tags

    @task(tags=["a"])
    def tagged() -> int:
        return 1

    @flow
    def runner() -> int:
        with tags("b"):
            return tagged.with_options(name="renamed")()

    assert runner() == 1
    (only,) = _tasks(all_flow_runs()[0]["id"])
    assert only["name"] == "renamed-0"
