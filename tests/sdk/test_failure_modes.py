"""What users see when things go wrong: an unreachable API, a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from tests.sdk.conftest import all_flow_runs, flow_run

from flowql import flow
from flowql.sdk.client.errors import ApiError


def test_unreachable_api_is_a_clear_error_naming_the_url(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowql.sdk.engine.runtime import close_runtime

    monkeypatch.setenv("FLOWQL_HOME", str(home))
    monkeypatch.setenv("FLOWQL_API_URL", "http://127.0.0.1:9/graphql")
    close_runtime()

    @flow
    def unrecorded() -> int:
        return 1

    try:
        with pytest.raises(ApiError, match=r"http://127\.0\.0\.1:9/graphql"):
            unrecorded()
    finally:
        close_runtime()


KILLED_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from flowql import flow, task

    @task
    def step(i):
        return i

    @flow
    def doomed():
        for i in range(20):
            step(i)
        time.sleep(1.0)  # let the background flush commit the task runs
        Path(sys.argv[1]).write_text("ready")
        time.sleep(60)

    doomed()
    """
)


def test_a_killed_process_leaves_its_run_running_with_what_it_recorded(embedded: Path) -> None:
    marker = embedded / "ready"
    script = embedded / "doomed.py"
    script.write_text(KILLED_SCRIPT)
    process = subprocess.Popen([sys.executable, str(script), str(marker)], env=os.environ.copy())
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the flow process exited early"
            assert time.monotonic() < deadline, "the flow never got going"
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    (run,) = all_flow_runs()
    assert run["stateType"] == "RUNNING"
    recorded = flow_run(run["id"])
    assert recorded["taskRuns"]["totalCount"] == 20
    assert {edge["node"]["stateType"] for edge in recorded["taskRuns"]["edges"]} == {"COMPLETED"}
