"""The Database: engines, read sessions and write transactions.

SQLite is tuned so that a user never sees "database is locked": WAL (readers
never block the writer), a long busy timeout, ``synchronous=NORMAL`` (with WAL
a committed transaction survives a process crash; only an OS crash or power
loss can drop the last commits), and write transactions that ``BEGIN
IMMEDIATE`` so the write lock is taken up front instead of being upgraded
mid-transaction (an upgrade cannot wait and fails at once). Inside one process
writers also queue on an asyncio lock, so they wait in Python rather than in
SQLite's busy handler.

On a server, SQLite reads go through aiosqlite (a worker thread per
connection, so the event loop keeps serving while SQLite works), but write
transactions run on one connection of their own whose calls run at once in
the loop's thread (``inline_sqlite``). A write transaction is a dozen small
statements; through aiosqlite each one waits for a turn of the event loop,
and with hundreds of websocket subscribers a turn takes tens of
milliseconds, so a 1 ms transaction held the write lock for most of a second
and writers starved. Inline, the whole transaction runs in one turn. The
write connection's busy timeout is a few milliseconds, so another process
holding the lock cannot block the loop: ``BEGIN IMMEDIATE`` is retried with
``asyncio.sleep`` between tries, up to the usual 60 s. For the same reason
subscriptions read their small cursor pages through ``quick_session()``,
inline too (WAL readers take no lock, so they never wait for one).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

logger = logging.getLogger("flowql.db")

_WRITE_OPTION = "flowql_write"
WAKE_CHANNELS = "flowql_wake_channels"
"""``session.info`` key: the bus channels to wake once the transaction commits."""

CommitListener = Callable[[frozenset[str]], Awaitable[None]]
SQLITE_BUSY_TIMEOUT_MS = 60_000
SQLITE_INLINE_BUSY_TIMEOUT_MS = 5
"""The inline write connection's busy timeout: how long SQLite may block the loop."""


