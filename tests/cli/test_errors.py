"""Every user error is one ``Error:`` line on stderr and exit status 1, never a traceback."""

from __future__ import annotations

import uuid

import pytest

from tests.cli.conftest import Invoke, error_line
from tests.cli.seed import Runs

UNKNOWN = str(uuid.UUID(int=42))


@pytest.mark.parametrize("command", ["inspect", "logs", "delete"])
def test_unknown_flow_run_id(cli: Invoke, runs: Runs, command: str) -> None:
    result = cli("flow-run", command, UNKNOWN)
    assert result.exit_code == 1
    assert error_line(result) == f"Error: flow run {UNKNOWN} not found"


@pytest.mark.parametrize("command", ["inspect", "logs", "delete"])
def test_malformed_flow_run_id(cli: Invoke, command: str) -> None:
    result = cli("flow-run", command, "not-a-uuid")
    assert result.exit_code == 1
    assert "'not-a-uuid' is not a valid UUID" in error_line(result)


def test_missing_flow_run_id(cli: Invoke) -> None:
    assert "Missing argument 'ID'" in error_line(cli("flow-run", "inspect"))


def test_bad_state_type_names_the_choices(cli: Invoke) -> None:
    result = cli("flow-run", "ls", "--state", "DONE")
    assert result.exit_code == 1
    line = error_line(result)
    assert "'DONE' is not a state type" in line
    assert "SCHEDULED, PENDING, RUNNING, COMPLETED, FAILED, CANCELLED" in line


@pytest.mark.parametrize("limit", ["0", "201", "many"])
def test_bad_limit(cli: Invoke, limit: str) -> None:
    result = cli("flow-run", "ls", "--limit", limit)
    assert result.exit_code == 1
    assert "--limit" in error_line(result)


@pytest.mark.parametrize(
    "args",
    [("flow-run", "ls"), ("flow-run", "inspect", UNKNOWN), ("flow-run", "logs", UNKNOWN)],
)
def test_unreachable_api_names_the_url(cli: Invoke, args: tuple[str, ...]) -> None:
    url = "http://127.0.0.1:9/graphql"
    result = cli(*args, env={"FLOWQL_API_URL": url})
    assert result.exit_code == 1
    assert f"cannot reach the flowql API at {url}" in error_line(result)


def test_unusable_embedded_database_is_one_error_line(cli: Invoke) -> None:
    result = cli("flow-run", "ls", env={"FLOWQL_DATABASE_URL": "oracle://scott:tiger@db/orcl"})
    line = error_line(result)
    assert "unsupported database URL" in line
    assert "tiger" not in line


def test_unknown_command_is_one_error_line(cli: Invoke) -> None:
    assert "No such command 'flow-runs'" in error_line(cli("flow-runs", "ls"))


def test_no_arguments_shows_the_help(cli: Invoke) -> None:
    result = cli()
    assert "flow-run" in result.output
    assert "Traceback" not in result.output


def test_bad_server_port(cli: Invoke) -> None:
    result = cli("server", "start", "--port", "70000")
    assert result.exit_code == 1
    assert "--port" in error_line(result)


def test_embedded_database_that_cannot_be_reached(cli: Invoke) -> None:
    url = "postgresql://flowql:pw@127.0.0.1:9/flowql"  # nothing listens on port 9
    line = error_line(cli("flow-run", "ls", env={"FLOWQL_DATABASE_URL": url}))
    assert "postgresql://flowql:***@127.0.0.1:9/flowql" in line
    assert "pw@" not in line
