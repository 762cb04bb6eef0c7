"""Storage blocks as result_storage: a block, saved or not, or its
'<block-type-slug>/<block-document-name>', embedded and remote."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from tests.sdk.conftest import all_flow_runs, query
from tests.sdk.result_helpers import (
    read_task_run_state,
    result_files,
    run_script,
    task_run_ids_named,
)

from flowql import flow, task
from flowql.blocks.system import Secret
from flowql.filesystems import LocalFileSystem
from flowql.results import (
    PersistedResult,
    ResultRecordMetadata,
    ResultStore,
    check_result_storage,
    resolve_result_storage,
)
from flowql.states import State

STATE_RESULT = """
query($id: UUID!) {
  flowRun(id: $id) {
    state { result { basepath available value } }
    taskRuns(first: 10) { edges { node { name state { result { basepath available value } } } } }
  }
}
"""


def test_a_slug_loads_the_saved_block_and_records_its_id(sdk_mode: str, tmp_path: Path) -> None:
    storage = tmp_path / "results"
    block_id = LocalFileSystem(basepath=str(storage)).save("my-results")

    @task(
        persist_result=True,
        result_storage="local-file-system/my-results",
        result_serializer="json",
        task_run_name="doubled",
    )
    def double(x: int) -> int:
        return 2 * x

    states: list[State[Any]] = []

    @flow(result_storage="local-file-system/my-results", result_serializer="json")
    def doubling() -> int:
        states.append(double(21, return_state=True))
        return 1

    assert doubling() == 1
    reference = states[0].data.reference
    assert reference["storage_block_id"] == str(block_id)
    assert reference["storage"]["basepath"] == str(storage.resolve())
    assert len(result_files(storage)) == 2  # the task's and the flow's
    assert result_files(Path(os.environ["FLOWQL_HOME"]) / "storage") == []

    shown = query(STATE_RESULT, {"id": all_flow_runs()[0]["id"]})["flowRun"]
    assert shown["state"]["result"] == {
        "basepath": str(storage.resolve()),
        "available": True,
        "value": 1,
    }
    assert shown["taskRuns"]["edges"][0]["node"]["state"]["result"]["value"] == 42


def test_a_result_written_through_a_slug_loads_in_another_process(
    sdk_mode: str, tmp_path: Path
) -> None:
    storage = tmp_path / "shared"
    LocalFileSystem(basepath=str(storage)).save("shared")
    printed = run_script(
        tmp_path,
        """
        import json
        from flowql import flow, task

        @task(persist_result=True, result_storage="local-file-system/shared")
        def make():
            return {"value": {1, 2}}

        @flow
        def f():
            return json.dumps(make(return_state=True).data.reference)

        print(f())
        """,
    )
    assert printed["storage"]["basepath"] == str(storage.resolve())
    state = read_task_run_state(task_run_ids_named("make-0")[0])
    assert state.data == printed
    assert state.result() == {"value": {1, 2}}


def test_block_instances_saved_or_not(sdk_mode: str, tmp_path: Path) -> None:
    saved = LocalFileSystem(basepath=str(tmp_path / "saved"))
    saved_id = saved.save("saved")
    unsaved = LocalFileSystem(basepath=str(tmp_path / "unsaved"))

    @task(persist_result=True, result_storage=saved)
    def one() -> int:
        return 1

    @task(persist_result=True, result_storage=unsaved)
    def two() -> int:
        return 2

    states: list[State[Any]] = []

    @flow
    def both() -> None:
        states.extend([one(return_state=True), two(return_state=True)])

    both()
    assert states[0].data.reference["storage_block_id"] == str(saved_id)
    assert states[1].data.reference["storage_block_id"] is None
    assert len(result_files(tmp_path / "saved")) == 1
    assert len(result_files(tmp_path / "unsaved")) == 1
    assert [state.result() for state in states] == [1, 2]


def test_a_missing_block_document_fails_the_run_clearly(sdk_mode: str) -> None:
    @task(persist_result=True, result_storage="local-file-system/nowhere")
    def lost() -> int:
        return 1

    @flow
    def uses_it() -> int:
        return lost()

    with pytest.raises(ValueError, match=r"'local-file-system/nowhere' cannot be loaded.*nowhere"):
        uses_it()


def test_a_block_that_cannot_store_results_is_refused(sdk_mode: str) -> None:
    Secret(value=SecretStr("s3cr3t")).save("token")

    @flow(persist_result=True, result_storage="secret/token")
    def nowhere_to_store() -> int:
        return 1

    with pytest.raises(TypeError, match=r"'secret/token' \(a block of type 'secret'\) cannot"):
        nowhere_to_store()
    with pytest.raises(TypeError, match="cannot store results"):
        check_result_storage(Secret(value=SecretStr("x")))


def test_an_unknown_block_type_is_refused(sdk_mode: str) -> None:
    with pytest.raises(ValueError, match="no block class of block type 'no-such-type'"):
        resolve_result_storage("no-such-type/results")


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ("results", ValueError, "is not '<block-type-slug>/<block-document-name>'"),
        ("Local File System/x", ValueError, "is not '<block-type-slug>"),
        ("a/b/c", ValueError, "is not '<block-type-slug>"),
        (42, TypeError, r"42 \(a int\) cannot store results"),
        (object(), TypeError, "cannot store results"),
    ],
)
def test_malformed_result_storage_is_refused_without_io(
    value: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        check_result_storage(value)


def test_paths_and_plain_path_strings_are_directories(tmp_path: Path) -> None:
    for value in (tmp_path, str(tmp_path), "./x", "~/x"):
        check_result_storage(value)
    assert resolve_result_storage(tmp_path).basepath == tmp_path.resolve()
    assert resolve_result_storage(str(tmp_path)).storage_block_id is None
    assert resolve_result_storage("./x").basepath == (Path.cwd() / "x").resolve()


def test_a_remote_basepath_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="'s3://bucket/results', not a local directory"):
        check_result_storage(LocalFileSystem(basepath="s3://bucket/results"))


def test_a_block_without_basepath_uses_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    location = resolve_result_storage(LocalFileSystem())
    assert location.basepath == tmp_path.resolve()


def test_references_without_a_block_id_still_load(tmp_path: Path) -> None:
    record = ResultStore(tmp_path).write("old", {"a": 1})
    reference = record.metadata.reference()
    assert reference["storage_block_id"] is None
    old = {key: value for key, value in reference.items() if key != "storage_block_id"}
    assert ResultRecordMetadata.from_reference(old).storage_block_id is None
    assert PersistedResult(old).get() == {"a": 1}
    block_id = str(uuid.uuid4())
    written = ResultStore(tmp_path, storage_block_id=block_id).write("new", 2)
    again = ResultRecordMetadata.from_reference(written.metadata.reference())
    assert again.storage_block_id == block_id
    assert ResultStore(tmp_path).read_metadata("new") == again


def _one() -> int:
    return 1


def test_a_bad_result_storage_fails_where_the_decorator_is_applied() -> None:
    with pytest.raises(ValueError, match="is not '<block-type-slug>"):
        task(result_storage="results")(_one)
    with pytest.raises(TypeError, match="not a local directory"):
        flow(result_storage=LocalFileSystem(basepath="s3://bucket/x"))(_one)
    with pytest.raises(ValueError, match="is not '<block-type-slug>"):
        task(_one).with_options(result_storage="results")
