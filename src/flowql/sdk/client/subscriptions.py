"""A flowql subscription as an async iterator that survives dropped connections.

``subscribe(transport, document, variables)`` yields the root field of every
message the subscription sends (a dict with ``endCursor``, ``moreHistory``,
``live`` and the items), over a websocket to the server (remote mode) or
in-process on the local database (embedded mode)::

    async with contextlib.aclosing(subscribe(transport, operation("WatchFlowRuns"),
                                             {"filter": ..., "after": "HEAD"})) as messages:
        async for message in messages:
            ...

The resume contract. Every flowql subscription takes ``after`` and every
message carries ``endCursor``, the position just past that message's items:
subscribing again with ``after`` set to a message's ``endCursor`` sends exactly
what came after it, none of it twice and nothing missed (``events.follow``).
The document must therefore declare ``$after: String`` and pass it to the root
field. When the websocket drops (the server restarts, the network fails) this
iterator reconnects with exponential backoff and resubscribes with ``after``
set to the ``endCursor`` of the last message it yielded (the caller's
``after`` if it has yielded none), so the caller sees one stream with no gap
and no repeat. A resumed subscription begins like any other: a first message
at once (possibly empty, ``live: false``), then history pages, then live ones.

Which failures are retried: a refused or reset connection, a timeout, a
closed socket, a 5xx answer to the handshake, the server ending the
subscription. After ``Reconnect.give_up_after`` seconds without getting back,
``SubscriptionLost`` names the URL and the last error. Raised at once, as
``ApiError``: the first connection failing (a wrong or unreachable URL is
reported, not waited for), the handshake refused with a 4xx status (a missing
or wrong ``FLOWQL_API_KEY``: the key is sent as ``Authorization: Bearer``, as
over HTTP), a 44xx close code, and GraphQL errors (a malformed cursor...).

Embedded mode has no server and no bus. The server's own subscription
resolvers run in this process (Strawberry's ``schema.subscribe``) on the local
database, with a timer where the server has its bus: every ``poll_interval``
seconds (``FLOWQL_SUBSCRIPTION_POLL_SECONDS``, 0.5) it wakes the resolver's
follow loop, which reads after its cursor. The writers here are other
processes, which no wake-up could announce; the server's watcher does the same
for them. Same documents, same cursors; nothing to reconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.transport import EmbeddedTransport, HttpTransport, Transport

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

__all__ = ["Message", "Reconnect", "SubscriptionLost", "retry_unreachable", "subscribe"]

T = TypeVar("T")
Message = dict[str, Any]
"""The root field of one subscription message: ``endCursor``, ``moreHistory``, ``live``..."""

PROTOCOL = "graphql-transport-ws"
SUBSCRIPTION_ID = "1"
logger = logging.getLogger("flowql.sdk.client.subscriptions")


@dataclass(frozen=True)
class Reconnect:
    """How a dropped websocket is retried: delays double from ``first_delay`` up to
    ``max_delay``; after ``give_up_after`` seconds without a connection, give up."""

    first_delay: float = 0.1
    max_delay: float = 1.0
    give_up_after: float = 60.0
    open_timeout: float = 10.0
    """Seconds allowed for each connection's handshake and ``connection_ack``."""


class SubscriptionLost(ApiError):
    """The websocket dropped and the server could not be reached again in time."""


