"""ProcessPoolTaskRunner: task bodies run in worker processes, task runs stay here.

Spawning workers costs time, so each test runs one flow (one pool) that
checks several things at once.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tests.sdk.conftest import all_flow_runs, flow_run, history, query

from flowql import flow, get_run_logger, task
from flowql.runtime import flow_run as current_flow_run
from flowql.runtime import task_run as current_task_run
from flowql.sdk.engine.process_body import BodyPicklingError
from flowql.task_runners import ProcessPoolTaskRunner

LOGS = """
query($taskRunId: UUID!) {
  logs(first: 50, filter: {taskRunId: {any: [$taskRunId]}}) {
    edges { node { message level flowRunId taskRunId } }
  }
}
"""


@task
def cube(x: int) -> tuple[int, int]:
    """A module-level task."""
    return x**3, os.getpid()


@task
async def async_increment(x: int) -> tuple[int, int]:
    await asyncio.sleep(0)
    return x + 1, os.getpid()


@task(tags=["heavy"])
def introspect() -> dict[str, Any]:
    get_run_logger().info("hello from the worker")
    print("printed in the worker")
    return {
        "task_run_id": str(current_task_run.id),
        "task_run_name": current_task_run.name,
        "run_count": current_task_run.run_count,
        "tags": sorted(current_task_run.tags),
        "flow_run_id": str(current_flow_run.id),
        "flow_run_name": current_flow_run.name,
    }


def _tasks_by_name(run_id: Any) -> dict[str, Any]:
    return {edge["node"]["name"]: edge["node"] for edge in flow_run(run_id)["taskRuns"]["edges"]}


def _log_messages(task_run_id: str) -> list[str]:
    edges = query(LOGS, {"taskRunId": task_run_id})["logs"]["edges"]
    return [edge["node"]["message"] for edge in edges]


def test_bodies_run_in_worker_processes_and_report_to_the_api(sdk_mode: str) -> None:
    @task
    def double(x: int) -> tuple[int, int]:
        return 2 * x, os.getpid()

    @flow(task_runner=ProcessPoolTaskRunner(max_workers=2), log_prints=True)
    def fan_out() -> dict[str, Any]:
        mapped = double.map(range(20))
        return {
            "mapped": mapped.result(),
            "cube": cube.submit(3).result(),
            "async": async_increment.submit(1).result(),
            "direct": double(5),
            "facts": introspect.submit().result(),
        }

    result = fan_out()
    parent = os.getpid()
    values, pids = zip(*result["mapped"], strict=True)
    assert list(values) == [2 * i for i in range(20)]
    assert parent not in pids and len(set(pids)) <= 2
    assert result["cube"][0] == 27 and result["cube"][1] != parent
    assert result["async"][0] == 2 and result["async"][1] != parent
    assert result["direct"] == (10, parent)  # called directly: runs in the flow's thread

    (run,) = all_flow_runs()
    tasks = _tasks_by_name(run["id"])
    assert len(tasks) == 24
    assert {node["stateType"] for node in tasks.values()} == {"COMPLETED"}
    facts = result["facts"]
    assert facts == {
        "task_run_id": tasks["introspect-0"]["id"],
        "task_run_name": "introspect-0",
        "run_count": 1,
        "tags": ["heavy"],
        "flow_run_id": run["id"],
        "flow_run_name": run["name"],
    }
    messages = _log_messages(facts["task_run_id"])
    assert "hello from the worker" in messages
    assert "printed in the worker" in messages  # log_prints=True works in the worker


def test_failures_retries_and_unpicklable_values(sdk_mode: str, tmp_path: Path) -> None:
    counter = tmp_path / "attempts"

    @task
    def boom() -> None:
        raise ValueError("bad input")

    @task(retries=2, retry_delay_seconds=0)
    def flaky(path: Path) -> int:
        attempts = int(path.read_text()) + 1 if path.exists() else 1
        path.write_text(str(attempts))
        if attempts < 2:
            raise RuntimeError(f"attempt {attempts} failed")
        return attempts

    @task
    def generator() -> Any:
        return (i for i in range(3))

    @task
    def echo(value: Any) -> Any:
        return value

    @flow(task_runner=ProcessPoolTaskRunner(max_workers=2))
    def failing() -> dict[str, Any]:
        futures = {
            "boom": boom.submit(),
            "flaky": flaky.submit(counter),
            "generator": generator.submit(),
            "lock": echo.submit(threading.Lock()),
        }
        return {name: future.wait() or future.state for name, future in futures.items()}

    states = failing()
    assert states["boom"].is_failed()
    assert states["boom"].message == "ValueError: bad input"
    with pytest.raises(ValueError, match="bad input"):
        states["boom"].result()

    assert states["flaky"].result() == 2
    tasks = _tasks_by_name(all_flow_runs()[0]["id"])
    assert tasks["flaky-0"]["runCount"] == 2
    assert history(tasks["flaky-0"])[-3:] == ["AwaitingRetry", "Retrying", "Completed"]

    unpicklable_return = states["generator"]
    assert unpicklable_return.is_failed()
    assert "'generator-0'" in unpicklable_return.message
    assert "could not pickle the return value (of type generator)" in unpicklable_return.message
    with pytest.raises(BodyPicklingError):
        unpicklable_return.result()
    assert states["lock"].is_failed()
    assert "'echo-0': could not pickle parameter 'value'" in states["lock"].message
    assert tasks["generator-0"]["stateType"] == tasks["echo-0"]["stateType"] == "FAILED"


def test_subflows_and_with_options_get_a_pool_of_their_own(embedded: Path) -> None:
    runner = ProcessPoolTaskRunner(max_workers=1)

    @task
    def pid() -> int:
        return os.getpid()

    @flow(task_runner=runner)
    def child() -> int:
        return pid.submit().result()

    @flow
    def parent() -> tuple[int, int]:
        return pid.submit().result(), child()

    in_parent, in_child = parent.with_options(task_runner=runner)()
    assert os.getpid() not in (in_parent, in_child)
    assert runner._pool is None  # each flow run worked on a duplicate
    assert {r["stateType"] for r in all_flow_runs()} == {"COMPLETED"}


def test_a_timed_out_body_is_abandoned_and_its_worker_terminated(
    embedded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    @task(timeout_seconds=0.5)
    def sleepy() -> None:
        time.sleep(60)

    @flow(task_runner=ProcessPoolTaskRunner(max_workers=1))
    def stuck() -> Any:
        return sleepy.submit().wait() or "returned"

    started = time.monotonic()
    state = stuck(return_state=True)
    assert time.monotonic() - started < 20
    assert state.is_completed()
    (timed_out,) = _tasks_by_name(all_flow_runs()[0]["id"]).values()
    assert (timed_out["stateType"], timed_out["stateName"]) == ("FAILED", "TimedOut")
    assert "Terminating the worker processes" in capsys.readouterr().err


def test_runner_options() -> None:
    with pytest.raises(ValueError, match="max_workers"):
        ProcessPoolTaskRunner(max_workers=0)
    assert ProcessPoolTaskRunner().max_workers == (os.cpu_count() or 1)
    runner = ProcessPoolTaskRunner(max_workers=3)
    copy = runner.duplicate()
    assert copy is not runner and copy.max_workers == 3
    assert pickle.loads(pickle.dumps(runner)).max_workers == 3
