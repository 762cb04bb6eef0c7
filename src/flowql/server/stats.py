"""``GET /stats``: what a running server holds right now, for operators and soak tests.

Open websockets, local subscribers and broker subscriptions of the wake-up
bus, running asyncio tasks, and memory (current and peak RSS). Behind the API
key when one is set, like ``/graphql``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import resource
import sys

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from flowql.events.bus import Bus


class CountWebSockets:
    """Wraps an ASGI app and counts the websocket connections open in it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.open = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        self.open += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.open -= 1


async def stats(request: Request) -> Response:
    """The server's live counters as JSON."""
    bus: Bus | None = getattr(request.app.state, "bus", None)
    counter: CountWebSockets | None = getattr(request.app.state, "websocket_counter", None)
    return JSONResponse(
        {
            "pid": os.getpid(),  # which worker answered (flowql server start --workers N)
            "websockets": counter.open if counter else None,
            "asyncio_tasks": len(asyncio.all_tasks()),
            "bus": None
            if bus is None
            else {"healthy": bus.healthy, **dataclasses.asdict(bus.stats)},
            "rss_bytes": current_rss_bytes(),
            "peak_rss_bytes": max(peak_rss_bytes(), current_rss_bytes() or 0),
        }
    )


def current_rss_bytes() -> int | None:
    """Resident memory now (Linux ``/proc``), else None."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def peak_rss_bytes() -> int:
    """Peak resident memory of this process (``ru_maxrss``: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024
