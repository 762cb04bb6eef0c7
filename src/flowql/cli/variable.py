"""``flowql variable``: list, read, set, delete and inspect variables (Prefect's commands).

Every command goes through the GraphQL API: in-process on the local database
(embedded mode) or over HTTP when ``FLOWQL_API_URL`` is set. ``set`` takes the
value as JSON when it parses as JSON (``42``, ``true``, ``{"a": 1}``, ``"42"``)
and as a string otherwise, as Prefect does; ``get`` prints the value as JSON.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from flowql.cli.api import execute_once
from flowql.cli.errors import CliError
from flowql.cli.output import format_time, stdout
from flowql.cli.runtime import load_settings, run

app = typer.Typer(help="List, read, set, delete and inspect variables.", no_args_is_help=True)

MAX_PAGE_SIZE = 200  # the API's limit on `first`

Name = Annotated[str, typer.Argument(metavar="NAME", help="The variable's name.")]


def not_found(name: str) -> CliError:
    return CliError(f"variable {name!r} not found")


def _payload(data: dict[str, Any], field: str, name: str) -> dict[str, Any]:
    """The mutation's payload; its errors as a ``CliError`` (``--overwrite`` named)."""
    payload: dict[str, Any] = data[field]
    errors = payload["errors"]
    if any(error["code"] == "NOT_FOUND" for error in errors):
        raise not_found(name)
    if any(error["code"] == "CONFLICT" for error in errors):
        raise CliError(f"variable {name!r} already exists; use --overwrite to replace it")
    if errors:
        raise CliError("; ".join(error["message"] for error in errors))
    return payload


def _read(name: str) -> dict[str, Any]:
    data = run(execute_once(load_settings(), "ClientReadVariableByName", {"name": name}))
    if data["variable"] is None:
        raise not_found(name)
    variable: dict[str, Any] = data["variable"]
    return variable


def parse_value(text: str) -> Any:
    """``text`` as JSON if it is JSON, else the string itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


@app.command("ls")
def ls(
    limit: Annotated[
        int, typer.Option(min=1, max=MAX_PAGE_SIZE, help="How many variables to show.")
    ] = 100,
) -> None:
    """List variables by name."""
    connection = run(execute_once(load_settings(), "Variables", {"first": limit}))["variables"]
    variables = [edge["node"] for edge in connection["edges"]]
    console = stdout()
    if not variables:
        console.print("No variables found.")
        return
    table = Table(box=None, pad_edge=False, collapse_padding=True, header_style="bold underline")
    for column in ("Name", "Value", "Tags", "Created", "Updated"):
        table.add_column(column, overflow="fold")
    for variable in variables:
        table.add_row(
            variable["name"],
            json.dumps(variable["value"]),
            ", ".join(variable["tags"]) or "-",
            format_time(variable["created"]),
            format_time(variable["updated"]),
        )
    console.print(table)
    if connection["totalCount"] > len(variables):
        console.print(f"Showing {len(variables)} of {connection['totalCount']} variables.")


@app.command("get")
def get(name: Name) -> None:
    """Print a variable's value, as JSON."""
    stdout().print(json.dumps(_read(name)["value"]), soft_wrap=True)


@app.command("inspect")
def inspect(name: Name) -> None:
    """Show everything about one variable, as JSON."""
    stdout().print(json.dumps(_read(name), indent=2), soft_wrap=True)


@app.command("set")
def set_(
    name: Name,
    value: Annotated[str, typer.Argument(help="JSON, or else taken as a string.")],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace the value and tags if it exists.")
    ] = False,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag (repeatable).")
    ] = None,
) -> None:
    """Create a variable, or with --overwrite replace an existing one's value and tags."""
    input = {"name": name, "value": parse_value(value), "tags": tag or [], "overwrite": overwrite}
    data = run(execute_once(load_settings(), "SetVariable", {"input": input}))
    payload = _payload(data, "setVariable", name)
    verb = "Created" if payload["created"] else "Updated"
    stdout().print(f"{verb} variable {name!r}.")


@app.command("unset")
def unset(name: Name) -> None:
    """Delete a variable."""
    data = run(execute_once(load_settings(), "DeleteVariable", {"input": {"name": name}}))
    _payload(data, "deleteVariable", name)
    stdout().print(f"Deleted variable {name!r}.")
