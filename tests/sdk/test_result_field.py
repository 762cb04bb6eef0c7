"""The API's `result` field on a state: a JSON result's value, other results' metadata."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.sdk.conftest import all_flow_runs, query
from tests.sdk.result_helpers import result_files

from flowql import flow, task

TASK_RESULTS = """
query($id: UUID!) {
  flowRun(id: $id) {
    state { result { serializer value available } }
    taskRuns(first: 10) {
      edges { node { name state { result { serializer available value note storageKey } } } }
    }
  }
}
"""


def _results(run_id: Any) -> tuple[Any, dict[str, Any]]:
    run = query(TASK_RESULTS, {"id": str(run_id)})["flowRun"]
    tasks = {
        edge["node"]["name"]: edge["node"]["state"]["result"] for edge in run["taskRuns"]["edges"]
    }
    return run["state"]["result"], tasks


def test_json_results_are_shown_and_others_described(sdk_mode: str) -> None:
    @task(persist_result=True, result_serializer="json", task_run_name="as-json")
    def as_json() -> dict[str, Any]:
        return {"rows": 3, "tables": ["a", "b"]}

    @task(persist_result=True, task_run_name="as-pickle")
    def as_pickle() -> set[int]:
        return {1, 2}

    @task(task_run_name="not-persisted")
    def plain() -> int:
        return 1

    @flow
    def report() -> int:
        as_json()
        as_pickle()
        return plain()

    report()
    flow_result, tasks = _results(all_flow_runs()[0]["id"])

    assert flow_result is None  # the flow's result was not persisted
    assert tasks["as-json"]["value"] == {"rows": 3, "tables": ["a", "b"]}
    assert tasks["as-json"]["available"] and tasks["as-json"]["serializer"] == "json"
    assert tasks["as-pickle"]["value"] is None and tasks["as-pickle"]["available"]
    assert "pickle" in tasks["as-pickle"]["note"]
    assert tasks["not-persisted"] is None


def test_a_missing_result_file_is_reported_not_raised(sdk_mode: str) -> None:
    @task(persist_result=True, result_serializer="json", task_run_name="gone")
    def gone() -> int:
        return 7

    @flow
    def once() -> None:
        gone()

    once()
    run_id = all_flow_runs()[0]["id"]
    _, before = _results(run_id)
    for path in result_files(Path(os.environ["FLOWQL_HOME"]) / "storage"):
        path.unlink()
    _, after = _results(run_id)
    assert before["gone"]["value"] == 7
    assert after["gone"]["available"] is False and after["gone"]["value"] is None
    assert "cannot be read" in after["gone"]["note"]
