"""``flowql server``: run the API server."""

from __future__ import annotations

from typing import Annotated

import typer

from flowql.cli.output import stdout
from flowql.cli.runtime import load_settings

app = typer.Typer(help="Run the flowql API server.", no_args_is_help=True)


def graphql_url(host: str, port: int) -> str:
    """The URL of /graphql on ``host:port`` (IPv6 addresses bracketed)."""
    netloc = f"[{host}]" if ":" in host else host
    return f"http://{netloc}:{port}/graphql"


@app.command("start")
def start(
    host: Annotated[
        str | None, typer.Option(help="Address to bind. [default: FLOWQL_SERVER_HOST, 127.0.0.1]")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port to bind. [default: FLOWQL_SERVER_PORT, 4200]"),
    ] = None,
) -> None:
    """Start the server (it applies pending database migrations first)."""
    import uvicorn

    from flowql.server.app import create_app

    settings = load_settings()
    host = host or settings.server_host
    port = port or settings.server_port
    asgi_app = create_app(settings)
    stdout().print(f"Starting the flowql server: GraphQL API at {graphql_url(host, port)}")
    uvicorn.run(asgi_app, host=host, port=port, log_level=settings.logging_level.lower())
