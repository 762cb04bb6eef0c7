"""Insert a row unless an equal one exists, safely under concurrency."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_unless_duplicate(
    session: AsyncSession, row: Any, same: sa.Select[Any] | None
) -> Any:
    """Insert ``row`` and return None, or return the existing row ``same`` selects.

    The savepoint covers the race on PostgreSQL, where two transactions can
    both miss the existing row and then collide on the unique constraint: the
    loser rolls back to the savepoint and reads the winner's row.
    """
    if same is None:  # nothing it could duplicate: no savepoint needed
        session.add(row)
        await session.flush()  # as the savepoint would: defaults filled, errors raised here
        return None
    if (existing := await session.scalar(same)) is not None:
        return existing
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if (existing := await session.scalar(same)) is None:
            raise
        return existing
    return None
