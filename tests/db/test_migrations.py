"""Migrations: the migrated schema is the models' schema, and the history runs both ways."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from flowql.db import migrate
from flowql.db.database import Database
from flowql.db.models import Base
from flowql.services import flows

TABLES = {"flow", "flow_run", "task_run", "flow_run_state", "task_run_state", "log"}


async def schema_differences(db: Database) -> list[Any]:
    """What alembic autogenerate would write to turn the database into the models."""

    def compare(connection: sa.Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
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
