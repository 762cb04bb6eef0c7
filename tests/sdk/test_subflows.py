"""Subflows: linked to a parent task run, concurrent via submit/map, deterministic identity."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
from tests.sdk.conftest import all_flow_runs, flow_run

from flowql import flow, task


def test_subflow_is_a_child_run_linked_to_a_parent_task_run(sdk_mode: str) -> None:
    @flow
    def child(x: int) -> int:
        return x + 1

    @flow
    def parent() -> int:
        return child(1) + child(2)

    assert parent() == 5
    runs = all_flow_runs()
    (root,) = [r for r in runs if r["parentFlowRunId"] is None]
    recorded = flow_run(root["id"])
    assert recorded["subflowRuns"]["totalCount"] == 2
    task_ids = {edge["node"]["id"] for edge in recorded["taskRuns"]["edges"]}
    for edge in recorded["subflowRuns"]["edges"]:
        assert edge["node"]["parentTaskRunId"] in task_ids
        assert edge["node"]["stateType"] == "COMPLETED"


def test_subflow_failure_propagates(sdk_mode: str) -> None:
    @flow
    def bad_child() -> None:
        raise KeyError("missing")

    @flow
    def parent() -> None:
        bad_child()

    with pytest.raises(KeyError):
        parent()
    states = sorted(r["stateType"] for r in all_flow_runs())
    assert states == ["FAILED", "FAILED"]


def test_mapped_subflows_keep_their_identity_whatever_the_finish_order(sdk_mode: str) -> None:
    @flow
    def child(i: int) -> int:
        time.sleep(random.random() / 20)
        return i * 10

    @flow
    def parent() -> list[int]:
        return child.map(range(6)).result()

    assert parent() == [0, 10, 20, 30, 40, 50]
    runs = all_flow_runs()
    (root,) = [r for r in runs if r["parentFlowRunId"] is None]
    recorded = flow_run(root["id"])
    tasks = {edge["node"]["id"]: edge["node"] for edge in recorded["taskRuns"]["edges"]}
    children = [edge["node"] for edge in recorded["subflowRuns"]["edges"]]
    by_key = {tasks[c["parentTaskRunId"]]["dynamicKey"]: c["id"] for c in children}
    for key, child_id in by_key.items():
        assert flow_run(child_id)["parameters"] == {"i": int(key)}


def test_submitted_subflow_returns_a_future(sdk_mode: str) -> None:
    @flow
    def child() -> str:
        return "child"

    @task
    def sibling() -> str:
        return "task"

    @flow
    def parent() -> list[Any]:
        future = child.submit()
        return [future.result(), sibling()]

    assert parent() == ["child", "task"]


def test_subflow_waits_for_what_it_is_told_to(sdk_mode: str) -> None:
    order: list[str] = []

    @task
    def slow_step() -> None:
        time.sleep(0.2)
        order.append("task")

    @flow
    def child() -> None:
        order.append("child")

    @flow
    def parent() -> None:
        upstream = slow_step.submit()
        child(wait_for=[upstream])
        child.submit(wait_for=[upstream]).wait()

    parent()
    assert order == ["task", "child", "child"]
