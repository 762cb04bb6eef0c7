"""Helpers for the results and caching tests: run a script in a new Python process
(same FLOWQL_HOME / FLOWQL_API_URL as the test) and read what it printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any


def run_script(directory: Path, code: str) -> Any:
    """Run ``code`` in a fresh interpreter; it must print one JSON line last."""
    path = directory / "script.py"
    path.write_text(textwrap.dedent(code))
    done = subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def result_files(storage: Path) -> list[Path]:
    """The result files under ``storage`` (not locks, not temporary files)."""
    if not storage.exists():
        return []
    return [
        p
        for p in storage.rglob("*")
        if p.is_file() and not p.name.startswith(".") and ".locks" not in p.parts
    ]


def read_task_run_state(task_run_id: Any) -> Any:
    """The task run's state as read back from the API (nothing kept in memory)."""
    import asyncio

    from flowql import get_client

    async def read() -> Any:
        async with get_client() as client:
            run = await client.read_task_run(task_run_id)
            assert run.state is not None
            return run.state

    return asyncio.run(read())


def read_flow_run_state(flow_run_id: Any) -> Any:
    """The flow run's state as read back from the API (nothing kept in memory)."""
    import asyncio

    from flowql import get_client

    async def read() -> Any:
        async with get_client() as client:
            run = await client.read_flow_run(flow_run_id)
            assert run.state is not None
            return run.state

    return asyncio.run(read())


def task_run_ids_named(name: str) -> list[Any]:
    """The ids of the task runs called ``name``."""
    import asyncio

    from flowql import get_client

    async def read() -> list[Any]:
        async with get_client() as client:
            return [run.id for run in await client.read_task_runs() if run.name == name]

    return asyncio.run(read())


def flow_run_ids() -> list[Any]:
    """The ids of every flow run."""
    import asyncio

    from flowql import get_client

    async def read() -> list[Any]:
        async with get_client() as client:
            return [run.id for run in await client.read_flow_runs()]

    return asyncio.run(read())
