"""``flowql flow-run``: list, inspect, read the logs of and delete flow runs.

Every command goes through the GraphQL API: in-process on the local database
(embedded mode) or over HTTP when ``FLOWQL_API_URL`` is set.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import typer
from rich.console import Console

from flowql.cli import flow_run_views as views
from flowql.cli.api import connect, execute, execute_once
from flowql.cli.errors import CliError
from flowql.cli.output import print_note, stdout
from flowql.cli.params import STATE_TYPE_NAMES, parse_state_type, parse_uuid
from flowql.cli.runtime import load_settings, run
from flowql.core.states import StateType
from flowql.sdk.client.transport import Transport

app = typer.Typer(
    help="List, inspect, read the logs of and delete flow runs.", no_args_is_help=True
)

MAX_PAGE_SIZE = 200  # the API's limit on `first`
FOLLOW_UNAVAILABLE = (
    "--follow is not available in the CLI yet; the server streams them: subscribe to "
    "logs(flowRunId: ...) on ws://<server>/graphql"
)

RunId = Annotated[
    uuid.UUID, typer.Argument(metavar="ID", parser=parse_uuid, help="The flow run's id.")
]


def not_found(run_id: uuid.UUID) -> CliError:
    return CliError(f"flow run {run_id} not found")


def flow_run_filter(flows: list[str], states: list[StateType]) -> dict[str, Any]:
    """The ``FlowRunFilter`` for ``--flow`` names and ``--state`` types (empty: all runs)."""
    where: dict[str, Any] = {}
    if flows:
        where["flow"] = {"name": {"any": flows}}
    if states:
        where["state"] = {"type": {"any": [state.value for state in states]}}
    return where


@app.command("ls")
def ls(
    flow: Annotated[
        list[str] | None,
        typer.Option("--flow", metavar="NAME", help="Only runs of this flow (repeatable)."),
    ] = None,
    state: Annotated[
        list[StateType] | None,
        typer.Option(
            "--state",
            metavar="TYPE",
            parser=parse_state_type,
            help=f"Only runs in this state type (repeatable): {STATE_TYPE_NAMES}.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=MAX_PAGE_SIZE, help="How many runs to show.")
    ] = 15,
) -> None:
    """List flow runs, newest expected start first."""
    variables = {"first": limit, "filter": flow_run_filter(flow or [], state or [])}
    data = run(execute_once(load_settings(), "FlowRuns", variables))
    views.print_flow_runs(stdout(), data["flowRuns"])


@app.command("inspect")
def inspect(flow_run_id: RunId) -> None:
    """Show everything about one flow run."""
    data = run(execute_once(load_settings(), "FlowRunDetail", {"id": str(flow_run_id)}))
    if data["flowRun"] is None:
        raise not_found(flow_run_id)
    views.print_flow_run(stdout(), data["flowRun"])


async def log_pages(
    transport: Transport, run_id: uuid.UUID, *, limit: int | None, newest_first: bool
) -> AsyncIterator[list[dict[str, Any]]]:
    """Pages of a run's logs in time order (or newest first), ``limit`` logs at most."""
    variables: dict[str, Any] = {
        "id": str(run_id),
        "orderBy": "TIMESTAMP_DESC" if newest_first else "TIMESTAMP_ASC",
        "after": None,
    }
    remaining = limit
    while remaining is None or remaining > 0:
        variables["first"] = MAX_PAGE_SIZE if remaining is None else min(remaining, MAX_PAGE_SIZE)
        flow_run = (await execute(transport, "FlowRunLogs", variables))["flowRun"]
        if flow_run is None:
            raise not_found(run_id)
        logs = flow_run["logs"]
        yield [edge["node"] for edge in logs["edges"]]
        if not logs["pageInfo"]["hasNextPage"]:
            return
        variables["after"] = logs["pageInfo"]["endCursor"]
        remaining = None if remaining is None else remaining - len(logs["edges"])


def _print_page(console: Console, logs: list[dict[str, Any]]) -> int:
    for log in logs:
        console.print(views.log_line(log), soft_wrap=True)
    return len(logs)


async def _print_logs(run_id: uuid.UUID, *, head: int | None, tail: int | None) -> int:
    """Print the logs, page by page as they arrive (all at the end for --tail); count them."""
    console = stdout()
    async with connect(load_settings()) as transport:
        pages = log_pages(transport, run_id, limit=tail or head, newest_first=tail is not None)
        if tail is not None:
            newest_first = [log async for page in pages for log in page]
            return _print_page(console, newest_first[::-1])
        printed = 0
        async for page in pages:
            printed += _print_page(console, page)
        return printed


@app.command("logs")
def logs(
    flow_run_id: RunId,
    head: Annotated[int | None, typer.Option(min=1, help="Only the first N logs.")] = None,
    tail: Annotated[int | None, typer.Option(min=1, help="Only the last N logs.")] = None,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new logs.")] = False,
) -> None:
    """Print a flow run's logs in time order (all of them unless --head or --tail)."""
    if follow:
        raise CliError(FOLLOW_UNAVAILABLE)
    if head is not None and tail is not None:
        raise CliError("use --head or --tail, not both")
    if run(_print_logs(flow_run_id, head=head, tail=tail)) == 0:
        print_note(f"No logs for flow run {flow_run_id}.")


@app.command("delete")
def delete(flow_run_id: RunId) -> None:
    """Delete a flow run with its task runs, states and logs."""
    data = run(execute_once(load_settings(), "DeleteFlowRun", {"id": str(flow_run_id)}))
    result = data["deleteFlowRun"]
    if result["errors"]:
        raise CliError("; ".join(error["message"] for error in result["errors"]))
    stdout().print(f"Deleted flow run {result['deletedId']}.")
