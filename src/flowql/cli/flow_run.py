"""``flowql flow-run``: list, inspect, read the logs of and delete flow runs.

Every command goes through the GraphQL API: in-process on the local database
(embedded mode) or over HTTP when ``FLOWQL_API_URL`` is set.

``logs --follow`` subscribes twice, through ``cli.api.subscribe``: to the run's
state changes (from now on, then reads the state once, so a run already over is
noticed and a change cannot slip between the two) and to its logs (from the
first one). The history is printed in time order, as without ``--follow``;
later logs as they are stored. Once the run is in a final state, logs are
printed until none came for ``FINAL_QUIET_SECONDS`` (a run's last lines are
sent after its final state), then the state is said and the command exits 0.
Ctrl-C exits 130.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable
from datetime import datetime
from typing import Annotated, Any, Literal

import typer
from rich.console import Console

from flowql.cli import flow_run_views as views
from flowql.cli.api import connect, execute, execute_once, subscribe
from flowql.cli.errors import CliError
from flowql.cli.output import parse_time, print_note, stdout
from flowql.cli.params import STATE_TYPE_NAMES, parse_state_type, parse_uuid
from flowql.cli.runtime import load_settings, run
from flowql.core.states import StateType
from flowql.sdk.client.subscriptions import retry_unreachable
from flowql.sdk.client.transport import Transport

app = typer.Typer(
    help="List, inspect, read the logs of and delete flow runs.", no_args_is_help=True
)

MAX_PAGE_SIZE = 200  # the API's limit on `first`
FINAL_QUIET_SECONDS = 1.5
"""Once the run is over, stop when no log came for this long: its last lines ("Finished
in state ...") are sent after the final state, by a logger that sends every 0.5 s, and
embedded mode reads the database every 0.5 s."""
FINAL_LINGER_SECONDS = 10.0
"""Once the run is over, stop after this long even if logs keep coming."""
INTERRUPTED_EXIT_CODE = 130

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


# -- logs --follow ---------------------------------------------------------------------

Event = (
    tuple[Literal["logs"], dict[str, Any]]
    | tuple[Literal["final"], dict[str, Any]]
    | tuple[Literal["error"], Exception]
)


async def _follow_logs(run_id: uuid.UUID, *, tail: int | None) -> tuple[dict[str, Any], int]:
    """Print the run's logs until it is over; its final state and how many were printed."""
    events: asyncio.Queue[Event] = asyncio.Queue()
    async with connect(load_settings()) as transport:
        workers = [
            asyncio.create_task(_forward_errors(_watch_state(transport, run_id, events), events)),
            asyncio.create_task(_forward_errors(_pump_logs(transport, run_id, events), events)),
        ]
        try:
            return await _print_until_over(stdout(), events, tail=tail)
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)


async def _forward_errors(work: Awaitable[None], events: asyncio.Queue[Event]) -> None:
    try:
        await work
    except Exception as error:
        await events.put(("error", error))


async def _watch_state(
    transport: Transport, run_id: uuid.UUID, events: asyncio.Queue[Event]
) -> None:
    """Put ``("final", run)`` on ``events`` once the run is in a final state."""
    variables = {"filter": {"id": {"any": [str(run_id)]}}, "after": "HEAD"}
    subscribed = False
    updates = subscribe(transport, "WatchFlowRuns", variables, quiet=True)
    async with contextlib.aclosing(updates):
        async for message in updates:
            runs = message["flowRuns"]
            if not subscribed:  # every change from here on is a message: read where it is
                subscribed = True
                current = await retry_unreachable(  # the server may be restarting
                    lambda: execute(transport, "FlowRunState", {"id": str(run_id)})
                )
                if current["flowRun"] is None:
                    raise not_found(run_id)
                runs = [current["flowRun"]]
            if str(run_id) in message["deletedIds"]:
                raise CliError(f"flow run {run_id} was deleted")
            for flow_run in runs:
                if StateType(flow_run["stateType"]).is_terminal:
                    await events.put(("final", flow_run))
                    return


async def _pump_logs(transport: Transport, run_id: uuid.UUID, events: asyncio.Queue[Event]) -> None:
    variables = {"flowRunId": str(run_id), "after": None}
    async with contextlib.aclosing(subscribe(transport, "FollowLogs", variables)) as messages:
        async for message in messages:
            await events.put(("logs", message))


async def _print_until_over(
    console: Console, events: asyncio.Queue[Event], *, tail: int | None
) -> tuple[dict[str, Any], int]:
    """Print the history (sorted by time, the last ``tail`` only if set) once it is all
    in, then each new batch; stop when the run is over and logs went quiet."""
    loop = asyncio.get_running_loop()
    history: list[dict[str, Any]] | None = []
    final: dict[str, Any] | None = None
    printed, stop_at = 0, 0.0
    while True:
        timeout = None if final is None else min(FINAL_QUIET_SECONDS, stop_at - loop.time())
        try:
            event = await asyncio.wait_for(events.get(), timeout)
        except TimeoutError:
            break
        if event[0] == "error":
            raise event[1]
        if event[0] == "final":
            final, stop_at = event[1], loop.time() + FINAL_LINGER_SECONDS
        elif history is None:
            printed += _print_page(console, event[1]["logs"])
        else:
            history += event[1]["logs"]
            if not event[1]["moreHistory"]:
                printed += _print_page(console, _in_time_order(history, tail))
                history = None
    if history:
        printed += _print_page(console, _in_time_order(history, tail))
    assert final is not None
    return final, printed


def _in_time_order(logs: list[dict[str, Any]], tail: int | None) -> list[dict[str, Any]]:
    ordered = sorted(logs, key=_timestamp)  # stable: stored order among equal times
    return ordered if tail is None else ordered[-tail:]


def _timestamp(log: dict[str, Any]) -> datetime:
    timestamp = parse_time(log["timestamp"])
    assert timestamp is not None
    return timestamp


@app.command("logs")
def logs(
    flow_run_id: RunId,
    head: Annotated[int | None, typer.Option(min=1, help="Only the first N logs.")] = None,
    tail: Annotated[int | None, typer.Option(min=1, help="Only the last N logs.")] = None,
    follow: Annotated[
        bool,
        typer.Option("--follow", "-f", help="Keep printing new logs until the run is over."),
    ] = False,
) -> None:
    """Print a flow run's logs in time order (all of them unless --head or --tail).

    With --follow, keep printing new logs until the run is over.
    """
    if head is not None and tail is not None:
        raise CliError("use --head or --tail, not both")
    if follow and head is not None:
        raise CliError("--follow prints the logs to come: use --tail, not --head")
    if not follow:
        if run(_print_logs(flow_run_id, head=head, tail=tail)) == 0:
            print_note(f"No logs for flow run {flow_run_id}.")
        return
    try:
        final, printed = run(_follow_logs(flow_run_id, tail=tail))
    except KeyboardInterrupt:
        raise typer.Exit(INTERRUPTED_EXIT_CODE) from None
    if printed == 0:
        print_note(f"No logs for flow run {flow_run_id}.")
    print_note(views.final_state_note(final))


@app.command("delete")
def delete(flow_run_id: RunId) -> None:
    """Delete a flow run with its task runs, states and logs."""
    data = run(execute_once(load_settings(), "DeleteFlowRun", {"id": str(flow_run_id)}))
    result = data["deleteFlowRun"]
    if result["errors"]:
        raise CliError("; ".join(error["message"] for error in result["errors"]))
    stdout().print(f"Deleted flow run {result['deletedId']}.")