def subscribe(
    transport: Transport,
    document: str,
    variables: Mapping[str, Any],
    *,
    poll_interval: float | None = None,
    reconnect: Reconnect | None = None,
    notify: Callable[[str], None] | None = None,
) -> AsyncGenerator[Message, None]:
    """The messages of the subscription ``document``, resumed after dropped connections.

    ``poll_interval`` (embedded mode): seconds between database reads (default:
    the settings' ``subscription_poll_seconds``). ``reconnect`` (remote mode):
    the retry policy. ``notify`` is told, in a sentence, when the connection is
    lost and when it is back (default: a warning on this module's logger).
    Close the iterator (``contextlib.aclosing``) to end the subscription.
    """
    if isinstance(transport, EmbeddedTransport):
        interval = poll_interval or transport.settings.subscription_poll_seconds
        return _embedded(transport, document, dict(variables), interval)
    if isinstance(transport, HttpTransport):
        headers = {}
        authorization = transport.client.headers.get("authorization")
        if authorization is not None:
            headers["Authorization"] = authorization
        return _remote(
            websocket_url(transport.url),
            headers,
            document,
            dict(variables),
            reconnect or Reconnect(),
            notify or logger.warning,
        )
    raise TypeError(f"cannot subscribe over {type(transport).__name__}")


async def retry_unreachable(
    call: Callable[[], Awaitable[T]], *, reconnect: Reconnect | None = None
) -> T:
    """``await call()`` (a query made beside a subscription), retried as the websocket
    is while the server cannot be reached: an ``ApiError`` without GraphQL errors (a
    refused connection, a restarting server's error page). Other errors raise at once."""
    policy = reconnect or Reconnect()
    deadline, delay = time.monotonic() + policy.give_up_after, policy.first_delay
    while True:
        try:
            return await call()
        except ApiError as error:
            if error.errors or time.monotonic() + delay > deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, policy.max_delay)


def websocket_url(http_url: str) -> str:
    """``http(s)://host/graphql`` as ``ws(s)://host/graphql``."""
    for http, ws in (("https://", "wss://"), ("http://", "ws://")):
        if http_url.startswith(http):
            return ws + http_url.removeprefix(http)
    return http_url


# -- remote: graphql-transport-ws, resumed by cursor ---------------------------------------


async def _remote(
    url: str,
    headers: dict[str, str],
    document: str,
    variables: dict[str, Any],
    policy: Reconnect,
    notify: Callable[[str], None],
) -> AsyncGenerator[Message, None]:
    from websockets.asyncio.client import connect
    from websockets.typing import Subprotocol

    connected_before, lost_at, delay = False, 0.0, policy.first_delay
    while True:
        try:
            async with connect(
                url,
                subprotocols=[Subprotocol(PROTOCOL)],
                additional_headers=headers,
                open_timeout=policy.open_timeout,
                close_timeout=1,
            ) as socket:
                async with asyncio.timeout(policy.open_timeout):
                    await _start(socket, document, variables)
                connected_before = True
                try:
                    async for message in _messages(socket, url):
                        if lost_at:  # back only once the server answers again
                            notify(f"reconnected to {url}; resuming where it stopped")
                            lost_at, delay = 0.0, policy.first_delay
                        variables["after"] = message["endCursor"]
                        yield message
                finally:
                    with contextlib.suppress(Exception):
                        await socket.send(json.dumps({"id": SUBSCRIPTION_ID, "type": "complete"}))
            reason = "the server ended the subscription"
        except Exception as error:
            reason = _classify(error, url)  # raises what must not be retried
            if not connected_before:
                text = f"cannot open a websocket to the flowql API at {url}: {reason}"
                raise ApiError(text) from error
        now = time.monotonic()
        if not lost_at:
            lost_at = now
            notify(f"lost the connection to {url} ({reason}); reconnecting")
        elif now - lost_at >= policy.give_up_after:
            raise SubscriptionLost(
                f"lost the connection to the flowql API at {url} and could not reconnect "
                f"for {now - lost_at:.0f}s; last error: {reason}"
            )
        await asyncio.sleep(delay)
        delay = min(delay * 2, policy.max_delay)


async def _start(socket: ClientConnection, document: str, variables: dict[str, Any]) -> None:
    """``connection_init``, wait for ``connection_ack``, then ``subscribe``."""
    await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
    while True:
        frame = json.loads(await socket.recv())
        if frame.get("type") == "connection_ack":
            break
        if frame.get("type") == "ping":
            await socket.send(json.dumps({"type": "pong"}))
    payload = {"query": document, "variables": variables}
    await socket.send(json.dumps({"id": SUBSCRIPTION_ID, "type": "subscribe", "payload": payload}))


