"""Rows numbered in commit order (events, log records): how they are written and read.

Such a table has ``seq`` (never reused) and ``tx``. On PostgreSQL
transactions commit in another order than they insert, so a row stores its
inserting transaction's id in ``tx`` and readers take only rows of
transactions older than the oldest one still running on this database, in
(tx, seq) order:
nothing can appear behind a cursor a reader already holds. On SQLite writers
take turns, so seq order is commit order and ``tx`` stays 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from flowql.db.bulk import execute_many


def current_transaction_id() -> Any:
    """PostgreSQL: the inserting transaction's id, as a BIGINT."""
    return sa.cast(sa.cast(sa.func.pg_current_xact_id(), sa.Text), sa.BigInteger)


async def insert_in_commit_order(
    session: AsyncSession,
    name: str,
    build: Callable[[str], Insert],
    rows: Sequence[dict[str, Any]],
) -> None:
    """Insert ``rows`` with the statement ``build(dialect name)`` makes (``name``: its
    compile cache key, as for ``execute_many``), each stamped with its ``tx``."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        await session.execute(build(dialect).values(tx=current_transaction_id()), rows)
    else:
        await execute_many(session, name, lambda: _with_tx_zero(build(dialect)), rows)


def _with_tx_zero(insert: Insert) -> Insert:
    # SQLite's tx is always 0: written into the statement, not copied into every row.
    return insert.values(tx=sa.literal_column("0"))


async def visible(session: AsyncSession, model: Any) -> list[Any]:
    """The clauses that keep rows of ``model`` a reader may not see yet out of its
    next statement (run it right after, in READ COMMITTED: it must take a newer
    snapshot than the one this reads)."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    horizon = (await session.execute(_HORIZON)).one()
    return [model.tx < (horizon.ours if horizon.hidden == 0 else horizon.cluster)]


# Transactions still running are the snapshot's in-progress ids (64-bit). Only
# those of sessions on this database can insert rows here: one in another
# database of the server (a long ETL load) must not hold flowql's readers back.
# pg_stat_activity gives sessions' 32-bit ids; a 64-bit id's low 32 bits are it.
# Sessions of other roles hide their ids from a role without pg_read_all_stats:
# then fall back to every running transaction on the server (``cluster``).
_HORIZON = sa.text(
    """
    SELECT
      coalesce(
        (SELECT min(xip::text::bigint) FROM pg_snapshot_xip(s) AS xip
         WHERE xip::text::bigint % 4294967296 IN (
           SELECT backend_xid::text::bigint FROM pg_stat_activity
           WHERE datname = current_database() AND backend_xid IS NOT NULL)),
        pg_snapshot_xmax(s)::text::bigint) AS ours,
      pg_snapshot_xmin(s)::text::bigint AS cluster,
      (SELECT count(*) FROM pg_stat_activity
       WHERE datname = current_database() AND query = '<insufficient privilege>') AS hidden
    FROM pg_current_snapshot() AS s
    """
)
