"""Every task run and state is committed before the flow call returns, even when
the process exits right after it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.sdk.conftest import query

COUNTS = """
query($id: UUID!) {
  flowRun(id: $id) {
    stateType
    taskRuns(first: 0) { totalCount }
    completed: taskRuns(first: 0, filter: {state: {type: {any: [COMPLETED]}}}) { totalCount }
  }
}
"""

SCRIPT = textwrap.dedent(
    """
    import os, sys
    from flowql import flow, task
    from flowql.runtime import flow_run

    @task
    def noop(i):
        return i

    @flow
    def many(n):
        for i in range(n):
            noop(i)
        return flow_run.id

    run_id = many(int(sys.argv[1]))
    print(run_id, flush=True)
    os._exit(0)  # no atexit hooks, no flush: only what the flow call committed counts
    """
)


def _run_script(home: Path, count: int, extra_env: dict[str, str]) -> str:
    script = home / "many.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "FLOWQL_HOME": str(home), **extra_env}
    done = subprocess.run(
        [sys.executable, str(script), str(count)], env=env, capture_output=True, text=True,
        timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("count", [2_000])
def test_all_task_runs_committed_before_exit(embedded: Path, count: int) -> None:
    run_id = _run_script(embedded, count, {})

    counts = query(COUNTS, {"id": run_id})["flowRun"]
    assert counts["stateType"] == "COMPLETED"
    assert counts["taskRuns"]["totalCount"] == count
    assert counts["completed"]["totalCount"] == count


@pytest.mark.slow  # 100,000 task runs: about a minute; make test-slow runs it
def test_hundred_thousand_task_runs_committed_before_exit(embedded: Path) -> None:
    run_id = _run_script(embedded, 100_000, {})

    counts = query(COUNTS, {"id": run_id})["flowRun"]
    assert counts["taskRuns"]["totalCount"] == 100_000
    assert counts["completed"]["totalCount"] == 100_000
