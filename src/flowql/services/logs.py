"""Write batches of log records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.errors import InvalidInputError, NotFoundError
from flowql.core.ids import new_id
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.commit_order import insert_in_commit_order
from flowql.db.database import Database
from flowql.events import outbox

MAX_LOG_BATCH = 5_000


@dataclass(frozen=True)
class LogCreate:
    name: str
    level: int
    message: str
    timestamp: datetime
    flow_run_id: uuid.UUID | None = None
    task_run_id: uuid.UUID | None = None


async def create_logs(db: Database, logs: Sequence[LogCreate]) -> int:
    """Store a batch in one transaction; a batch naming an unknown run is refused whole."""
    if len(logs) > MAX_LOG_BATCH:
        raise InvalidInputError(
            f"{len(logs)} log records in one batch; the limit is {MAX_LOG_BATCH}",
            field=("logs",),
        )
    if not logs:
        return 0
    async with db.transaction() as session:
        await _check_exist(session, m.FlowRun, {log.flow_run_id for log in logs}, "flow run")
        await _check_exist(session, m.TaskRun, {log.task_run_id for log in logs}, "task run")
        created = utcnow()
        rows = [{"id": new_id(), "created": created, **log.__dict__} for log in logs]
        await insert_in_commit_order(session, "insert logs", lambda _: sa.insert(m.Log), rows)
        outbox.wake(session, {outbox.logs_channel(log.flow_run_id) for log in logs})
    return len(logs)


async def _check_exist(
    session: AsyncSession,
    model: type[m.FlowRun] | type[m.TaskRun],
    ids: set[uuid.UUID | None],
    kind: str,
) -> None:
    wanted = {run_id for run_id in ids if run_id is not None}
    if not wanted:
        return
    found = set((await session.scalars(sa.select(model.id).where(model.id.in_(wanted)))).all())
    missing = sorted(str(run_id) for run_id in wanted - found)
    if missing:
        raise NotFoundError(f"{kind} not found: {', '.join(missing)}", field=("logs",))
