"""Schema migrations with Alembic, applied on a connection of a flowql Database.

The whole upgrade runs in one transaction that first takes the database-wide
write lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), so
that several processes starting at once migrate exactly once.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from flowql.db.database import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 7_236_911_004


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def current_revision(db: Database) -> str | None:
    async with db.engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


async def upgrade(db: Database, revision: str = "head") -> None:
    await _run(db, lambda config: command.upgrade(config, revision))


async def downgrade(db: Database, revision: str) -> None:
    await _run(db, lambda config: command.downgrade(config, revision))


async def ensure_migrated(db: Database) -> None:
    """Upgrade to head unless the database is already there (cheap when it is)."""
    if await current_revision(db) != head_revision():
        await upgrade(db)


async def _run(db: Database, action: object) -> None:
    def run(sync_conn: sa.Connection) -> None:
        if sync_conn.dialect.name == "postgresql":
            sync_conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
        action(alembic_config(sync_conn))  # type: ignore[operator]

    async with db.transaction() as session:
        conn = await session.connection()
        await conn.run_sync(run)
