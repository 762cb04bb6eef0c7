"""CLI fixtures: a runner with an isolated environment (embedded mode on the test's
FLOWQL_HOME) and the standard data set created through the GraphQL API."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from flowql.cli.main import app
from flowql.settings import ENV_PREFIX, Settings
from tests.cli.seed import Runs, seed, standard_runs

Invoke = Callable[..., Result]


def cli_env(home: Path, **overrides: str | None) -> dict[str, str | None]:
    """Only FLOWQL_HOME set (embedded mode, SQLite in home), wide output."""
    env: dict[str, str | None] = {name: None for name in os.environ if name.startswith(ENV_PREFIX)}
    env.update({"FLOWQL_HOME": str(home), "COLUMNS": "200"})
    env.update(overrides)
    return env


@pytest.fixture
def cli(home: Path) -> Invoke:
    """``cli("flow-run", "ls", env={...})``: run the CLI in-process, return the Result."""

    def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return CliRunner().invoke(app, list(args), env={**cli_env(home), **(env or {})})

    return invoke


@pytest.fixture
def runs(settings: Settings) -> Runs:
    return seed(settings, standard_runs)


def error_line(result: Result) -> str:
    """The single ``Error: ...`` line a failed command printed on stderr (and no traceback)."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), lines
    return lines[0]
