"""Migrations: the migrated schema is the models' schema, and the history runs both ways."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from tests.support.databases import POSTGRES_URL_ENV, postgres_admin_url, postgres_database

from flowql.db import migrate
from flowql.db.database import Database
from flowql.db.models import Base
from flowql.db.types import UTCDateTime
from flowql.services import flows

TABLES = {
    "flow", "flow_run", "task_run", "flow_run_state", "task_run_state", "log", "event",
    "variable", "artifact",
    "block_type", "block_schema", "block_document", "block_document_reference",
}  # fmt: skip


async def schema_differences(db: Database) -> list[Any]:
    """What alembic autogenerate would write to turn the database into the models."""

    def compare(connection: sa.Connection) -> list[Any]:
        dialect = connection.dialect.name

        def include(obj: Any, name: str | None, kind: str, *_: Any) -> bool:
            # Autogenerate ignores Index.ddl_if: skip indexes not made for this dialect.
            ddl_if = getattr(obj, "_ddl_if", None) if kind == "index" else None
            return ddl_if is None or ddl_if.dialect in (None, dialect)

        opts = {"compare_type": True, "include_object": include}
        context = MigrationContext.configure(connection, opts=opts)
        return list(compare_metadata(context, Base.metadata))

    async with db.engine.connect() as conn:
        return await conn.run_sync(compare)


async def table_names(db: Database) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: sa.inspect(sync).get_table_names()))


async def test_migrated_schema_matches_the_models(db: Database) -> None:
    assert await migrate.current_revision(db) == migrate.head_revision()
    assert await table_names(db) == TABLES | {"alembic_version"}
    assert await schema_differences(db) == []


async def test_upgrade_downgrade_upgrade(db: Database) -> None:
    await flows.create_flow(db, name="before")

    await migrate.downgrade(db, "base")

    assert await migrate.current_revision(db) is None
    assert await table_names(db) & TABLES == set()

    await migrate.upgrade(db)

    assert await migrate.current_revision(db) == migrate.head_revision()
    assert await schema_differences(db) == []
    flow = await flows.create_flow(db, name="after", tags=["x"])
    async with db.session() as session:
        names = (await session.scalars(sa.select(Base.metadata.tables["flow"].c.name))).all()
    assert names == ["after"]
    assert flow.tags == ["x"]


def _reflected(connection: sa.Connection) -> dict[str, Any]:
    """Every table's columns, keys, indexes and constraints, as the database reports them."""
    inspector = sa.inspect(connection)
    schema: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        schema[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in inspector.get_columns(table)
            ],
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    fk.get("options", {}).get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (tuple(index["column_names"]), bool(index["unique"]))
                for index in inspector.get_indexes(table)
            ),
            "unique": sorted(
                tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)
            ),
        }
    return schema


async def reflected(db: Database) -> dict[str, Any]:
    async with db.engine.connect() as conn:
        return dict(await conn.run_sync(_reflected))


@contextlib.asynccontextmanager
async def _empty_database(backend: str, path: Path) -> AsyncIterator[Database]:
    if backend == "postgres" and postgres_admin_url() is None:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    async with contextlib.AsyncExitStack() as stack:
        url = (
            f"sqlite:///{path}"
            if backend == "sqlite"
            else await stack.enter_async_context(postgres_database())
        )
        database = Database(url)
        stack.push_async_callback(database.dispose)
        yield database


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_a_new_database_is_created_at_head_without_migrating(
    backend: str, home: Path
) -> None:
    async with (
        _empty_database(backend, home / "new.db") as new,
        _empty_database(backend, home / "migrated.db") as migrated,
    ):
        await migrate.ensure_migrated(new)
        await migrate.upgrade(migrated)

        assert await migrate.current_revision(new) == migrate.head_revision()
        assert await reflected(new) == await reflected(migrated)
        assert await schema_differences(new) == []
        # Alembic takes it from there: nothing to upgrade, and the history runs back.
        await migrate.upgrade(new)
        await migrate.downgrade(new, "base")
        assert await table_names(new) & TABLES == set()


async def test_a_database_with_tables_is_left_to_alembic(backend: str, home: Path) -> None:
    async with _empty_database(backend, home / "other.db") as database:
        async with database.transaction() as session:
            await session.execute(sa.text("CREATE TABLE stranger (id INTEGER PRIMARY KEY)"))

        assert await migrate.create_if_empty(database) is False
        assert await table_names(database) == {"stranger"}


async def test_log_records_survive_the_rebuild_in_timestamp_order(backend: str, home: Path) -> None:
    old_log = sa.table(
        "log", sa.column("id", sa.Uuid()), sa.column("created", UTCDateTime()),
        sa.column("flow_run_id", sa.Uuid()), sa.column("name", sa.String()),
        sa.column("level", sa.Integer()), sa.column("message", sa.Text()),
        sa.column("timestamp", UTCDateTime()),
    )  # fmt: skip
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    flow_id, run_id = uuid.uuid4(), uuid.uuid4()
    async with _empty_database(backend, home / "logs.db") as database:
        await migrate.upgrade(database, "0003")
        async with database.transaction() as session:  # flow and flow_run: as at head
            await session.execute(
                sa.insert(Base.metadata.tables["flow"]), {"id": flow_id, "name": "f"}
            )
            await session.execute(
                sa.insert(Base.metadata.tables["flow_run"]),
                {"id": run_id, "flow_id": flow_id, "name": "r"},
            )
            for second in (3, 1, 2):
                row = {
                    "id": uuid.uuid4(),
                    "created": t0,
                    "flow_run_id": run_id,
                    "name": "x",
                    "level": 20,
                    "message": f"m{second}",
                    "timestamp": t0.replace(second=second),
                }
                await session.execute(sa.insert(old_log), row)  # fmt: skip

        await migrate.upgrade(database)

        async with database.session() as session:
            rows = await session.execute(sa.text("SELECT message, tx FROM log ORDER BY seq"))
            assert [tuple(row) for row in rows] == [("m1", 0), ("m2", 0), ("m3", 0)]
