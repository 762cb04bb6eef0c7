"""create_app(): the Starlette application serving the flowql API and its web UI."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from flowql import __version__
from flowql.db import migrate
from flowql.db.database import Database
from flowql.events.bus import Bus
from flowql.events.shared_reads import SharedReads
from flowql.events.watcher import watch_database
from flowql.resolvers.context import Context
from flowql.schema.build import build_schema
from flowql.server import shared_json
from flowql.server.auth import RequireApiKey, session_endpoint
from flowql.server.stats import CountWebSockets, stats
from flowql.server.ui_files import UiFiles, default_ui_dist, graphiql_page
from flowql.services.retention import retention_loop
from flowql.settings import Settings


class FlowqlGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with flowql's per-request context."""

    def __init__(self, db: Database, settings: Settings) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql")
        self.db = db
        self.settings = settings

    def encode_json(self, data: object) -> str:
        """Strawberry's encoding, with a shared subscription result's data encoded once
        for all its subscribers (``server.shared_json``)."""
        return shared_json.encode_json(data)

    async def render_graphql_ide(self, request: Request) -> Response:
        """A browser opening /graphql goes to the self-hosted GraphiQL: Strawberry's
        own page loads its scripts from a CDN and never loads offline."""
        return RedirectResponse("/graphiql", status_code=302)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        state = request.app.state
        return Context.create(
            self.db,
            self.settings,
            request=request,
            response=response,
            bus=getattr(state, "bus", None),
            reads=getattr(state, "reads", None),
        )


def create_app(
    settings: Settings | None = None, *, db: Database | None = None, ui_dist: Path | None = None
) -> Starlette:
    """Build the app. Pass ``db`` to share a Database (tests); else one is made from settings.
    ``ui_dist``: the UI's build (default: ``FLOWQL_UI_DIST``, else ``ui/dist`` of this
    checkout, see ``ui_files``)."""
    settings = settings or Settings()
    ui_dist = ui_dist or settings.ui_dist or default_ui_dist()
    owns_db = db is None
    database = db or Database(settings.effective_database_url, echo=settings.database_echo)
    graphql = FlowqlGraphQL(database, settings)
    websockets = CountWebSockets(graphql)
    api_key = None if settings.api_key is None else settings.api_key.get_secret_value()

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if database.is_sqlite:
            settings.home.mkdir(parents=True, exist_ok=True)
        await migrate.ensure_migrated(database)
        bus = Bus.from_url(settings.broadcast_url)
        await bus.start()
        app.state.bus = bus
        app.state.reads = SharedReads()
        stop_waking = database.on_commit(_publisher(bus))
        background = [
            asyncio.create_task(retention_loop(database, settings)),
            asyncio.create_task(watch_database(database, bus, settings.subscription_poll_seconds)),
        ]
        # Start-up objects live as long as the server: keep them out of the
        # collector's generations so full collections stay short (p95 latency).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            stop_waking()
            await bus.stop()
            if owns_db:
                await database.dispose()

    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/stats", stats),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", websockets),
            Route("/graphiql", graphiql_page(ui_dist), methods=["GET", "HEAD"]),
            Route("/auth/session", session_endpoint(api_key), methods=["GET", "POST", "DELETE"]),
            Mount("/", UiFiles(ui_dist)),
        ],
        lifespan=lifespan,
    )
    app.state.db = database
    app.state.websocket_counter = websockets
    app.state.settings = settings
    if api_key is not None:
        app.add_middleware(RequireApiKey, api_key=api_key)
    return app


def _publisher(bus: Bus) -> Callable[[frozenset[str]], Awaitable[None]]:
    """Wake the committed transaction's channels without holding up its response:
    a wake-up is a hint (subscribers also re-read by cursor), a stalled broker
    must not slow writes."""
    pending: set[asyncio.Task[None]] = set()

    async def publish(channels: frozenset[str]) -> None:
        for channel in channels:
            task = asyncio.create_task(bus.publish(channel))
            pending.add(task)
            task.add_done_callback(pending.discard)

    return publish


def asgi_app() -> Any:
    """Factory for ``uvicorn --factory flowql.server.app:asgi_app``."""
    return create_app()
