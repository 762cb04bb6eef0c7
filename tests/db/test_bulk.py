"""execute_many stores on SQLite exactly what session.execute stores, row for row."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from flowql.db import migrate
from flowql.db import models as m
from flowql.db.bulk import execute_many
from flowql.db.database import Database

T0 = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _rows(flow_run_id: uuid.UUID) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(), "created": T0, "updated": T0, "flow_run_id": flow_run_id,
            "task_key": "add", "dynamic_key": str(n), "name": f"add-{n}",
            "tags": [] if n == 0 else ["a", "é"], "cache_key": None, "cache_expiration": None,
            "task_inputs": {} if n == 1 else {"x": [], "n": n},
            "empirical_policy": {"retries": n}, "run_count": n, "flow_run_run_count": 1,
            "expected_start_time": T0 + timedelta(microseconds=n),
            "start_time": None if n % 2 else T0.astimezone(), "end_time": None,
            "total_run_time": n / 3, "state_id": None, "state_type": None, "state_name": None,
            "state_timestamp": None,
        }
        for n in range(3)
    ]  # fmt: skip


async def _stored(db: Database, flow_run_id: uuid.UUID) -> list[tuple[Any, ...]]:
    async with db.session() as session:
        # Raw text, as SQLite holds it: the comparison is of the stored bytes.
        result = await session.execute(
            sa.text("SELECT * FROM task_run WHERE flow_run_id = :id ORDER BY dynamic_key"),
            {"id": flow_run_id.hex},
        )
        return [tuple(row)[1:] for row in result]  # all but the id


async def _flow_run(db: Database) -> uuid.UUID:
    flow, run = uuid.uuid4(), uuid.uuid4()
    async with db.transaction() as session:
        session.add(m.Flow(id=flow, name=f"f-{flow.hex[:6]}"))
        await session.flush()
        session.add(m.FlowRun(id=run, flow_id=flow, name="r", expected_start_time=T0))
    return run


async def test_rows_are_stored_as_session_execute_stores_them(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'bulk.db'}")
    await migrate.ensure_migrated(db)

    def insert() -> Any:
        return sqlite.insert(m.TaskRun.__table__)

    try:
        ours, theirs = await _flow_run(db), await _flow_run(db)
        async with db.transaction() as session:
            await execute_many(session, "test insert", insert, _rows(ours))
            await session.execute(insert(), _rows(theirs))
        stored = await _stored(db, ours)
        expected = await _stored(db, theirs)
        flow_run_column = 2  # differs by construction
        assert [r[:flow_run_column] + r[flow_run_column + 1 :] for r in stored] == [
            r[:flow_run_column] + r[flow_run_column + 1 :] for r in expected
        ]
        assert len(stored) == 3
    finally:
        await db.dispose()


async def test_rows_missing_a_column_the_statement_writes_are_refused(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'bulk.db'}")
    await migrate.ensure_migrated(db)
    try:
        rows = [{"id": uuid.uuid4(), "task_key": "add"}]
        statement = sa.insert(m.TaskRun.__table__)
        # Column defaults SQLAlchemy would compute per row are named, not silently skipped.
        with pytest.raises(ValueError, match=r"test partial: the rows lack \['created', "):
            async with db.transaction() as session:
                await execute_many(session, "test partial", lambda: statement, rows)
    finally:
        await db.dispose()
