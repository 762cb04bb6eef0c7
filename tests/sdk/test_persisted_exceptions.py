"""Persisted exceptions: a failed run that persists results persists its exception,
and a later process gets the original exception back (or a clear stand-in)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.sdk.conftest import all_flow_runs, query
from tests.sdk.result_helpers import (
    read_flow_run_state,
    read_task_run_state,
    result_files,
    run_script,
    task_run_ids_named,
)

from flowql import flow, task
from flowql.exceptions import FailedRun
from flowql.results import PersistedException, PersistedResult
from flowql.states import State

FAILING_SCRIPT = """
import json, threading
from flowql import flow, task

class Boom(Exception):
    pass

class Locked(Exception):
    def __init__(self):
        super().__init__("held")
        self.lock = threading.Lock()

class TwoArgs(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a}-{b}")

@task(persist_result=True)
def plain():
    raise ValueError("boom")

@task(persist_result=True)
def custom():
    raise Boom("custom boom")

@task(persist_result=True)
def unpicklable():
    raise Locked()

@task(persist_result=True)
def unloadable():
    raise TwoArgs(1, 2)

@task(persist_result=True, result_serializer="json")
def as_json():
    raise ValueError("json boom")

@task(persist_result=True, result_serializer="json")
def custom_as_json():
    raise Boom("json custom")

@flow(persist_result=True)
def f():
    for each in (plain, custom, unpicklable, unloadable, as_json, custom_as_json):
        each(return_state=True)
    raise KeyError("the flow's own")

state = f(return_state=True)
print(json.dumps({"type": state.type.value}))
"""


def _later(name: str) -> State[Any]:
    return read_task_run_state(task_run_ids_named(f"{name}-0")[0])


def test_a_later_process_gets_the_original_exception(sdk_mode: str, tmp_path: Path) -> None:
    assert run_script(tmp_path, FAILING_SCRIPT) == {"type": "FAILED"}

    state = _later("plain")
    assert state.is_failed() and state.data["serializer"] == {"type": "pickle"}
    with pytest.raises(ValueError, match=r"^boom$"):
        state.result()
    returned = state.result(raise_on_failure=False)
    assert type(returned) is ValueError and str(returned) == "boom"

    custom = _later("custom").result(raise_on_failure=False)
    assert type(custom).__name__ == "Boom" and str(custom) == "custom boom"

    flow_state = read_flow_run_state(all_flow_runs()[0]["id"])
    with pytest.raises(KeyError, match="the flow's own"):
        flow_state.result()


def test_what_cannot_be_pickled_comes_back_as_a_stand_in(sdk_mode: str, tmp_path: Path) -> None:
    run_script(tmp_path, FAILING_SCRIPT)

    for name, kind, message in [
        ("unpicklable", "__main__.Locked", "held"),
        ("unloadable", "__main__.TwoArgs", "1-2"),
        ("custom_as_json", "__main__.Boom", "json custom"),
    ]:
        state = _later(name)
        with pytest.raises(PersistedException) as raised:
            state.result()
        assert (raised.value.exception_type, raised.value.message) == (kind, message)
        assert str(raised.value) == f"{kind}: {message}"
        assert isinstance(raised.value, FailedRun)

    as_json = _later("as_json")
    assert as_json.data["serializer"] == {"type": "json"}
    with pytest.raises(ValueError, match=r"^json boom$"):
        as_json.result()


TASK_RESULTS = """
query($id: UUID!) {
  flowRun(id: $id) {
    taskRuns(first: 10) {
      edges { node { name stateType state { result { serializer available value note } } } }
    }
  }
}
"""


def test_the_api_shows_failures_without_unpickling(sdk_mode: str, tmp_path: Path) -> None:
    run_script(tmp_path, FAILING_SCRIPT)
    run = query(TASK_RESULTS, {"id": all_flow_runs()[0]["id"]})["flowRun"]
    shown = {edge["node"]["name"]: edge["node"] for edge in run["taskRuns"]["edges"]}

    assert shown["plain-0"]["stateType"] == "FAILED"
    pickled = shown["plain-0"]["state"]["result"]
    assert pickled["available"] and pickled["value"] is None
    assert "pickle" in pickled["note"]
    assert shown["as_json-0"]["state"]["result"]["value"] == {
        "flowql_exception": {"type": "ValueError", "message": "json boom"}
    }


def test_in_process_the_exception_is_the_same_object(sdk_mode: str) -> None:
    error = RuntimeError("kept")

    @task(persist_result=True)
    def fails() -> None:
        raise error

    states: list[State[Any]] = []

    @flow
    def f() -> None:
        states.append(fails(return_state=True))

    f()
    state = states[0]
    assert isinstance(state.data, PersistedResult)
    assert state.result(raise_on_failure=False) is error
    assert len(result_files(Path(os.environ["FLOWQL_HOME"]) / "storage")) == 1


def test_a_lost_exception_file_falls_back_to_the_message(sdk_mode: str) -> None:
    @task(persist_result=True, task_run_name="lost")
    def fails() -> None:
        raise ValueError("boom")

    @flow
    def f() -> None:
        fails(return_state=True)

    f()
    for path in result_files(Path(os.environ["FLOWQL_HOME"]) / "storage"):
        path.unlink()
    state = read_task_run_state(task_run_ids_named("lost")[0])
    with pytest.raises(FailedRun, match="ValueError: boom"):
        state.result()


def test_unwritable_storage_still_fails_with_the_original(
    sdk_mode: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")

    @task(persist_result=True, result_storage=blocked / "results")
    def fails() -> None:
        raise ValueError("original")

    @flow
    def f() -> None:
        fails()

    with pytest.raises(ValueError, match="original"):
        f()
    assert "was not persisted" in caplog.text


def test_a_cached_task_never_caches_its_failure(sdk_mode: str) -> None:
    attempts: list[int] = []

    @task(cache_key_fn=lambda *_: "same-key", persist_result=True)
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("first time")
        return len(attempts)

    @flow
    def f() -> list[Any]:
        first = flaky(return_state=True).result(raise_on_failure=False)
        return [first, flaky(), flaky()]

    first, second, third = f()
    assert isinstance(first, ValueError)
    assert (second, third) == (2, 2)
    assert len(attempts) == 2


def test_runs_that_do_not_persist_keep_the_old_behaviour(sdk_mode: str) -> None:
    @task(task_run_name="unpersisted")
    def fails() -> None:
        raise ValueError("not persisted")

    @flow
    def f() -> None:
        fails(return_state=True)

    f()
    state = read_task_run_state(task_run_ids_named("unpersisted")[0])
    assert state.data is None
    with pytest.raises(FailedRun, match="ValueError: not persisted"):
        state.result()
    assert result_files(Path(os.environ["FLOWQL_HOME"]) / "storage") == []
