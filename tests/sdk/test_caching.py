"""Cache policies, cache keys, expiration, refresh and hits in later processes."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.sdk.result_helpers import result_files, run_script

from flowql import flow, task
from flowql.cache_policies import (
    DEFAULT,
    FLOW_PARAMETERS,
    INPUTS,
    NO_CACHE,
    RUN_ID,
    TASK_SOURCE,
    CompoundCachePolicy,
    Inputs,
)
from flowql.sdk.engine.runtime import close_runtime
from flowql.states import State


def _names(states: list[State[Any]]) -> list[str]:
    return [state.name for state in states]


def _storage() -> Path:
    return Path(os.environ["FLOWQL_HOME"]) / "storage"


def test_inputs_policy(sdk_mode: str) -> None:
    calls: list[int] = []

    @task(cache_policy=INPUTS)
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    states: list[State[int]] = []

    @flow
    def g() -> None:
        states.extend(double(x, return_state=True) for x in (1, 2, 1))

    g()
    assert calls == [1, 2]
    assert _names(states) == ["Completed", "Completed", "Cached"]
    assert [s.result() for s in states] == [2, 4, 2]
    g()  # another flow run: INPUTS alone ignores the run
    assert calls == [1, 2]
    assert _names(states[3:]) == ["Cached"] * 3


def test_task_source_flow_parameters_and_run_id(sdk_mode: str) -> None:
    calls: list[str] = []
    states: list[State[Any]] = []

    @task(cache_policy=TASK_SOURCE)
    def by_source(x: int) -> int:
        calls.append("source")
        return x

    @task(cache_policy=FLOW_PARAMETERS)
    def by_flow_parameters(x: int) -> int:
        calls.append("params")
        return x

    @task(cache_policy=RUN_ID)
    def by_run(x: int) -> int:
        calls.append("run")
        return x

    @flow
    def f(p: int) -> None:
        for t in (by_source, by_flow_parameters, by_run):
            states.append(t(1, return_state=True))
            states.append(t(2, return_state=True))  # other inputs: the same key

    f(1)
    assert calls == ["source", "params", "run"]
    assert [s.result() for s in states] == [1, 1, 1, 1, 1, 1]
    f(1)  # a new run with the same parameters: the run id differs
    assert calls == ["source", "params", "run", "run"]
    f(2)
    assert calls == ["source", "params", "run", "run", "params", "run"]


def test_default_policy_and_combinations(sdk_mode: str) -> None:
    calls: list[tuple[str, int]] = []

    @task(persist_result=True)  # DEFAULT: inputs + source + flow run
    def default(x: int) -> int:
        calls.append(("default", x))
        return x

    @task(cache_policy=INPUTS - "noise" + TASK_SOURCE)
    def ignoring(x: int, noise: int) -> int:
        calls.append(("ignoring", x))
        return x

    @task(cache_policy=NO_CACHE, persist_result=True)
    def never(x: int) -> int:
        calls.append(("never", x))
        return x

    @flow
    def f() -> None:
        default(1), default(1), ignoring(1, 1), ignoring(1, 2), never(1), never(1)

    f()
    assert calls == [("default", 1), ("ignoring", 1), ("never", 1), ("never", 1)]
    f()
    assert calls.count(("default", 1)) == 2 and calls.count(("ignoring", 1)) == 1
    assert isinstance(DEFAULT, CompoundCachePolicy)
    assert NO_CACHE + INPUTS == INPUTS
    assert isinstance(INPUTS + RUN_ID, CompoundCachePolicy)
    assert (INPUTS - "a").exclude == ["a"] and isinstance(INPUTS - "a", Inputs)


def test_cache_key_fn(sdk_mode: str) -> None:
    seen: list[Any] = []

    def key(context: Any, parameters: dict[str, Any]) -> str:
        seen.append((context.task.name, context.task_run.flow_run_id is not None))
        return f"user/{parameters['x'] % 2}"

    @task(cache_key_fn=key)
    def parity(x: int) -> int:
        return x

    results: list[State[int]] = []

    @flow
    def f() -> None:
        results.extend(parity(x, return_state=True) for x in (1, 3, 2))

    f()
    assert [s.result() for s in results] == [1, 1, 2]
    assert _names(results) == ["Completed", "Cached", "Completed"]
    assert seen[0] == ("parity", True)
    assert results[1].state_details.cache_key == "user/1"


def test_cache_expiration(sdk_mode: str) -> None:
    calls: list[int] = []

    @task(cache_policy=INPUTS, cache_expiration=timedelta(seconds=0.4))
    def short(x: int) -> int:
        calls.append(x)
        return x

    @flow
    def f() -> int:
        return short(1)

    f()
    f()
    assert calls == [1]
    time.sleep(0.5)
    close_runtime()  # and through the database, not this process's index
    f()
    assert calls == [1, 1]


def test_refresh_cache(sdk_mode: str) -> None:
    values = iter(range(10))

    @task(cache_policy=INPUTS)
    def counter(x: int) -> int:
        return next(values)

    @flow
    def f(refresh: bool) -> int:
        t = counter.with_options(refresh_cache=True) if refresh else counter
        return t(1)  # type: ignore[no-any-return]

    assert f(False) == 0
    assert f(False) == 0
    assert f(True) == 1  # recomputed and stored again
    close_runtime()
    assert f(False) == 1


def test_cache_hit_in_another_process(sdk_mode: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    script = f"""
        import json, pathlib
        from flowql import flow, task
        from flowql.cache_policies import INPUTS

        @task(cache_policy=INPUTS, name="expensive")
        def expensive(x):
            pathlib.Path({str(marker)!r}).write_text("ran")
            return {{"squared": x * x}}

        @flow
        def f():
            return expensive(3, return_state=True).name

        print(json.dumps({{"state": f()}}))
    """
    assert run_script(tmp_path, script) == {"state": "Completed"}
    marker.unlink()
    assert run_script(tmp_path, script) == {"state": "Cached"}
    assert not marker.exists()

    @task(cache_policy=INPUTS, name="expensive")
    def expensive(x: int) -> dict[str, int]:  # another function, the same inputs
        raise AssertionError("a cache hit must not run")

    states: list[State[Any]] = []

    @flow
    def here() -> None:
        states.append(expensive(3, return_state=True))

    here()
    assert states[0].is_completed() and states[0].name == "Cached"
    assert states[0].result() == {"squared": 9}


@pytest.mark.parametrize("damage", ["delete", "corrupt"])
def test_missing_or_corrupt_result_file_is_a_miss(sdk_mode: str, damage: str) -> None:
    calls: list[int] = []

    @task(cache_policy=INPUTS)
    def work(x: int) -> int:
        calls.append(x)
        return x

    @flow
    def f() -> int:
        return work(5)

    f()
    for path in result_files(_storage()):
        if damage == "delete":
            path.unlink()
        else:
            path.write_bytes(path.read_bytes()[:-3] + b"\x00\x01")
    if damage == "corrupt":
        close_runtime()  # this process's index would still have the value in memory
    assert f() == 5
    assert calls == [5, 5]
    close_runtime()
    assert f() == 5  # stored again by the second run
    assert calls == [5, 5]
