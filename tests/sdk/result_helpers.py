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
