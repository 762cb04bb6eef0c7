"""Fixtures: a migrated real database (SQLite file, and PostgreSQL when configured),
the app on it, and a GraphQL client. No autouse fixtures, no state between tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from flowql.db.database import Database
from flowql.server.app import create_app
from flowql.settings import Settings
from tests.support.databases import (
    POSTGRES_URL_ENV,
    migrated_database,
    postgres_admin_url,
    postgres_database,
    sqlite_url,
)
from tests.support.graphql import GraphQLClient

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "flowql-home"
    path.mkdir()
    return path


@pytest.fixture
def settings(home: Path) -> Settings:
    return Settings(home=home, api_url=None, database_url=None, api_key=None)


async def _database(backend: str, home: Path) -> AsyncIterator[Database]:
    if backend == "sqlite":
        async with migrated_database(sqlite_url(home)) as db:
            yield db
        return
    if postgres_admin_url() is None:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    async with postgres_database() as url, migrated_database(url) as db:
        yield db


@pytest.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest, home: Path) -> AsyncIterator[Database]:
    """A migrated database, once on SQLite and once on PostgreSQL."""
    async for database in _database(request.param, home):
        yield database


@pytest.fixture
async def sqlite_db(home: Path) -> AsyncIterator[Database]:
    async for database in _database("sqlite", home):
        yield database


@pytest.fixture
def app(db: Database, settings: Settings) -> Starlette:
    return create_app(settings, db=db)


@pytest.fixture
async def gql(app: Starlette) -> AsyncIterator[GraphQLClient]:
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield GraphQLClient(http)
