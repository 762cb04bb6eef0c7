"""Test helpers, as ``prefect.testing.utilities``: ``prefect_test_harness()``.

``with flowql_test_harness():`` runs the code inside on a fresh SQLite
database in a temporary ``FLOWQL_HOME`` (embedded mode), and puts the
environment back afterwards, so tests neither see nor touch the user's runs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["flowql_test_harness", "prefect_test_harness"]

# The settings the harness decides; every one is restored on exit.
_SET = ("FLOWQL_HOME", "FLOWQL_DATABASE_URL")
_UNSET = ("FLOWQL_API_URL", "FLOWQL_API_KEY")


def _close_runtime() -> None:
    """Flush and drop the SDK's process-wide runtime, so the next run uses the new settings."""
    try:
        from flowql.sdk.engine.runtime import close_runtime
    except ImportError:  # an SDK without a runtime has nothing to close
        return
    close_runtime()


@contextlib.contextmanager
def flowql_test_harness(server_startup_timeout: int | None = 30) -> Iterator[Path]:
    """Run flows against a temporary database for the duration of the block.

    Inside, ``FLOWQL_HOME`` is a new temporary directory, ``FLOWQL_DATABASE_URL``
    a new SQLite file in it, and ``FLOWQL_API_URL`` / ``FLOWQL_API_KEY`` are
    unset (embedded mode: no server). The SDK's runtime is closed on entry
    and on exit, so runs inside go to the new database and runs after go back
    to the old one. Yields the temporary home, deleted on exit.

    ``server_startup_timeout`` is accepted for Prefect compatibility; embedded
    mode starts no server.
    """
    saved = {name: os.environ.get(name) for name in (*_SET, *_UNSET)}
    _close_runtime()
    home = Path(tempfile.mkdtemp(prefix="flowql-test-harness-"))
    try:
        os.environ["FLOWQL_HOME"] = str(home)
        os.environ["FLOWQL_DATABASE_URL"] = f"sqlite+aiosqlite:///{home / 'flowql.db'}"
        for name in _UNSET:
            os.environ.pop(name, None)
        yield home
    finally:
        try:
            _close_runtime()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            shutil.rmtree(home, ignore_errors=True)


prefect_test_harness = flowql_test_harness
