"""A server's SQLite write transactions and quick reads run in the loop's thread, yet
never block the loop while another process holds the write lock."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from flowql.db.database import Database


async def _create_table(db: Database) -> None:
    async with db.transaction() as session:
        await session.execute(sa.text("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)"))


def _hold_write_lock(path: Path, seconds: float, held: threading.Event) -> None:
    """Another process's writer, as SQLite sees it: a connection of its own."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO item (name) VALUES ('other')")
        held.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
    finally:
        connection.close()


async def _longest_loop_stall(stop: asyncio.Event) -> float:
    longest, last = 0.0, time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    return longest


async def test_a_write_waits_for_another_writer_without_blocking_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "server.db"
    db = Database(f"sqlite:///{path}")
    try:
        await _create_table(db)
        held = threading.Event()
        holder = threading.Thread(target=_hold_write_lock, args=(path, 0.5, held))
        holder.start()
        assert await asyncio.to_thread(held.wait, 5)
        stop = asyncio.Event()
        stall = asyncio.create_task(_longest_loop_stall(stop))
        await asyncio.sleep(0.02)  # the watch is running
        started = time.perf_counter()
        async with db.transaction() as session:
            await session.execute(sa.text("INSERT INTO item (name) VALUES ('ours')"))
        waited = time.perf_counter() - started
        stop.set()
        longest_stall = await stall
        holder.join()
        async with db.quick_session() as session:
            names = (await session.execute(sa.text("SELECT name FROM item ORDER BY id"))).scalars()
            assert list(names) == ["other", "ours"]
        assert waited >= 0.3  # it did wait for the other writer's commit
        assert longest_stall < 0.2  # ... in asyncio.sleep, not in SQLite's busy handler
    finally:
        await db.dispose()


async def test_a_failed_write_rolls_back_and_the_next_one_commits(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        await _create_table(db)
        try:
            async with db.transaction() as session:
                await session.execute(sa.text("INSERT INTO item (name) VALUES ('lost')"))
                raise RuntimeError("the caller failed")
        except RuntimeError:
            pass
        async with db.transaction() as session:
            await session.execute(sa.text("INSERT INTO item (name) VALUES ('kept')"))
        async with db.session() as session:  # the thread-pooled reader sees the commit
            names = (await session.execute(sa.text("SELECT name FROM item"))).scalars()
            assert list(names) == ["kept"]
    finally:
        await db.dispose()


async def test_writes_and_quick_reads_use_no_worker_thread(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        await _create_table(db)
        names: set[str] = set()
        original = sqlite3.connect

        def record_thread(*args: object, **kwargs: object) -> sqlite3.Connection:
            names.add(threading.current_thread().name)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        sqlite3.connect = record_thread  # type: ignore[assignment]
        try:
            fresh = Database(f"sqlite:///{tmp_path / 'server.db'}")
            async with fresh.transaction() as session:
                await session.execute(sa.text("INSERT INTO item (name) VALUES ('a')"))
            async with fresh.quick_session() as session:
                assert await session.scalar(sa.text("SELECT count(*) FROM item")) == 1
            await fresh.dispose()
        finally:
            sqlite3.connect = original
        assert names == {threading.current_thread().name}
    finally:
        await db.dispose()
