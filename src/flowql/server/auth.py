"""The API key: who may use the API, by header or by the web UI's session cookie.

With ``FLOWQL_API_KEY`` set, ``/graphql`` (HTTP), ``/stats`` and every
websocket need either ``Authorization: Bearer <key>`` (the SDK, the CLI,
scripts) or the session cookie the UI gets by posting the key to
``/auth/session``. The UI needs the cookie because a browser cannot set
headers on a websocket, and its subscriptions are websockets.

The cookie holds ``HMAC-SHA256(key, "flowql-session/1")``, not the key: the
server keeps no session state, and changing the key signs every browser out.
It is ``HttpOnly`` (page scripts cannot read it) and ``SameSite=Strict``
(other sites' pages cannot make the browser send it); a request authenticated
by the cookie whose ``Origin`` is not this server is refused too (a
cross-site websocket would otherwise carry it in older browsers). The UI's
files, ``/graphiql``, ``/health`` and ``/auth/session`` hold no data and stay
public.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

SESSION_COOKIE = "flowql_session"
PROTECTED_PATHS = frozenset({"/graphql", "/stats"})
"""HTTP paths behind the API key (every websocket is too)."""


def session_token(api_key: str) -> str:
    """What the session cookie holds for ``api_key``."""
    return hmac.new(api_key.encode(), b"flowql-session/1", hashlib.sha256).hexdigest()


def _same_origin(connection: HTTPConnection) -> bool:
    origin = connection.headers.get("origin")
    if origin is None:  # not sent by a browser (or a same-origin GET): nothing to check
        return True
    return urlsplit(origin).netloc == connection.headers.get("host")


class RequireApiKey:
    """Reject API requests (and every websocket) without the key or the UI's session."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self.bearer = f"Bearer {api_key}".encode()
        self.token = session_token(api_key)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        public = kind == "http" and scope["path"].rstrip("/") not in PROTECTED_PATHS
        if kind not in ("http", "websocket") or public or self._admitted(scope):
            await self.app(scope, receive, send)
            return
        if kind == "websocket":
            await WebSocket(scope, receive, send).close(code=4401, reason="invalid API key")
            return
        message = "missing or invalid API key (Authorization: Bearer ..., or sign in to the UI)"
        await JSONResponse({"errors": [{"message": message}]}, status_code=401)(
            scope, receive, send
        )

    def _admitted(self, scope: Scope) -> bool:
        supplied = dict(scope["headers"]).get(b"authorization", b"")
        if hmac.compare_digest(supplied, self.bearer):
            return True
        connection = HTTPConnection(scope)
        cookie = connection.cookies.get(SESSION_COOKIE, "")
        return hmac.compare_digest(cookie, self.token) and _same_origin(connection)


def session_endpoint(api_key: str | None) -> Callable[[Request], Awaitable[Response]]:
    """``/auth/session``: GET says whether a key is needed and whether this browser has
    signed in; POST ``{"apiKey": ...}`` signs in (sets the cookie); DELETE signs out."""

    async def endpoint(request: Request) -> Response:
        if request.method == "GET":
            cookie = request.cookies.get(SESSION_COOKIE, "")
            signed_in = api_key is None or hmac.compare_digest(cookie, session_token(api_key))
            return JSONResponse({"required": api_key is not None, "authenticated": signed_in})
        if request.method == "DELETE":
            response = Response(status_code=204)
            response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
            return response
        return await _sign_in(request, api_key)

    return endpoint


async def _sign_in(request: Request, api_key: str | None) -> Response:
    if api_key is None:
        return _error("this server needs no API key (FLOWQL_API_KEY is not set)", 400)
    if not _same_origin(request):
        return _error("sign in from this server's own pages", 403)
    try:
        body = await request.json()
    except ValueError:
        body = None
    supplied = body.get("apiKey") if isinstance(body, dict) else None
    if not isinstance(supplied, str):
        return _error('send JSON {"apiKey": "..."}', 400)
    if not hmac.compare_digest(supplied.encode(), api_key.encode()):
        return _error("wrong API key", 401)
    response = Response(status_code=204)
    response.set_cookie(
        SESSION_COOKIE,
        session_token(api_key),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def _error(message: str, status: int) -> Response:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status)
