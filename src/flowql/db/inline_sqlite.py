"""An aiosqlite connection that runs each SQLite call at once, in the calling thread.

aiosqlite gives every connection a worker thread and hands it each call
(execute, fetch, commit ...) through a queue, so that a server's event loop
never blocks on SQLite. Each call costs two thread switches: on this 2-core
machine about 0.15 ms, or most of the time of a small write transaction.

The embedded SDK runs its API calls on a loop of its own, which has nothing
else to do while a call is in flight, so there it is cheaper to run SQLite
in that loop's thread. ``inline_connect`` builds an ``aiosqlite.Connection``
whose queue runs each call as soon as it is put: the same object SQLAlchemy's
aiosqlite dialect expects (it reaches into ``_tx`` too, which is why this is
a substitute queue rather than a new class), without the worker thread. It is
passed to the dialect as its documented ``async_creator_fn`` connect argument.

The price: a call that waits for SQLite's lock (another process writing)
blocks the calling loop for up to the busy timeout, so a server uses it only
with a busy timeout of a few milliseconds (see ``database.py``).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite


class _RunAtOnce:
    """Stands in for aiosqlite's queue to its worker thread: runs what is put."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting caller
            if future is not None and not future.done():
                future.set_exception(error)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """``aiosqlite.Connection`` without its worker thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._tx = _RunAtOnce()  # type: ignore[assignment]

    def __await__(self) -> Any:
        return self._connect().__await__()  # no thread to start


def inline_connect(database: str, *, iter_chunk_size: int = 64, **kwargs: Any) -> InlineConnection:
    """Open ``database`` like ``aiosqlite.connect`` does, with calls run inline."""

    def connector() -> sqlite3.Connection:
        connection: sqlite3.Connection = sqlite3.connect(database, **kwargs)
        return connection

    return InlineConnection(connector, iter_chunk_size)
