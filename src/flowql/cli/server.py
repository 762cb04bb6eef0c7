"""``flowql server``: run the API server."""

from __future__ import annotations

from typing import Annotated

import typer

from flowql.cli.output import stdout
from flowql.cli.runtime import load_settings, run
from flowql.settings import Settings

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
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Server processes sharing the port. [default: FLOWQL_SERVER_WORKERS, 1]",
        ),
    ] = None,
) -> None:
    """Start the server (it applies pending database migrations first)."""
    import uvicorn

    from flowql.server.app import create_app

    settings = load_settings()
    host = host or settings.server_host
    port = port or settings.server_port
    workers = workers or settings.server_workers
    api = graphql_url(host, port)
    ui = api.removesuffix("graphql")
    stdout().print(f"Starting the flowql server: GraphQL API at {api}")
    stdout().print(f"Web UI at {ui} (GraphiQL at {ui}graphiql)")
    log_level = settings.logging_level.lower()
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)
        return
    run(_migrate_once(settings))  # before the workers start, so they never race to it
    uvicorn.run(
        "flowql.server.app:asgi_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level=log_level,
    )


async def _migrate_once(settings: Settings) -> None:
    from flowql.db import migrate
    from flowql.db.database import Database

    db = Database(settings.effective_database_url)
    if db.is_sqlite:
        settings.home.mkdir(parents=True, exist_ok=True)
    try:
        await migrate.ensure_migrated(db)
    finally:
        await db.dispose()
