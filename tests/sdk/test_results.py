"""Persisted results: persist_result, serializers, state.result() in another process."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from tests.sdk.result_helpers import result_files, run_script

from flowql import flow, get_client, task
from flowql.exceptions import MissingResult
from flowql.results import PersistedResult, ResultNotFound, ResultStore
from flowql.sdk.engine.runtime import close_runtime
from flowql.serializers import JSONSerializer, PickleSerializer, SerializationError
from flowql.states import State


def _storage() -> Path:
    return Path(os.environ["FLOWQL_HOME"]) / "storage"


def _read_task_run_state(task_run_id: Any) -> State[Any]:
    async def read() -> State[Any]:
        async with get_client() as client:
            run = await client.read_task_run(task_run_id)
            assert run.state is not None
            return run.state

    return asyncio.run(read())


def _read_flow_run_state(flow_run_id: Any) -> State[Any]:
    async def read() -> State[Any]:
        async with get_client() as client:
            run = await client.read_flow_run(flow_run_id)
            assert run.state is not None
            return run.state

    return asyncio.run(read())


def test_results_are_not_persisted_by_default(sdk_mode: str) -> None:
    @task
    def plain() -> int:
        return 1

    states: list[State[Any]] = []

    @flow
    def f() -> None:
        states.append(plain(return_state=True))

    f()
    state = states[0]
    assert state.result() == 1
    assert not isinstance(state.data, PersistedResult)
    assert result_files(_storage()) == []


def test_setting_persists_by_default(sdk_mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOWQL_RESULTS_PERSIST_BY_DEFAULT", "true")
    close_runtime()

    @task
    def plain() -> int:
        return 1

    states: list[State[Any]] = []

    @flow
    def f() -> int:
        states.append(plain(return_state=True))
        return 2

    assert f() == 2
    state = states[0]
    assert isinstance(state.data, PersistedResult)
    assert len(result_files(_storage())) == 2  # the task's and the flow's


def test_persisted_result_loads_in_another_process(sdk_mode: str, tmp_path: Path) -> None:
    printed = run_script(
        tmp_path,
        """
        import json
        from flowql import flow, task

        @task(persist_result=True)
        def make():
            return {"value": 42, "items": {1, 2}}

        @flow(persist_result=True)
        def f():
            state = make(return_state=True)
            return {"state": state, "value": state.result()["value"]}

        state = f()["state"]
        print(json.dumps({"task_run": state.data.reference["storage_key"]}))
        """,
    )
    assert printed["task_run"]
    runs = _task_runs_named("make-0")
    state = _read_task_run_state(runs[0])
    assert state.is_completed()
    assert state.data["storage_key"] == printed["task_run"]
    assert state.result() == {"value": 42, "items": {1, 2}}


def test_flow_result_loads_from_the_api(sdk_mode: str) -> None:
    @flow(persist_result=True, result_serializer="json")
    def f() -> dict[str, int]:
        return {"answer": 42}

    state = f(return_state=True)
    assert state.result() == {"answer": 42}
    close_runtime()  # nothing kept in memory
    flow_run_id = _flow_run_ids()[0]
    read = _read_flow_run_state(flow_run_id)
    assert read.data["serializer"] == {"type": "json"}
    assert read.result() == {"answer": 42}


def test_json_and_pickle_serializers(sdk_mode: str) -> None:
    class Point:
        def __init__(self, x: int) -> None:
            self.x = x

    @task(result_serializer="json")
    def as_json() -> dict[str, Any]:
        return {"a": [1, 2]}

    @task(result_serializer=PickleSerializer())
    def as_pickle() -> Point:
        return Point(3)

    @task(result_serializer=JSONSerializer())
    def not_json() -> Point:
        return Point(4)

    states: list[State[Any]] = []

    @flow
    def f() -> None:
        states.append(as_json(return_state=True))
        states.append(as_pickle(return_state=True))
        states.append(not_json(return_state=True))

    f()
    json_state, pickle_state, failed = states
    path = _storage() / json_state.data.reference["storage_key"]
    header, payload = path.read_bytes().split(b"\n", 2)[1:]
    assert json.loads(header)["serializer"] == {"type": "json"}
    assert json.loads(payload) == {"a": [1, 2]}
    assert PersistedResult(json_state.data.reference).get() == {"a": [1, 2]}
    assert PersistedResult(pickle_state.data.reference).get().x == 3
    assert failed.is_failed()
    assert "JSON" in (failed.message or "")


def test_result_not_kept_in_memory_is_read_back(sdk_mode: str) -> None:
    @task(persist_result=True, cache_result_in_memory=False)
    def big() -> list[int]:
        return list(range(5))

    states: list[State[Any]] = []

    @flow
    def f() -> None:
        states.append(big(return_state=True))

    f()
    state = states[0]
    assert "storage_key" in repr(state.data)
    assert state.result() == [0, 1, 2, 3, 4]


def test_missing_result_file_raises_missing_result(sdk_mode: str) -> None:
    @task(persist_result=True, cache_result_in_memory=False)
    def value() -> int:
        return 7

    states: list[State[Any]] = []

    @flow
    def f() -> None:
        states.append(value(return_state=True))

    f()
    state = states[0]
    for path in result_files(_storage()):
        path.unlink()
    with pytest.raises(MissingResult):
        state.result()


def test_store_writes_atomically_and_reads_metadata(tmp_path: Path) -> None:
    store = ResultStore(tmp_path, "json")
    record = store.write("k1", {"x": 1})
    assert store.read("k1").result == {"x": 1}
    assert record.metadata.reference()["storage"] == {"type": "local", "basepath": str(tmp_path)}
    assert [p.name for p in tmp_path.iterdir()] == ["k1"]  # no temporary file left
    assert store.exists("k1") and not store.exists("k2")
    (tmp_path / "bad").write_bytes(b"not a result")
    with pytest.raises(ResultNotFound):
        store.read("bad")
    for key in ("../x", "/abs", ".hidden", ""):
        with pytest.raises(ValueError):
            store.path_for(key)
    with pytest.raises(SerializationError):
        ResultStore(tmp_path, "json").write("k3", object())
    assert not (tmp_path / "k3").exists()


def test_expired_result_is_not_served_but_still_loads(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    store = ResultStore(tmp_path)
    past = datetime.now(UTC) - timedelta(seconds=1)
    record = store.write("old", 5, expiration=past)
    assert not store.exists("old")
    assert PersistedResult(record.metadata.reference()).get() == 5


def _task_runs_named(name: str) -> list[uuid.UUID]:
    async def read() -> list[uuid.UUID]:
        async with get_client() as client:
            runs = await client.read_task_runs()
            return [run.id for run in runs if run.name == name]

    return asyncio.run(read())


def _flow_run_ids() -> list[uuid.UUID]:
    async def read() -> list[uuid.UUID]:
        async with get_client() as client:
            return [run.id for run in await client.read_flow_runs()]

    return asyncio.run(read())


def test_result_store_takes_result_storage_and_has_async_methods(
    embedded: Path, tmp_path: Path
) -> None:
    from flowql.filesystems import LocalFileSystem
    from flowql.results import get_default_result_storage
    from flowql.transactions import IsolationLevel

    assert ResultStore().basepath == embedded / "storage"
    default = get_default_result_storage()
    assert isinstance(default, LocalFileSystem) and default.basepath == str(embedded / "storage")
    block_id = LocalFileSystem(basepath=str(tmp_path / "blk")).save("blk")
    store = ResultStore(result_storage="local-file-system/blk", serializer="json")
    assert (store.basepath, store.storage_block_id) == ((tmp_path / "blk").resolve(), str(block_id))
    with pytest.raises(ValueError, match="not both"):
        ResultStore(tmp_path, result_storage="local-file-system/blk")
    assert store.supports_isolation_level(IsolationLevel.SERIALIZABLE)

    async def round_trip() -> Any:
        await store.awrite("k", [1, 2])
        assert await store.aexists("k")
        return (await store.aread("k")).result

    assert asyncio.run(round_trip()) == [1, 2]
    assert json.loads(store.path_for("k").read_bytes().split(b"\n", 2)[2]) == [1, 2]


def test_get_result_store_is_the_current_runs(embedded: Path, tmp_path: Path) -> None:
    from flowql.results import get_result_store

    seen: dict[str, ResultStore] = {}

    @task(result_storage=tmp_path / "task", result_serializer="json")
    def inner() -> None:
        seen["task"] = get_result_store()

    @task
    def plain() -> None:
        seen["plain"] = get_result_store()

    @flow(result_storage=tmp_path / "flow")
    def outer() -> None:
        seen["flow"] = get_result_store()
        inner()
        plain()

    outer()
    assert get_result_store().basepath == embedded / "storage"
    assert (seen["task"].basepath, seen["task"].serializer) == (tmp_path / "task", JSONSerializer())
    assert seen["flow"].basepath == tmp_path / "flow"
    assert (seen["plain"].basepath, seen["plain"].serializer) == (
        tmp_path / "flow",
        PickleSerializer(),
    )
