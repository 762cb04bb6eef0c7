"""The web UI's built files (``ui/dist``, made by ``make ui``), served from the API's origin.

``/`` and every client route (a path without a file extension) answer
``index.html``, so a reload on ``/runs`` works; files that exist are served
(hashed ``/assets/*`` cached for a year, HTML revalidated); a missing asset and
the API's own paths answer 404, never the app. ``/graphiql`` is the
self-hosted GraphiQL page of the same build. Without a build, both pages
answer a short page saying how to make one. Nothing here holds data, so it
stays public when the API needs a key.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePosixPath

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

#: First path segments that belong to the server, not to the UI's router.
SERVER_PATHS = frozenset({"graphql", "graphiql", "health", "stats", "assets"})
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def default_ui_dist() -> Path:
    """``ui/dist`` of the checkout this package runs from (src layout, editable install)."""
    return Path(__file__).resolve().parents[3] / "ui" / "dist"


def missing_build_page(dist: Path, page: str = "index.html") -> HTMLResponse:
    """What ``/`` says when there is no build: how to make one (the API works regardless)."""
    where = html.escape(str(dist / page))
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>flowql: UI not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>The flowql UI is not built</h1>
<p>The server found no <code>{where}</code>. Build it from the repository with</p>
<pre>make ui</pre>
<p>(it needs Node.js 20 or newer and runs <code>npm ci</code> and <code>npm run build</code>
in <code>ui/</code>), then reload this page. <code>make run</code> builds it too.</p>
<p>The GraphQL API is up meanwhile: POST to <code>/graphql</code>.</p>
</body></html>
"""
    return HTMLResponse(body, status_code=200, headers={"Cache-Control": REVALIDATE})


def _is_client_route(path: str) -> bool:
    """A path the UI's router handles: not the server's, and not a file name."""
    parts = PurePosixPath(path).parts
    if not parts or parts == (".",):
        return True
    return parts[0] not in SERVER_PATHS and "." not in parts[-1]


class UiFiles(StaticFiles):
    """Static files with a single-page-app fallback to ``index.html``."""

    def __init__(self, dist: Path) -> None:
        super().__init__(directory=dist, check_dir=False)
        self.dist = dist

    async def check_config(self) -> None:
        """A missing build is expected (the how-to page answers), not a configuration error."""
        if self.dist.is_dir():
            await super().check_config()

    async def get_response(self, path: str, scope: Scope) -> Response:
        index = self.dist / "index.html"
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or not _is_client_route(path):
                raise
            if not index.is_file():
                return missing_build_page(self.dist)
            response = FileResponse(index)
        is_asset = PurePosixPath(path).parts[:1] == ("assets",)
        response.headers["Cache-Control"] = IMMUTABLE if is_asset else REVALIDATE
        return response


def graphiql_page(dist: Path) -> Callable[[Request], Awaitable[Response]]:
    """The ``/graphiql`` endpoint: the build's ``graphiql.html``."""
    page = dist / "graphiql.html"

    async def graphiql(_: Request) -> Response:
        if not page.is_file():
            return missing_build_page(dist, "graphiql.html")
        return FileResponse(page, headers={"Cache-Control": REVALIDATE})

    return graphiql
