"""Flow runs raise the young-generation GC threshold while active, and only then."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sdk.conftest import _close_runtime

from flowql import flow
from flowql.sdk.engine.gc_tuning import CPYTHON_DEFAULT, DURING_FLOW_RUNS, fewer_collections


@pytest.fixture(autouse=True)
def default_thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    gc.set_threshold(CPYTHON_DEFAULT, *saved[1:])
    yield
    gc.set_threshold(*saved)


def test_a_flow_run_raises_the_threshold_and_restores_it(sdk_mode: str) -> None:
    @flow
    def observe() -> int:
        return gc.get_threshold()[0]

    assert observe() == DURING_FLOW_RUNS
    assert gc.get_threshold()[0] == CPYTHON_DEFAULT


def test_the_setting_turns_it_off(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.delenv("FLOWQL_API_URL", raising=False)
    monkeypatch.setenv("FLOWQL_HOME", str(home))
    monkeypatch.setenv("FLOWQL_GC_TUNING", "false")
    _close_runtime()  # the next flow builds one with these settings

    @flow
    def observe() -> int:
        return gc.get_threshold()[0]

    try:
        assert observe() == CPYTHON_DEFAULT
    finally:
        _close_runtime()


def test_overlapping_runs_restore_only_after_the_last() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[int] = []

    def first() -> None:
        with fewer_collections():
            first_in.set()
            second_done.wait(5)
            seen.append(gc.get_threshold()[0])

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with fewer_collections():
        pass
    second_done.set()
    thread.join(5)
    assert seen == [DURING_FLOW_RUNS]
    assert gc.get_threshold()[0] == CPYTHON_DEFAULT


def test_thresholds_the_program_chose_are_left_alone() -> None:
    gc.set_threshold(5_000, 10, 10)
    with fewer_collections():
        assert gc.get_threshold()[0] == 5_000
        gc.set_threshold(1_234, 10, 10)
    assert gc.get_threshold()[0] == 1_234
