"""``flowql block``: list, inspect, delete and register blocks (Prefect's ``prefect block``).

Every command goes through the GraphQL API (in-process on the local database,
or over HTTP when ``FLOWQL_API_URL`` is set) with ``get_client()``'s block
methods. Secret values are always shown as ``********``: no command asks the
API to reveal them. ``register`` imports a module (``-m``) or a file (``-f``)
and registers the type and schema of every ``Block`` subclass it defines.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import uuid
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from flowql.cli.errors import CliError
from flowql.cli.output import format_time, stdout
from flowql.cli.params import parse_uuid
from flowql.cli.runtime import load_settings, run
from flowql.client.orchestration import FlowqlClient
from flowql.client.schemas.blocks import BlockDocument
from flowql.exceptions import ObjectNotFound

app = typer.Typer(help="List, inspect, delete and register blocks.", no_args_is_help=True)
type_app = typer.Typer(help="List block types.", no_args_is_help=True)
app.add_typer(type_app, name="type")

MAX_LIMIT = 200

SlugAndName = Annotated[
    str, typer.Argument(metavar="SLUG/NAME", help="The block type's slug and the block's name.")
]


def split_slug(value: str) -> tuple[str, str]:
    """``"slug/name"`` as ``(slug, name)``; anything else is a user error."""
    slug, _, name = value.partition("/")
    if not slug or not name or "/" in name:
        raise CliError(f"expected SLUG/NAME (such as 'secret/api-token'), got {value!r}")
    return slug, name


async def _read(client: FlowqlClient, slug_and_name: str) -> BlockDocument:
    slug, name = split_slug(slug_and_name)
    try:
        return await client.read_block_document_by_name(name, slug, include_secrets=False)
    except ObjectNotFound:
        raise CliError(f"no block named {name!r} of block type {slug!r}") from None


async def _read_by_id(client: FlowqlClient, id: uuid.UUID) -> BlockDocument:
    try:
        return await client.read_block_document(id, include_secrets=False)
    except ObjectNotFound:
        raise CliError(f"no block with id {id}") from None


@app.command("ls")
def ls(
    block_type: Annotated[
        str | None, typer.Option("--type", metavar="SLUG", help="Only blocks of this type.")
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=MAX_LIMIT, help="How many blocks to show.")
    ] = MAX_LIMIT,
) -> None:
    """List the named blocks, by name."""

    async def read() -> list[BlockDocument]:
        async with FlowqlClient(load_settings()) as client:
            return await client.read_block_documents(block_type, limit=limit)

    documents = run(read())
    console = stdout()
    if not documents:
        console.print("No blocks found.")
        return
    table = Table("ID", "Type", "Name", "Slug")
    for document in documents:
        slug = _slug(document)
        table.add_row(
            str(document.id), document.block_type_name, document.name, f"{slug}/{document.name}"
        )
    console.print(table)


def _slug(document: BlockDocument) -> str:
    return document.block_type.slug if document.block_type is not None else "?"


@app.command("inspect")
def inspect(slug_and_name: SlugAndName) -> None:
    """Show one block: its type, schema and data (secrets as ********)."""

    async def read() -> BlockDocument:
        async with FlowqlClient(load_settings()) as client:
            return await _read(client, slug_and_name)

    document = run(read())
    console = stdout()
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column()
    schema = document.block_schema
    for label, value in (
        ("ID", str(document.id)),
        ("Name", document.name or "-"),
        ("Type", f"{document.block_type_name} ({_slug(document)})"),
        ("Schema checksum", schema.checksum if schema is not None else "-"),
        ("Capabilities", ", ".join(schema.capabilities) if schema is not None else "-"),
        ("Created", format_time(document.created.isoformat() if document.created else None)),
        ("Updated", format_time(document.updated.isoformat() if document.updated else None)),
    ):
        table.add_row(label, value or "-")
    console.print(table)
    console.print()
    console.print(Text("Data", style="bold"))
    console.print(json.dumps(document.data, indent=2, sort_keys=True), soft_wrap=True)


@app.command("delete")
def delete(
    slug_and_name: Annotated[
        str | None,
        typer.Argument(metavar="SLUG/NAME", help="The block type's slug and the block's name."),
    ] = None,
    block_id: Annotated[
        uuid.UUID | None,
        typer.Option("--id", metavar="ID", parser=parse_uuid, help="The block's id instead."),
    ] = None,
) -> None:
    """Delete a block (and the anonymous blocks only it held)."""
    if (slug_and_name is None) == (block_id is None):
        raise CliError("give the block as SLUG/NAME or by --id (one of them)")

    async def remove() -> None:
        async with FlowqlClient(load_settings()) as client:
            if slug_and_name is not None:
                document = await _read(client, slug_and_name)
            else:
                assert block_id is not None
                document = await _read_by_id(client, block_id)
            await client.delete_block_document(document.id)

    run(remove())
    stdout().print(f"Deleted block {slug_and_name or str(block_id)!r}.")


@type_app.command("ls")
def type_ls() -> None:
    """List the block types, by slug."""

    async def read() -> Any:
        async with FlowqlClient(load_settings()) as client:
            return await client.read_block_types()

    block_types = run(read())
    console = stdout()
    if not block_types:
        console.print("No block types found.")
        return
    table = Table("Slug", "Name", "Description")
    for block_type in block_types:
        description = (block_type.description or "-").splitlines()[0]
        table.add_row(block_type.slug, block_type.name, description)
    console.print(table)


@app.command("register")
def register(
    module_name: Annotated[
        str | None,
        typer.Option("--module", "-m", metavar="MODULE", help="Import this module (a.b.c)."),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", metavar="FILE", help="Load this Python file.")
    ] = None,
) -> None:
    """Register the type and schema of every Block subclass a module or file defines."""
    if (module_name is None) == (file is None):
        raise CliError("give a module (-m) or a file (-f) to register blocks from (one of them)")
    module = _import_module(module_name) if module_name is not None else _load_file(file)
    classes = defined_blocks(module)
    if not classes:
        raise CliError(f"{module.__name__!r} defines no Block subclass to register")
    run(_register(classes))
    table = Table("Registered block type", "Slug")
    for cls in classes:
        table.add_row(cls.get_block_type_name(), cls.get_block_type_slug())
    console = stdout()
    console.print(table)
    console.print(f"Registered {len(classes)} block type(s) from {module.__name__!r}.")


def defined_blocks(module: ModuleType) -> list[Any]:
    """The Block subclasses ``module`` defines (not those it imports)."""
    from flowql.sdk.blocks.core import Block

    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Block)
        and value is not Block
        and value.__module__ == module.__name__
    ]


async def _register(classes: list[Any]) -> None:
    from flowql.cli.api import connect
    from flowql.sdk.blocks.core import register_block_class

    async with connect(load_settings()) as transport:
        api = SimpleNamespace(transport=transport)  # what the block calls need of an API
        for cls in classes:
            await register_block_class(cls, api)


def _import_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise CliError(f"cannot import module {name!r}: {error}") from None


def _load_file(path: Path | None) -> ModuleType:
    assert path is not None
    if not path.is_file():
        raise CliError(f"no Python file at {str(path)!r}")
    name = f"flowql_blocks_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CliError(f"cannot load {str(path)!r} as a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves the classes' annotations through it
    spec.loader.exec_module(module)
    return module