def normalize_database_url(url: str) -> str:
    """Pick the async driver for plain ``sqlite://`` and ``postgresql://`` URLs."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise ValueError(
            f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}: "
            "use sqlite:///path or postgresql://..."
        )
    return parsed.render_as_string(hide_password=False)


class Database:
    """One per process (or per test): owns the engine; hands out sessions."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        inline_sqlite: bool = False,
        sqlite_cache_mib: int = 32,
    ) -> None:
        """``inline_sqlite``: run SQLite calls in the event loop's thread (see
        ``inline_sqlite.py``); only for a loop that does nothing else, as the SDK's.
        ``sqlite_cache_mib``: each SQLite connection's page cache (SQLite's default
        is 2 MiB); a server's batch inserts into large task-run tables touch many
        index pages, while a script's process should stay small."""
        self.url = normalize_database_url(url)
        self.dialect = make_url(self.url).get_backend_name()
        self.engine: AsyncEngine = create_async_engine(
            self.url, echo=echo, **self._engine_options(inline_sqlite)
        )
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        self._commit_listeners: list[CommitListener] = []
        self._own_write_engine: AsyncEngine | None = None
        self._quick_engine = self.engine
        if self.is_sqlite:
            _install_sqlite_hooks(self.engine, sqlite_cache_mib, SQLITE_BUSY_TIMEOUT_MS)
        if self.is_sqlite and not inline_sqlite:
            self._own_write_engine = _inline_engine(self.url, echo, sqlite_cache_mib)
            self._quick_engine = _inline_engine(self.url, echo, sqlite_cache_mib)
        write_engine = self._own_write_engine or self.engine
        self._write_engine = write_engine.execution_options(**{_WRITE_OPTION: True})

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def _engine_options(self, inline_sqlite: bool) -> dict[str, Any]:
        if self.is_sqlite:
            connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
            if inline_sqlite:
                from flowql.db.inline_sqlite import inline_connect

                connect_args["async_creator_fn"] = inline_connect
            return {"connect_args": connect_args}
        return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read session: a deferred transaction, rolled back at the end."""
        async with AsyncSession(self.engine, expire_on_commit=False) as session:
            yield session

    @contextlib.asynccontextmanager
    async def quick_session(self) -> AsyncIterator[AsyncSession]:
        """A read session for small, bounded reads (a subscription's next page): on a
        server's SQLite it runs in the loop's thread, in one turn of the loop."""
        async with AsyncSession(self._quick_engine, expire_on_commit=False) as session:
            yield session

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A write transaction, committed when the block exits without error."""
        lock = self._write_lock or contextlib.nullcontext()
        async with lock:
            session = await self._write_session()
            async with session:
                try:
                    yield session
                except BaseException:
                    await session.rollback()
                    raise
                await session.commit()
                channels = session.info.pop(WAKE_CHANNELS, None)
        if channels:
            for listener in self._commit_listeners:
                try:
                    await listener(frozenset(channels))
                except Exception:  # the transaction is committed: its caller must hear so
                    logger.exception("a commit listener failed")

    async def _write_session(self) -> AsyncSession:
        """A session for one write transaction; on the inline write connection, with
        ``BEGIN IMMEDIATE`` done, waiting for another process's write lock in
        ``asyncio.sleep`` rather than in SQLite's busy handler (which blocks the loop)."""
        if self._own_write_engine is None:
            return AsyncSession(self._write_engine, expire_on_commit=False)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SQLITE_BUSY_TIMEOUT_MS / 1000
        delay = 0.002
        while True:
            session = AsyncSession(self._write_engine, expire_on_commit=False)
            try:
                await session.connection()  # checks out the connection: BEGIN IMMEDIATE
                return session
            except sa.exc.OperationalError as error:
                await session.close()
                if not _is_busy(error) or loop.time() + delay > deadline:
                    raise
            except BaseException:
                await session.close()
                raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.02)  # a try costs microseconds: waiting longer only adds delay

    async def others_data_version(self) -> int | None:
        """SQLite's ``PRAGMA data_version`` on the server's write connection: it changes
        exactly when another connection (another process: all of this one's writes use
        that connection) committed. None when there is no such connection."""
        if self._own_write_engine is None or self._write_lock is None:
            return None
        async with self._write_lock, self._own_write_engine.connect() as connection:
            version = await connection.exec_driver_sql("PRAGMA data_version")
            return int(version.scalar_one())

    def on_commit(self, listener: CommitListener) -> Callable[[], None]:
        """After each committed write transaction that emitted events, call ``listener``
        with the bus channels it woke (outside the write lock). Returns a function
        that removes the listener."""
        self._commit_listeners.append(listener)
        return lambda: self._commit_listeners.remove(listener)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._own_write_engine is not None:
            await self._own_write_engine.dispose()
        if self._quick_engine is not self.engine:
            await self._quick_engine.dispose()


def _inline_engine(url: str, echo: bool, cache_mib: int) -> AsyncEngine:
    """An engine whose SQLite calls run in the loop's thread (``inline_sqlite``), with
    a busy timeout short enough never to block the loop for long."""
    from flowql.db.inline_sqlite import inline_connect

    engine = create_async_engine(
        url,
        echo=echo,
        connect_args={"async_creator_fn": inline_connect},
        pool_size=1,  # a session holds it for one turn of the loop (or one write transaction)
        max_overflow=4,
    )
    _install_sqlite_hooks(engine, cache_mib, SQLITE_INLINE_BUSY_TIMEOUT_MS)
    return engine


def _is_busy(error: sa.exc.OperationalError) -> bool:
    return "database is locked" in str(error.orig) or "database is busy" in str(error.orig)


def _install_sqlite_hooks(engine: AsyncEngine, cache_mib: int, busy_timeout_ms: int) -> None:
    sync_engine = engine.sync_engine

    @sa.event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (below) emit BEGIN instead of the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"busy_timeout={busy_timeout_ms}",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            f"cache_size=-{cache_mib * 1024}",  # negative: in KiB
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(sync_engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
