"""``flowql artifact``: list, inspect and delete artifacts (Prefect's commands).

Every command goes through the GraphQL API: in-process on the local database
(embedded mode) or over HTTP when ``FLOWQL_API_URL`` is set. ``ls`` shows the
latest version of each key (``--all``: every artifact, newest first);
``inspect KEY`` prints a key's versions as JSON, newest first; ``delete KEY``
deletes every version of a key, ``delete --id ID`` one artifact.
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

import typer
from rich.table import Table

from flowql.cli.api import connect, execute, execute_once
from flowql.cli.errors import CliError
from flowql.cli.output import format_time, stdout
from flowql.cli.params import parse_uuid
from flowql.cli.runtime import load_settings, run

app = typer.Typer(help="List, inspect and delete artifacts.", no_args_is_help=True)

MAX_PAGE_SIZE = 200  # the API's limit on `first`

Key = Annotated[str, typer.Argument(metavar="KEY", help="The artifact key.")]


def not_found(key: str) -> CliError:
    return CliError(f"no artifact with key {key!r}")


async def _versions(key: str, limit: int | None) -> list[dict[str, Any]]:
    """Up to ``limit`` versions of ``key`` (None: all), newest first."""
    versions: list[dict[str, Any]] = []
    variables: dict[str, Any] = {"key": key, "after": None}
    async with connect(load_settings()) as transport:
        while limit is None or len(versions) < limit:
            wanted = MAX_PAGE_SIZE if limit is None else limit - len(versions)
            variables["first"] = min(MAX_PAGE_SIZE, wanted)
            history = (await execute(transport, "ArtifactHistory", variables))["artifactHistory"]
            versions += [edge["node"] for edge in history["edges"]]
            if not history["pageInfo"]["hasNextPage"]:
                break
            variables["after"] = history["pageInfo"]["endCursor"]
    return versions


@app.command("ls")
def ls(
    every: Annotated[
        bool, typer.Option("--all", "-a", help="Every artifact (every version of every key).")
    ] = False,
    limit: Annotated[
        int, typer.Option(min=1, max=MAX_PAGE_SIZE, help="How many artifacts to show.")
    ] = 100,
) -> None:
    """List the latest version of each key (with --all, every artifact, newest first)."""
    name, field = ("Artifacts", "artifacts") if every else ("LatestArtifacts", "latestArtifacts")
    connection = run(execute_once(load_settings(), name, {"first": limit}))[field]
    artifacts = [edge["node"] for edge in connection["edges"]]
    console = stdout()
    if not artifacts:
        console.print("No artifacts found.")
        return
    table = Table(box=None, pad_edge=False, collapse_padding=True, header_style="bold underline")
    table.add_column("ID", no_wrap=True)
    for column in ("Key", "Type", "Description", "Updated"):
        table.add_column(column, overflow="fold")
    for artifact in artifacts:
        table.add_row(
            artifact["id"],
            artifact["key"] or "-",
            artifact["type"],
            artifact["description"] or "-",
            format_time(artifact["updated"]),
        )
    console.print(table)
    if connection["totalCount"] > len(artifacts):
        console.print(f"Showing {len(artifacts)} of {connection['totalCount']} artifacts.")


@app.command("inspect")
def inspect(
    key: Key,
    limit: Annotated[int, typer.Option(min=1, help="How many versions to show.")] = 10,
) -> None:
    """Print the versions of a key as JSON, newest first."""
    versions = run(_versions(key, limit))
    if not versions:
        raise not_found(key)
    stdout().print(json.dumps(versions, indent=2), soft_wrap=True)


async def _delete(ids: list[str]) -> None:
    async with connect(load_settings()) as transport:
        for artifact_id in ids:
            data = await execute(transport, "ClientDeleteArtifact", {"id": artifact_id})
            errors = data["deleteArtifact"]["errors"]
            if errors:
                raise CliError("; ".join(error["message"] for error in errors))


@app.command("delete")
def delete(
    key: Annotated[
        str | None,
        typer.Argument(
            metavar="[KEY]", help="Delete every version of this key.", show_default=False
        ),
    ] = None,
    artifact_id: Annotated[
        uuid.UUID | None,
        typer.Option("--id", metavar="ID", parser=parse_uuid, help="Delete this one artifact."),
    ] = None,
) -> None:
    """Delete every version of a key, or one artifact by --id."""
    if (key is None) == (artifact_id is None):
        raise CliError("give an artifact key or --id ID (one of them)")
    if key is None:
        run(_delete([str(artifact_id)]))
        stdout().print(f"Deleted artifact {artifact_id}.")
        return
    versions = run(_versions(key, None))
    if not versions:
        raise not_found(key)
    run(_delete([version["id"] for version in versions]))
    count = len(versions)
    stdout().print(f"Deleted {count} artifact{'s' if count > 1 else ''} with key {key!r}.")
