"""Real databases for tests: a temporary SQLite file, or a uniquely named PostgreSQL database."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from flowql.db import migrate
from flowql.db.database import Database

POSTGRES_URL_ENV = "FLOWQL_TEST_POSTGRES_URL"
REDIS_URL_ENV = "FLOWQL_TEST_REDIS_URL"


def postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_URL_ENV)


def admin_dsn() -> str:
    """The test server's admin database as an asyncpg DSN (the URL must be set)."""
    admin_url = postgres_admin_url()
    assert admin_url is not None
    return make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """Create a uniquely named database, yield its URL, drop it afterwards."""
    admin_url = postgres_admin_url()
    assert admin_url is not None
    name = f"flowql_test_{uuid.uuid4().hex[:12]}"
    admin = make_url(admin_url).set(drivername="postgresql")
    dsn = admin.render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'flowql.db'}"


@contextlib.asynccontextmanager
async def migrated_database(url: str) -> AsyncIterator[Database]:
    db = Database(url)
    try:
        await migrate.upgrade(db)
        yield db
    finally:
        await db.dispose()
