"""``flowql export-schema``: write the GraphQL SDL for clients and codegen."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flowql.cli.errors import CliError
from flowql.cli.output import stdout

DEFAULT_OUTPUT = Path("schema.graphql")


def schema_sdl() -> str:
    """The SDL of the API's schema, ending with a newline."""
    from flowql.schema.build import build_schema

    return build_schema().as_str() + "\n"


def export_schema(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write.", dir_okay=False)
    ] = DEFAULT_OUTPUT,
) -> None:
    """Write the GraphQL schema (SDL) to a file, schema.graphql by default."""
    try:
        output.write_text(schema_sdl())
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    stdout().print(f"Wrote the GraphQL schema to {output.resolve()}", soft_wrap=True)
