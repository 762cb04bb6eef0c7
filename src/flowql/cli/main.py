"""The ``flowql`` command: the root typer app and its command groups."""

from __future__ import annotations

import typer

from flowql.cli import artifact, block, config, db, flow_run, schema, server, variable, version
from flowql.cli.errors import ReportErrorsGroup

app = typer.Typer(
    name="flowql",
    cls=ReportErrorsGroup,
    help="flowql: workflow orchestration with a GraphQL API.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold secrets such as the API key
)
app.command("version")(version.version)
app.command("export-schema")(schema.export_schema)
app.add_typer(config.app, name="config")
app.add_typer(server.app, name="server")
app.add_typer(db.app, name="db")
app.add_typer(flow_run.app, name="flow-run")
app.add_typer(variable.app, name="variable")
app.add_typer(artifact.app, name="artifact")
app.add_typer(block.app, name="block")
