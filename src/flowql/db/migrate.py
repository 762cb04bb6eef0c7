"""Schema migrations with Alembic, applied on a connection of a flowql Database.

The whole upgrade runs in one transaction that first takes the database-wide
write lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), so
that several processes starting at once migrate exactly once.

``ensure_migrated`` is on every process's start-up path (server, CLI, SDK in
embedded mode), so when the database is already at ``HEAD_REVISION`` it
answers with one query and without importing Alembic; a test keeps
``HEAD_REVISION`` equal to Alembic's head. A brand-new, empty database is
created from the models at head and stamped, also without Alembic (importing
it costs a new user's first script ~0.1 s and ~10 MB); tests check the result
is the schema the migrations build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from flowql.db.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
HEAD_REVISION = "0006"
_PG_MIGRATION_LOCK = 7_236_911_004


def alembic_config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Alembic's head, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def current_revision(db: Database) -> str | None:
    async with db.session() as session:
        try:
            revision = await session.scalar(sa.text("SELECT version_num FROM alembic_version"))
            return None if revision is None else str(revision)
        except sa.exc.DBAPIError:  # no alembic_version table: an empty database
            return None


async def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    await _run(db, lambda config: command.upgrade(config, revision))


async def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    await _run(db, lambda config: command.downgrade(config, revision))


async def ensure_migrated(db: Database) -> None:
    """Upgrade to head unless the database is already there (one query when it is)."""
    revision = await current_revision(db)
    if revision == HEAD_REVISION:
        return
    if revision is None and await create_if_empty(db):
        return
    await upgrade(db)


async def create_if_empty(db: Database) -> bool:
    """Create the schema at head from the models and stamp it, if the database has
    no tables at all (under the migration lock); False if it has some."""

    def create(sync_conn: sa.Connection) -> bool:
        _lock(sync_conn)
        if sa.inspect(sync_conn).get_table_names():
            return False
        from flowql.db.models import Base

        Base.metadata.create_all(sync_conn)
        version = sa.Table(
            "alembic_version",
            sa.MetaData(),
            sa.Column("version_num", sa.String(32), primary_key=True),
        )
        version.create(sync_conn)
        sync_conn.execute(version.insert().values(version_num=HEAD_REVISION))
        return True

    async with db.transaction() as session:
        conn = await session.connection()
        return bool(await conn.run_sync(create))


async def _run(db: Database, action: Callable[[Config], None]) -> None:
    def run(sync_conn: sa.Connection) -> None:
        _lock(sync_conn)
        action(alembic_config(sync_conn))

    async with db.transaction() as session:
        conn = await session.connection()
        await conn.run_sync(run)


def _lock(sync_conn: sa.Connection) -> None:
    """Queue migrating processes (SQLite: the transaction's BEGIN IMMEDIATE does it)."""
    if sync_conn.dialect.name == "postgresql":
        sync_conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
