"""Rows numbered in commit order (events, log records): how they are written and read.

Such a table has ``seq`` (never reused) and ``tx``. On PostgreSQL
transactions commit in another order than they insert, so a row stores its
inserting transaction's id in ``tx`` and readers take only rows of
transactions older than the oldest one still running, in (tx, seq) order:
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
        rows = [{**row, "tx": 0} for row in rows]
        await execute_many(session, name, lambda: build(dialect), rows)


def visible(model: Any, dialect: str) -> list[Any]:
    """The clauses that keep rows of ``model`` a reader may not see yet out of a query."""
    if dialect != "postgresql":
        return []
    horizon = sa.cast(
        sa.cast(sa.func.pg_snapshot_xmin(sa.func.pg_current_snapshot()), sa.Text), sa.BigInteger
    )
    return [model.tx < horizon]
