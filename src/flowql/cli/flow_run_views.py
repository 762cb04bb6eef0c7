"""How flow runs and their logs look on the terminal (rich tables and lines)."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from flowql.cli.output import format_duration, format_time, parse_time, state_text
from flowql.core.states import StateType

LEVEL_STYLES = {"WARNING": "yellow", "ERROR": "red", "CRITICAL": "bold red", "DEBUG": "dim"}


WIDE_TABLE = 120  # narrower consoles get short times so every column fits in 80


def _start_cell(run: dict[str, Any], compact: bool) -> Text:
    if run["startTime"] is not None:
        return Text(format_time(run["startTime"], short=compact))
    if run["expectedStartTime"] is not None:
        expected = format_time(run["expectedStartTime"], short=compact)
        return Text(expected + ("*" if compact else " (expected)"), style="dim")
    return Text("-")


def _duration_cell(run: dict[str, Any]) -> str:
    return "-" if run["startTime"] is None else format_duration(run["estimatedRunTime"])


def flow_runs_table(runs: list[dict[str, Any]], *, compact: bool = False) -> Table:
    """One row per run: id, name, flow, state, start time, duration."""
    table = Table(box=None, pad_edge=False, collapse_padding=True, header_style="bold underline")
    table.add_column("ID", no_wrap=True)
    table.add_column("Name", overflow="fold")
    table.add_column("Flow", overflow="fold")
    table.add_column("State", no_wrap=True)
    table.add_column("Start time", no_wrap=compact)
    table.add_column("Duration", no_wrap=True, justify="right")
    for run in runs:
        table.add_row(
            run["id"],
            run["name"],
            run["flow"]["name"],
            state_text(run["stateType"], run["stateName"]),
            _start_cell(run, compact),
            _duration_cell(run),
        )
    return table


def print_flow_runs(console: Console, connection: dict[str, Any]) -> None:
    """The table of a ``flowRuns`` connection, and how many more there are."""
    runs = [edge["node"] for edge in connection["edges"]]
    if not runs:
        console.print("No flow runs found.")
        return
    compact = console.width < WIDE_TABLE
    console.print(flow_runs_table(runs, compact=compact))
    if compact and any(run["startTime"] is None and run["expectedStartTime"] for run in runs):
        console.print("* expected start time (not started yet)")
    if connection["totalCount"] > len(runs):
        console.print(f"Showing {len(runs)} of {connection['totalCount']} flow runs.")


def _fields_table(run: dict[str, Any]) -> Table:
    state = run["state"] or {}
    rows: list[tuple[str, str | Text]] = [
        ("ID", run["id"]),
        ("Name", run["name"]),
        ("Flow", f"{run['flow']['name']} ({run['flow']['id']})"),
        ("State", state_text(state.get("type"), state.get("name"))),
        ("State message", state.get("message") or "-"),
        ("Tags", ", ".join(run["tags"]) or "-"),
        ("Run count", str(run["runCount"])),
        ("Retries", f"{run['retries']} (delays {run['retryDelaySeconds'] or '-'})"),
        ("Expected start", format_time(run["expectedStartTime"])),
        ("Start time", format_time(run["startTime"])),
        ("End time", format_time(run["endTime"])),
        ("Run time", format_duration(run["estimatedRunTime"])),
        ("Idempotency key", run["idempotencyKey"] or "-"),
        ("Parent flow run", run["parentFlowRunId"] or "-"),
        ("Parent task run", run["parentTaskRunId"] or "-"),
        ("Created", format_time(run["created"])),
        ("Updated", format_time(run["updated"])),
    ]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in rows:
        table.add_row(label, value)
    return table


def _history_table(history: dict[str, Any]) -> Table:
    table = Table("Time", "State", "Message", title=f"State history ({history['totalCount']})")
    for edge in history["edges"]:
        state = edge["node"]
        table.add_row(
            format_time(state["timestamp"]),
            state_text(state["type"], state["name"]),
            state["message"] or "",
        )
    return table


def task_run_counts(run: dict[str, Any]) -> dict[StateType, int]:
    """Task runs per state type, from the aliased ``taskRuns`` counts (non-zero only)."""
    counts = {kind: run[kind.value.lower()]["totalCount"] for kind in StateType}
    return {kind: count for kind, count in counts.items() if count}


def _task_runs_table(run: dict[str, Any]) -> Table:
    table = Table("State", "Task runs", title=f"Task runs ({run['taskRuns']['totalCount']})")
    for kind, count in task_run_counts(run).items():
        table.add_row(state_text(kind.value, None), str(count))
    return table


def print_flow_run(console: Console, run: dict[str, Any]) -> None:
    """Fields, parameters (JSON), state history and task run counts of one run."""
    console.print(_fields_table(run))
    console.print()
    console.print(Text("Parameters", style="bold"))
    console.print(json.dumps(run["parameters"], indent=2, sort_keys=True), soft_wrap=True)
    console.print()
    console.print(_history_table(run["stateHistory"]))
    shown = len(run["stateHistory"]["edges"])
    if run["stateHistory"]["totalCount"] > shown:
        console.print(f"(first {shown} states shown)")
    console.print(_task_runs_table(run))


def log_line(log: dict[str, Any]) -> Text:
    """``HH:MM:SS.mmm | LEVEL   | logger - message``, in local time."""
    timestamp = parse_time(log["timestamp"])
    assert timestamp is not None
    local = timestamp.astimezone()
    clock = f"{local:%H:%M:%S}.{local.microsecond // 1000:03d}"
    level = log["levelName"]
    return Text.assemble(
        f"{clock} | ",
        (f"{level:<7}", LEVEL_STYLES.get(level, "")),
        f" | {log['name']} - {log['message']}",
    )


def final_state_note(run: dict[str, Any]) -> str:
    """``Flow run 'name' (id) finished in state FAILED: message.`` (``logs --follow``)."""
    label = state_text(run["stateType"], run["stateName"]).plain
    message = (run.get("state") or {}).get("message")
    detail = f": {message}" if message else ""
    return f"Flow run {run['name']!r} ({run['id']}) finished in state {label}{detail}."
