"""SERIALIZABLE isolation (one computation per cache key) and flow retries that
reuse the persisted results of their completed children."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from tests.sdk.result_helpers import run_script

from flowql import flow, task
from flowql.cache_policies import INPUTS, NO_CACHE
from flowql.results import ResultStore
from flowql.states import State
from flowql.transactions import IsolationLevel


def _slow_task(calls: list[int], policy: Any) -> Any:
    @task(cache_policy=policy)
    def slow(x: int) -> int:
        calls.append(x)
        time.sleep(0.3)
        return x * 10

    return slow


def test_serializable_isolation_computes_once(sdk_mode: str) -> None:
    calls: list[int] = []
    slow = _slow_task(calls, INPUTS.configure(isolation_level="SERIALIZABLE"))
    states: list[State[int]] = []

    @flow
    def f() -> None:
        futures = [slow.submit(1), slow.submit(1)]
        states.extend(future.wait() or future.state for future in futures)

    f()
    assert calls == [1]
    assert sorted(state.name for state in states) == ["Cached", "Completed"]
    assert [state.result() for state in states] == [10, 10]


def test_read_committed_lets_both_compute(sdk_mode: str) -> None:
    calls: list[int] = []
    slow = _slow_task(calls, INPUTS)

    @flow
    def f() -> list[int]:
        return [future.result() for future in [slow.submit(1), slow.submit(1)]]

    assert f() == [10, 10]
    assert calls == [1, 1]


def test_serializable_across_processes(sdk_mode: str, tmp_path: Path) -> None:
    script = """
        import json, time
        from flowql import flow, task
        from flowql.cache_policies import INPUTS

        @task(cache_policy=INPUTS.configure(isolation_level="SERIALIZABLE"), name="shared")
        def shared(x):
            time.sleep(0.5)
            return x

        @flow
        def f():
            return shared(2, return_state=True).name

        print(json.dumps({"state": f()}))
    """
    answers: list[Any] = []
    directories = [tmp_path / "a", tmp_path / "b"]
    for directory in directories:
        directory.mkdir()
    threads = [
        threading.Thread(target=lambda d=d: answers.append(run_script(d, script)))
        for d in directories
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer["state"] for answer in answers) == ["Cached", "Completed"]


def test_key_lock_excludes_threads(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    inside: list[int] = []
    overlaps: list[bool] = []

    def hold() -> None:
        with store.lock("k"):
            inside.append(1)
            overlaps.append(len(inside) > 1)
            time.sleep(0.05)
            inside.pop()

    threads = [threading.Thread(target=hold) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [False] * 4
    assert IsolationLevel("SERIALIZABLE") is IsolationLevel.SERIALIZABLE


def test_flow_retry_reuses_completed_children(sdk_mode: str) -> None:
    calls: list[str] = []
    attempts: list[int] = []
    states: list[State[Any]] = []

    @task(persist_result=True, cache_policy=NO_CACHE)  # no cache: identity alone
    def kept(x: int) -> int:
        calls.append(f"kept-{x}")
        return x * 100

    @task
    def not_persisted() -> int:
        calls.append("not-persisted")
        return 1

    @flow(retries=1)
    def f() -> list[int]:
        attempts.append(1)
        values = [kept(1, return_state=True), kept(2, return_state=True)]
        not_persisted()
        states.extend(values)
        if len(attempts) == 1:
            raise RuntimeError("first attempt fails")
        return [state.result() for state in values]

    assert f() == [100, 200]  # each child its own result, never a sibling's
    assert calls == ["kept-1", "kept-2", "not-persisted", "not-persisted"]
    first, second = states[:2], states[2:]
    assert [s.name for s in first] == ["Completed", "Completed"]
    assert [s.name for s in second] == ["Cached", "Cached"]
