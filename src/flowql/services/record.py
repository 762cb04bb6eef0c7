"""Record batches of task runs orchestrated by the client.

The SDK orchestrates task runs in its own process with the same pure rules the
server uses (``flowql.orchestration``: retries, caching, bookkeeping) and
records the outcome here in batches: thousands of task runs a second cannot
each pay a round trip and a locked transaction, as Prefect 3 found when it
moved task-run orchestration to the client. The server therefore trusts the
client's decisions for task runs: it checks the batch is well formed and
consistent with what is stored, and writes it. Flow runs are still
orchestrated here, one proposal at a time (``services.states``).

A batch is written in one transaction, all or nothing, with bulk statements:

- task runs are upserted by their client-chosen id (``INSERT ... ON CONFLICT
  (id) DO UPDATE``); the identity (flow run, task key, dynamic key) of an
  existing run never changes, and a batch giving a run's key to another id is
  refused as a conflict;
- states are appended under their client-chosen ids (``ON CONFLICT DO
  NOTHING``), so a retried batch writes nothing twice; a run whose states in
  the batch are all stored already (a late retry) is left as it is, so a retry
  never moves a run back to an older state;
- each run's denormalised current state is its last new state. New states'
  timestamps are made strictly increasing (by a microsecond where needed),
  after the run's stored state too, so history ordered by timestamp is the
  order the client gave.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.errors import ConflictError, InvalidInputError, NotFoundError
from flowql.core.states import StateType
from flowql.core.time import ensure_utc, utcnow
from flowql.db import models as m
from flowql.db.bulk import execute_many
from flowql.db.database import Database
from flowql.db.value_lists import among_ids, sqlite_rows
from flowql.events import outbox
from flowql.events.outbox import StateChangeRow
from flowql.events.task_run_events import emit_task_run_state_events
from flowql.services.runs import RetrySettings
from flowql.services.validation import check_key, check_name, check_tags

MAX_TASK_RUN_BATCH = 5_000
MAX_STATE_BATCH = 50_000
_TICK = timedelta(microseconds=1)

# Written on insert and overwritten on update; identity columns are insert-only.
_UPDATED_COLUMNS = (
    "updated", "name", "tags", "cache_key", "cache_expiration", "task_inputs",
    "empirical_policy", "run_count", "flow_run_run_count", "expected_start_time",
    "start_time", "end_time", "total_run_time",
)  # fmt: skip
_STATE_COLUMNS = ("state_id", "state_type", "state_name", "state_timestamp")
_COUNTS = {
    "run_count": "runCount",
    "flow_run_run_count": "flowRunRunCount",
    "total_run_time": "totalRunTime",
}


@dataclass(frozen=True, slots=True)
class StateRecord:
    """A state a task run entered, as the client's orchestration decided it."""

    id: uuid.UUID
    type: StateType
    name: str
    timestamp: datetime
    message: str | None = None
    scheduled_time: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)
    data: Any = None


@dataclass(frozen=True, slots=True)
class TaskRunRecord:
    """A task run's fields now, and the states it entered since the last batch, in order."""

    id: uuid.UUID
    flow_run_id: uuid.UUID | None
    task_key: str
    dynamic_key: str
    name: str | None = None
    tags: Sequence[str] = ()
    cache_key: str | None = None
    cache_expiration: datetime | None = None
    task_inputs: dict[str, Any] = field(default_factory=dict)
    retry: RetrySettings = field(default_factory=RetrySettings)
    run_count: int = 0
    flow_run_run_count: int = 0
    expected_start_time: datetime | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    total_run_time: float = 0.0
    states: Sequence[StateRecord] = ()


@dataclass(frozen=True)
class RecordResult:
    count: int
    """Task runs in the batch (all of them are recorded now)."""
    state_count: int
    """States newly stored (a retried batch stores none)."""


async def record_task_runs(db: Database, records: Sequence[TaskRunRecord]) -> RecordResult:
    """Upsert ``records`` and append their states in one transaction, all or nothing."""
    _check_batch(records)
    if not records:
        return RecordResult(0, 0)
    try:
        async with db.transaction() as session:
            return await _write(session, records)
    except IntegrityError as error:
        # Only a concurrent writer gets here: the checks below read what is stored.
        raise ConflictError(
            f"the batch collides with task runs written at the same time: {error.orig}",
            field=("taskRuns",),
        ) from error


