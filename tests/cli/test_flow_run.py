"""``flowql flow-run ls|inspect|logs|delete`` in embedded mode, on data made through the API."""

from __future__ import annotations

import json
import re
from datetime import datetime

from tests.cli.conftest import Invoke, error_line
from tests.cli.seed import LOGGER, Runs

RUN_ROW = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} ")


def table_rows(output: str) -> dict[str, str]:
    """Rows of the ``ls`` table by run id (the first column)."""
    return {line[:36]: line for line in output.splitlines() if RUN_ROW.match(line)}


def expected_line(record: tuple[datetime, int, str]) -> str:
    timestamp, level, message = record
    local = timestamp.astimezone()
    level_name = {20: "INFO", 40: "ERROR"}[level]
    return (
        f"{local:%H:%M:%S}.{local.microsecond // 1000:03d} | {level_name:<7} | {LOGGER} - {message}"
    )


def test_ls_lists_every_run_with_flow_state_and_times(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "ls")
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert set(rows) == {runs.completed, runs.failed, runs.scheduled}
    assert rows[runs.completed].split()[1:4] == ["etl-completed", "etl", "COMPLETED"]
    assert rows[runs.failed].split()[1:4] == ["etl-failed", "etl", "FAILED"]
    assert rows[runs.scheduled].split()[1:4] == ["report-scheduled", "report", "SCHEDULED"]
    assert "(expected)" in rows[runs.scheduled]
    assert rows[runs.completed].rstrip().endswith("s")  # a duration
    assert rows[runs.scheduled].rstrip().endswith("-")  # not started


def test_ls_filters_by_flow_name(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "ls", "--flow", "etl")
    assert set(table_rows(result.stdout)) == {runs.completed, runs.failed}
    both = cli("flow-run", "ls", "--flow", "etl", "--flow", "report")
    assert len(table_rows(both.stdout)) == 3


def test_ls_filters_by_state_type_in_any_case(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "ls", "--state", "failed")
    assert set(table_rows(result.stdout)) == {runs.failed}
    several = cli("flow-run", "ls", "--state", "COMPLETED", "--state", "Scheduled")
    assert set(table_rows(several.stdout)) == {runs.completed, runs.scheduled}


def test_ls_combines_flow_and_state_filters(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "ls", "--flow", "report", "--state", "COMPLETED")
    assert result.exit_code == 0, result.output
    assert "No flow runs found." in result.stdout


def test_ls_limit_says_how_many_there_are(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "ls", "--limit", "1")
    assert len(table_rows(result.stdout)) == 1
    assert "Showing 1 of 3 flow runs." in result.stdout


def test_ls_keeps_ids_whole_on_an_80_column_console(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "ls", env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    assert set(table_rows(result.stdout)) == {runs.completed, runs.failed, runs.scheduled}
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_ls_with_no_runs(cli: Invoke) -> None:
    result = cli("flow-run", "ls")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "No flow runs found."


def test_inspect_shows_fields_parameters_history_and_task_runs(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "inspect", runs.completed)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in (runs.completed, "etl-completed", "etl (", "nightly", "all good"):
        assert text in out
    parameters = out[out.index("Parameters") + len("Parameters") : out.index("State history")]
    assert json.loads(parameters) == {"source": "s3://bucket", "limit": 10}
    history = out[out.index("State history (3)") : out.index("Task runs (3)")]
    assert [word for word in history.split() if word.isupper()] == [
        "PENDING", "RUNNING", "COMPLETED"
    ]  # fmt: skip
    counts = out[out.index("Task runs (3)") :]
    assert "COMPLETED │ 2" in counts
    assert "FAILED    │ 1" in counts
    assert "RUNNING" not in counts


def test_logs_prints_every_line_in_time_order(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "logs", runs.completed)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [expected_line(record) for record in runs.logs]
    assert "| ERROR   |" in result.stdout.splitlines()[1]


def test_logs_head_and_tail(cli: Invoke, runs: Runs) -> None:
    head = cli("flow-run", "logs", runs.completed, "--head", "2")
    assert head.stdout.splitlines() == [expected_line(record) for record in runs.logs[:2]]
    tail = cli("flow-run", "logs", runs.completed, "--tail", "2")
    assert tail.stdout.splitlines() == [expected_line(record) for record in runs.logs[-2:]]


def test_logs_of_a_run_without_logs(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "logs", runs.failed)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "No logs" in result.stderr


def test_logs_follow_with_head_is_an_error(cli: Invoke, runs: Runs) -> None:
    line = error_line(cli("flow-run", "logs", runs.completed, "--follow", "--head", "1"))
    assert "use --tail, not --head" in line


def test_logs_head_and_tail_together_is_an_error(cli: Invoke, runs: Runs) -> None:
    line = error_line(cli("flow-run", "logs", runs.completed, "--head", "1", "--tail", "1"))
    assert "--head or --tail" in line


def test_delete_removes_the_run(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "delete", runs.failed)
    assert result.exit_code == 0, result.output
    assert f"Deleted flow run {runs.failed}." in result.stdout
    assert set(table_rows(cli("flow-run", "ls").stdout)) == {runs.completed, runs.scheduled}
    assert "not found" in error_line(cli("flow-run", "inspect", runs.failed))