async def _messages(socket: ClientConnection, url: str) -> AsyncIterator[Message]:
    """The subscription's data until the server sends ``complete``; errors raise."""
    where = f"the flowql API at {url}"
    while True:
        frame = json.loads(await socket.recv())
        kind = frame.get("type")
        if kind == "ping":
            await socket.send(json.dumps({"type": "pong"}))
        elif kind == "next":
            yield _root_field(frame.get("payload") or {}, where)
        elif kind == "error":
            raise ApiError(f"{where}: {_describe_errors(frame.get('payload'))}")
        elif kind == "complete":
            return
        elif kind != "pong":
            raise ApiError(f"{where} sent an unexpected {kind!r} message")


def _classify(error: Exception, url: str) -> str:
    """Describe a failed connection; raise ``ApiError`` when retrying cannot help."""
    from websockets.exceptions import (
        ConnectionClosed,
        InvalidStatus,
        InvalidURI,
        NegotiationError,
    )

    reason = f"{type(error).__name__}: {error}"
    if isinstance(error, ApiError):
        raise error
    if isinstance(error, InvalidURI | NegotiationError):
        raise ApiError(f"cannot open a websocket to {url}: {reason}") from error
    if isinstance(error, InvalidStatus) and 400 <= error.response.status_code < 500:
        hint = " (is FLOWQL_API_KEY right?)" if error.response.status_code in (401, 403) else ""
        raise ApiError(
            f"the flowql API at {url} refused the websocket: HTTP "
            f"{error.response.status_code}{hint}"
        ) from error
    close = error.rcvd if isinstance(error, ConnectionClosed) else None
    if close is not None and 4400 <= close.code < 4500:
        raise ApiError(
            f"the flowql API at {url} closed the websocket: {close.code} {close.reason}"
        ) from error
    if isinstance(error, OSError | TimeoutError | ValueError | ConnectionClosed):
        return reason
    from websockets.exceptions import WebSocketException

    if isinstance(error, WebSocketException):
        return reason
    raise error


# -- embedded: the server's resolvers in-process, woken by a timer --------------------------


class _Timer:
    """Stands in for the server's bus: a wake-up every ``interval`` seconds on any channel."""

    def __init__(self, interval: float) -> None:
        self.interval = interval

    @contextlib.asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[AsyncIterator[None]]:
        yield self._ticks()

    async def _ticks(self) -> AsyncIterator[None]:
        while True:
            await asyncio.sleep(self.interval)
            yield None


async def _embedded(
    transport: EmbeddedTransport, document: str, variables: dict[str, Any], interval: float
) -> AsyncGenerator[Message, None]:
    from flowql.resolvers.context import Context

    await transport.ensure_ready()
    context = Context.create(transport.db, transport.settings, bus=_Timer(interval))
    results = await transport.schema.subscribe(
        document, variable_values=variables, context_value=context
    )
    async with contextlib.aclosing(results):
        async for result in results:
            errors = [dict(error.formatted) for error in result.errors or ()]
            yield _root_field({"data": result.data, "errors": errors}, transport.where)


def _root_field(payload: Mapping[str, Any], where: str) -> Message:
    if payload.get("errors"):
        raise ApiError(f"{where}: {_describe_errors(payload['errors'])}", errors=payload["errors"])
    data = payload.get("data") or {}
    if len(data) != 1:
        raise ApiError(f"{where}: a subscription message without its one root field")
    message: Message = next(iter(data.values()))
    return message


def _describe_errors(errors: Any) -> str:
    if isinstance(errors, list):
        return "; ".join(str(error.get("message", error)) for error in errors)
    return str(errors)