async def _write(session: AsyncSession, records: Sequence[TaskRunRecord]) -> RecordResult:
    await _check_flow_runs(session, records)
    stored = await _check_identities(session, records)
    stored_states = await _existing_ids(
        session, m.TaskRunState.id, [state.id for record in records for state in record.states]
    )
    now = utcnow()
    dialect = session.get_bind().dialect.name
    builds_events = dialect == "sqlite"  # the database builds the events from the state rows
    run_rows: list[dict[str, Any]] = []
    state_rows: list[dict[str, Any]] = []
    changes: list[StateChangeRow] = []
    for record in records:
        new_states = [state for state in record.states if state.id not in stored_states]
        if record.states and not new_states:
            continue  # a retry of a batch already written: nothing newer to say
        previous = stored.get(record.id)
        rows = _state_rows(record.id, new_states, previous)
        state_rows.extend(rows)
        run_rows.append(_run_row(record, rows[-1] if rows else None, now))
        if not builds_events:
            changes.extend(_state_changes(record, previous, rows))
    await execute_many(session, "upsert task runs", lambda: _upsert_task_runs(dialect), run_rows)
    await execute_many(
        session, "insert task run states", lambda: _insert_states(dialect), state_rows
    )
    channels = {outbox.task_runs_channel(record.flow_run_id) for record in records}
    if builds_events:
        ids = [row["id"] for row in state_rows]
        await emit_task_run_state_events(session, ids, channels)
    else:
        await outbox.emit_state_changes(session, "task-run", changes, channels)
    return RecordResult(len(records), len(state_rows))


def _check_batch(records: Sequence[TaskRunRecord]) -> None:
    if len(records) > MAX_TASK_RUN_BATCH:
        raise InvalidInputError(
            f"{len(records)} task runs in one batch; the limit is {MAX_TASK_RUN_BATCH}",
            field=("taskRuns",),
        )
    state_count = sum(len(record.states) for record in records)
    if state_count > MAX_STATE_BATCH:
        raise InvalidInputError(
            f"{state_count} states in one batch; the limit is {MAX_STATE_BATCH}",
            field=("taskRuns",),
        )
    ids: set[uuid.UUID] = set()
    keys: dict[tuple[uuid.UUID, str, str], uuid.UUID] = {}
    for index, record in enumerate(records):
        path = ("taskRuns", str(index))
        if record.id in ids:
            raise InvalidInputError(
                f"task run {record.id} appears twice in the batch", field=(*path, "id")
            )
        ids.add(record.id)
        if record.flow_run_id is not None:
            key = (record.flow_run_id, record.task_key, record.dynamic_key)
            other = keys.setdefault(key, record.id)
            if other != record.id:
                raise ConflictError(
                    f"task runs {other} and {record.id} in the batch share {_describe(key)}",
                    field=(*path, "dynamicKey"),
                )
        _check_record(record, path)


def _check_record(record: TaskRunRecord, path: tuple[str, ...]) -> None:
    try:
        check_key(record.task_key, field="taskKey")
        check_key(record.dynamic_key, field="dynamicKey")
        if record.name is not None:
            check_name(record.name, field="name")
        check_tags(record.tags)
        _policy(record.retry)
        for name, value in _COUNTS.items():
            if getattr(record, name) < 0:
                raise InvalidInputError(f"{value} must not be negative", field=(value,))
    except InvalidInputError as error:
        raise InvalidInputError(error.message, field=(*path, *error.field)) from None


async def _check_flow_runs(session: AsyncSession, records: Sequence[TaskRunRecord]) -> None:
    wanted = {record.flow_run_id for record in records if record.flow_run_id is not None}
    missing = wanted - await _existing_ids(session, m.FlowRun.id, wanted)
    if missing:
        index = next(i for i, record in enumerate(records) if record.flow_run_id in missing)
        raise NotFoundError(
            f"flow run not found: {', '.join(sorted(map(str, missing)))}",
            field=("taskRuns", str(index), "flowRunId"),
        )


