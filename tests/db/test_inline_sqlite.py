"""The inline SQLite connection the embedded SDK uses: same results, no worker thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from flowql.db.database import Database


def _aiosqlite_threads() -> int:
    # aiosqlite's worker threads are unnamed Thread-N running its worker function.
    return sum(
        1
        for thread in threading.enumerate()
        if getattr(thread, "_target", None) is not None
        and thread._target.__name__ == "_connection_worker_thread"  # type: ignore[attr-defined]
    )


async def test_runs_statements_without_a_worker_thread(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'inline.db'}", inline_sqlite=True)
    before = _aiosqlite_threads()
    try:
        async with db.transaction() as session:
            await session.execute(sa.text("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)"))
            await session.execute(sa.text("INSERT INTO item (name) VALUES ('a'), ('b')"))
        async with db.session() as session:
            names = (await session.execute(sa.text("SELECT name FROM item ORDER BY id"))).scalars()
            assert list(names) == ["a", "b"]
            journal = await session.scalar(sa.text("PRAGMA journal_mode"))
        assert journal == "wal"  # the connect hook ran on the inline connection
        assert _aiosqlite_threads() == before
    finally:
        await db.dispose()


async def test_a_failed_statement_raises_and_rolls_back(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'inline.db'}", inline_sqlite=True)
    try:
        async with db.transaction() as session:
            await session.execute(sa.text("CREATE TABLE item (id INTEGER PRIMARY KEY)"))
        with pytest.raises(sa.exc.OperationalError, match="no such table: missing"):
            async with db.transaction() as session:
                await session.execute(sa.text("INSERT INTO item (id) VALUES (1)"))
                await session.execute(sa.text("SELECT * FROM missing"))
        async with db.session() as session:
            assert await session.scalar(sa.text("SELECT count(*) FROM item")) == 0
    finally:
        await db.dispose()


async def test_the_default_connection_still_uses_aiosqlite_threads(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'threaded.db'}")
    try:
        async with db.session() as session:
            assert await session.scalar(sa.text("SELECT 1")) == 1
            assert _aiosqlite_threads() >= 1
    finally:
        await db.dispose()