async def _check_identities(
    session: AsyncSession, records: Sequence[TaskRunRecord]
) -> dict[uuid.UUID, Any]:
    """The stored rows of the batch's runs, by id; refuse a key another id already has."""
    by_id = {record.id: record for record in records}
    by_key = {_key(record): record for record in records if record.flow_run_id is not None}
    task_run = m.TaskRun.__table__.c
    columns = (task_run.id, task_run.flow_run_id, task_run.task_key, task_run.dynamic_key,
               task_run.state_id, task_run.state_timestamp)  # fmt: skip
    dialect = session.get_bind().dialect.name
    rows: dict[uuid.UUID, Any] = {}
    result = await session.execute(
        sa.select(*columns).where(among_ids(dialect, task_run.id, by_id))
    )
    rows.update((row.id, row) for row in result)
    if by_key:
        result = await session.execute(_by_keys(dialect, columns, list(by_key)))
        rows.update((row.id, row) for row in result)
    conflicts = []
    for row in rows.values():
        stored_key = (row.flow_run_id, row.task_key, row.dynamic_key)
        claimed = by_key.get(stored_key)
        if claimed is not None and claimed.id != row.id:
            conflicts.append((claimed, f"{_describe(stored_key)} belongs to task run {row.id}"))
        record = by_id.get(row.id)
        if record is not None and _key(record) != stored_key:
            conflicts.append((record, f"task run {row.id} already has {_describe(stored_key)}"))
    if conflicts:
        order = {record.id: index for index, record in enumerate(records)}
        conflicts.sort(key=lambda conflict: order[conflict[0].id])
        shown = "; ".join(message for _, message in conflicts[:5])
        more = f" (and {len(conflicts) - 5} more)" if len(conflicts) > 5 else ""
        raise ConflictError(
            f"{shown}{more}", field=("taskRuns", str(order[conflicts[0][0].id]), "id")
        )
    return {row_id: row for row_id, row in rows.items() if row_id in by_id}


def _by_keys(
    dialect: str, columns: Sequence[Any], keys: list[tuple[Any, str, str]]
) -> sa.Select[Any]:
    """Select the task runs with these (flow run, task key, dynamic key), by the unique index.

    Both databases answer a join with the wanted keys (bound as one value) with one
    index lookup a key; PostgreSQL plans a tuple IN (or an IN per column) as a scan
    of the flow run's task runs.
    """
    task_run = m.TaskRun.__table__.c
    if dialect != "postgresql":
        rows = [(key[0].hex, key[1], key[2]) for key in keys]
        wanted = sqlite_rows(rows, "flow_run_id", "task_key", "dynamic_key")
        return sa.select(*columns).join_from(
            m.TaskRun.__table__,
            wanted,
            sa.and_(
                task_run.flow_run_id == wanted.c.flow_run_id,
                task_run.task_key == wanted.c.task_key,
                task_run.dynamic_key == wanted.c.dynamic_key,
            ),
        )
    flow_run_ids, task_keys, dynamic_keys = (list(values) for values in zip(*keys, strict=True))
    wanted = (
        sa.func.unnest(
            sa.cast(sa.bindparam("flow_run_ids", flow_run_ids), postgresql.ARRAY(sa.Uuid())),
            sa.cast(sa.bindparam("task_keys", task_keys), postgresql.ARRAY(sa.String())),
            sa.cast(sa.bindparam("dynamic_keys", dynamic_keys), postgresql.ARRAY(sa.String())),
        )
        .table_valued("flow_run_id", "task_key", "dynamic_key")
        .render_derived(name="wanted")
    )
    return sa.select(*columns).join_from(
        m.TaskRun.__table__,
        wanted,
        sa.and_(
            task_run.flow_run_id == wanted.c.flow_run_id,
            task_run.task_key == wanted.c.task_key,
            task_run.dynamic_key == wanted.c.dynamic_key,
        ),
    )


async def _existing_ids(
    session: AsyncSession, column: Any, ids: Sequence[uuid.UUID] | set[uuid.UUID]
) -> set[uuid.UUID]:
    if not ids:
        return set()
    dialect = session.get_bind().dialect.name
    return set(await session.scalars(sa.select(column).where(among_ids(dialect, column, ids))))


def _key(record: TaskRunRecord) -> tuple[uuid.UUID | None, str, str]:
    return (record.flow_run_id, record.task_key, record.dynamic_key)


def _describe(key: tuple[uuid.UUID | None, str, str]) -> str:
    flow_run_id, task_key, dynamic_key = key
    return f"the key (flow run {flow_run_id}, task {task_key!r}, dynamic key {dynamic_key!r})"


def _state_rows(
    task_run_id: uuid.UUID, states: Sequence[StateRecord], stored: Any
) -> list[dict[str, Any]]:
    latest: datetime | None = None if stored is None else stored.state_timestamp
    rows = []
    for state in states:
        timestamp = ensure_utc(state.timestamp)
        if latest is not None and timestamp <= latest:
            timestamp = latest + _TICK  # keep history, ordered by timestamp, in the given order
        latest = timestamp
        rows.append(
            {
                "id": state.id,
                "task_run_id": task_run_id,
                "type": state.type,
                "name": state.name,
                "message": state.message,
                "timestamp": timestamp,
                "scheduled_time": state.scheduled_time,
                "details": state.details,
                "data": state.data,
            }
        )
    return rows


@functools.lru_cache(maxsize=256)
def _policy(retry: RetrySettings) -> dict[str, Any]:
    """The checked policy, one shared (read-only) dict per distinct setting: a batch's
    runs mostly share one, and the bulk insert serialises a repeated object once."""
    return retry.to_policy()


def _run_row(record: TaskRunRecord, last: dict[str, Any] | None, now: datetime) -> dict[str, Any]:
    return {
        "id": record.id,
        "created": now,
        "updated": now,
        "flow_run_id": record.flow_run_id,
        "task_key": record.task_key,
        "dynamic_key": record.dynamic_key,
        "name": record.name or record.task_key,
        "tags": list(dict.fromkeys(record.tags)),
        "cache_key": record.cache_key,
        "cache_expiration": record.cache_expiration,
        "task_inputs": record.task_inputs,
        "empirical_policy": _policy(record.retry),
        "run_count": record.run_count,
        "flow_run_run_count": record.flow_run_run_count,
        "expected_start_time": record.expected_start_time,
        "start_time": record.start_time,
        "end_time": record.end_time,
        "total_run_time": record.total_run_time,
        "state_id": None if last is None else last["id"],
        "state_type": None if last is None else last["type"],
        "state_name": None if last is None else last["name"],
        "state_timestamp": None if last is None else last["timestamp"],
    }


def _state_changes(
    record: TaskRunRecord, stored: Any, rows: Sequence[dict[str, Any]]
) -> list[StateChangeRow]:
    """One event per new state, each following the state before it (stored small:
    readers rebuild the rest from the state and run rows)."""
    follows = None if stored is None else stored.state_id
    changes = []
    for row in rows:
        changes.append(
            StateChangeRow(
                row["id"], follows, row["name"], row["timestamp"], record.id, record.flow_run_id
            )
        )
        follows = row["id"]
    return changes


def _dialect_insert(dialect: str, table: sa.Table) -> Any:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _upsert_task_runs(dialect: str) -> Any:
    table = m.TaskRun.__table__
    assert isinstance(table, sa.Table)
    statement = _dialect_insert(dialect, table)
    new = statement.excluded
    updates = {name: new[name] for name in _UPDATED_COLUMNS}
    # A run without new states in the batch keeps its current state.
    updates |= {name: sa.func.coalesce(new[name], table.c[name]) for name in _STATE_COLUMNS}
    return statement.on_conflict_do_update(index_elements=[table.c.id], set_=updates)


def _insert_states(dialect: str) -> Any:
    table = m.TaskRunState.__table__
    assert isinstance(table, sa.Table)
    return _dialect_insert(dialect, table).on_conflict_do_nothing(index_elements=[table.c.id])
