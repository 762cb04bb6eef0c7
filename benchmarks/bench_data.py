"""Build a large, plausible flowql database fast, for the benchmarks.

Rows go in through SQLAlchemy core ``insert`` with executemany, a few
thousand flow runs (and all their task runs and states) per transaction.
The data looks like a busy installation: flows that run on schedules for 90
days, most runs completed, some failed, crashed or cancelled, a few running,
paused or scheduled for the coming week; task runs per flow run spread
unevenly (a few big fan-outs, many small runs); flow runs carry their state
history (Scheduled, Pending, Running, final), task runs their current state.
"""

from __future__ import annotations

import math
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.db import migrate
from flowql.db import models as m
from flowql.db.database import Database

FLOW_RUNS_PER_CHUNK = 2_000
HISTORY_DAYS = 90
TAGS = ("prod", "dev", "nightly", "hourly", "team-data", "team-ml", "critical", "backfill")
FLOW_NAMES = ("etl", "ingest", "report", "train", "score", "sync", "export", "cleanup")

# State of a flow run, and how often it occurs.
FLOW_STATES: tuple[tuple[StateType, str, float], ...] = (
    (StateType.COMPLETED, "Completed", 0.72),
    (StateType.FAILED, "Failed", 0.09),
    (StateType.CRASHED, "Crashed", 0.02),
    (StateType.CANCELLED, "Cancelled", 0.03),
    (StateType.SCHEDULED, "Scheduled", 0.07),
    (StateType.SCHEDULED, "Late", 0.02),
    (StateType.PENDING, "Pending", 0.01),
    (StateType.RUNNING, "Running", 0.03),
    (StateType.PAUSED, "Paused", 0.01),
)
NOT_STARTED = frozenset({StateType.SCHEDULED, StateType.PENDING})


@dataclass(frozen=True)
class Size:
    flows: int
    flow_runs: int
    task_runs: int


@dataclass
class Chunk:
    """Rows of one transaction, per table."""

    flow_runs: list[dict[str, Any]] = field(default_factory=list)
    flow_run_states: list[dict[str, Any]] = field(default_factory=list)
    task_runs: list[dict[str, Any]] = field(default_factory=list)
    task_run_states: list[dict[str, Any]] = field(default_factory=list)


async def has_data(db: Database) -> bool:
    """Whether the database is migrated and holds flow runs."""
    if await migrate.current_revision(db) is None:
        return False
    async with db.session() as session:
        return bool(await session.scalar(sa.select(sa.func.count()).select_from(m.FlowRun)))


async def build(db: Database, size: Size, *, seed: int = 7, progress: bool = True) -> None:
    """Migrate ``db`` and fill it with ``size`` rows."""
    await migrate.upgrade(db)
    rng = random.Random(seed)
    now = utcnow()
    flows = await _insert_flows(db, size.flows, now)
    started = time.perf_counter()
    inserted = 0
    for chunk in _chunks(rng, now, flows, size):
        async with db.transaction() as session:
            # Core inserts on the connection: one executemany per table (the ORM's bulk
            # path splits the rows into many smaller statements).
            conn = await session.connection()
            await conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB while building
            for model, rows in (
                (m.FlowRun, chunk.flow_runs),
                (m.FlowRunState, chunk.flow_run_states),
                (m.TaskRun, chunk.task_runs),
                (m.TaskRunState, chunk.task_run_states),
            ):
                if rows:
                    await conn.execute(m.Base.metadata.tables[model.__tablename__].insert(), rows)
        inserted += len(chunk.flow_runs)
        if progress:
            rate = inserted / (time.perf_counter() - started)
            print(f"\r  {inserted:,} / {size.flow_runs:,} flow runs ({rate:,.0f}/s)", end="")
    if progress:
        print()


async def _insert_flows(db: Database, count: int, now: datetime) -> list[uuid.UUID]:
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "name": f"{FLOW_NAMES[i % len(FLOW_NAMES)]}-{i:03d}",
            "description": None,
            "tags": [TAGS[i % len(TAGS)]],
            "created": now - timedelta(days=HISTORY_DAYS + 1),
            "updated": now - timedelta(days=HISTORY_DAYS + 1),
        }
        for i in range(count)
    ]
    async with db.transaction() as session:
        await (await session.connection()).execute(m.Base.metadata.tables["flow"].insert(), rows)
    return [row["id"] for row in rows]


def _task_counts(rng: random.Random, started: list[bool], total: int) -> list[int]:
    """Task runs per flow run that started: log-normal (a few large fan-outs), summing to total."""
    weights = [rng.lognormvariate(0, 1.2) if s else 0.0 for s in started]
    scale = total / sum(weights)
    counts = [math.floor(w * scale) for w in weights]
    candidates = [i for i, s in enumerate(started) if s]
    for i in rng.sample(candidates, total - sum(counts)):
        counts[i] += 1
    return counts


def _chunks(
    rng: random.Random, now: datetime, flows: list[uuid.UUID], size: Size
) -> Iterator[Chunk]:
    states = [(t, n) for t, n, _ in FLOW_STATES]
    chosen = rng.choices(states, [w for _, _, w in FLOW_STATES], k=size.flow_runs)
    counts = _task_counts(rng, [t not in NOT_STARTED for t, _ in chosen], size.task_runs)
    chunk = Chunk()
    for (state_type, state_name), task_count in zip(chosen, counts, strict=True):
        _add_flow_run(rng, now, chunk, rng.choice(flows), state_type, state_name, task_count)
        if len(chunk.flow_runs) == FLOW_RUNS_PER_CHUNK:
            yield chunk
            chunk = Chunk()
    if chunk.flow_runs:
        yield chunk


def _expected_start(rng: random.Random, now: datetime, state_type: StateType, name: str) -> Any:
    if state_type is StateType.SCHEDULED and name == "Scheduled":
        return now + timedelta(seconds=rng.uniform(60, 7 * 86_400))
    if state_type in (StateType.RUNNING, StateType.PENDING, StateType.PAUSED) or name == "Late":
        return now - timedelta(seconds=rng.uniform(5, 3_600))
    return now - timedelta(seconds=rng.uniform(3_600, HISTORY_DAYS * 86_400))


def _add_flow_run(
    rng: random.Random,
    now: datetime,
    chunk: Chunk,
    flow_id: uuid.UUID,
    state_type: StateType,
    state_name: str,
    task_count: int,
) -> None:
    run_id = uuid.uuid4()
    expected = _expected_start(rng, now, state_type, state_name)
    created = expected - timedelta(seconds=rng.uniform(1, 3_600))
    history = [(StateType.SCHEDULED, "Scheduled", created)]
    start = end = None
    duration = 0.0
    if state_type not in NOT_STARTED or state_type is StateType.PENDING:
        history.append((StateType.PENDING, "Pending", expected))
    if state_type not in NOT_STARTED:
        start = expected + timedelta(seconds=rng.uniform(0.5, 20))
        history.append((StateType.RUNNING, "Running", start))
        if state_type is StateType.RUNNING or state_type is StateType.PAUSED:
            duration = min((now - start).total_seconds(), rng.expovariate(1 / 300))
        else:
            duration = rng.expovariate(1 / 600)
            end = start + timedelta(seconds=duration)
        if state_type is not StateType.RUNNING:
            history.append((state_type, state_name, end or start + timedelta(seconds=duration)))
    if state_name == "Late":
        history = [(StateType.SCHEDULED, "Scheduled", created), (state_type, "Late", expected)]
    rows = [_state_row("flow_run_id", run_id, t, n, at) for t, n, at in history]
    chunk.flow_run_states.extend(rows)
    chunk.flow_runs.append(
        {
            **_run_fields(rng, created, expected, start, end, duration, rows[-1]),
            "id": run_id,
            "flow_id": flow_id,
            "name": f"run-{uuid.uuid4().hex[:10]}",
            "parameters": {"date": expected.date().isoformat(), "limit": rng.randint(1, 1000)},
            "idempotency_key": None,
            "parent_task_run_id": None,
            "parent_flow_run_id": None,
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
        }
    )
    if start is not None:
        _add_task_runs(rng, chunk, run_id, state_type, start, duration, task_count)


def _add_task_runs(
    rng: random.Random,
    chunk: Chunk,
    flow_run_id: uuid.UUID,
    flow_state: StateType,
    start: datetime,
    flow_duration: float,
    count: int,
) -> None:
    step = flow_duration / max(count, 1)
    keys = rng.randint(1, 8)
    for i in range(count):
        task_start = start + timedelta(seconds=i * step)
        # Every task completed, except the last one, which shares how the flow run ended.
        state_type = flow_state if i == count - 1 else StateType.COMPLETED
        running = state_type in (StateType.RUNNING, StateType.PAUSED)
        end = None if running else task_start + timedelta(seconds=step)
        name = "NotReady" if state_type is StateType.PAUSED else state_type.default_name
        if state_type is StateType.COMPLETED and rng.random() < 0.05:
            name = "Cached"
        run_id = uuid.uuid4()
        state = _state_row("task_run_id", run_id, state_type, name, end or task_start)
        chunk.task_run_states.append(state)
        task_key = f"task_{i % keys}"
        chunk.task_runs.append(
            {
                **_run_fields(rng, task_start, task_start, task_start, end, step, state),
                "id": run_id,
                "flow_run_id": flow_run_id,
                "task_key": task_key,
                "dynamic_key": str(i),
                "name": f"{task_key}-{i}",
                "cache_key": None,
                "cache_expiration": None,
                "task_inputs": {},
                "flow_run_run_count": 1,
                "tags": [],
            }
        )


def _run_fields(
    rng: random.Random,
    created: datetime,
    expected: datetime,
    start: datetime | None,
    end: datetime | None,
    duration: float,
    state: dict[str, Any],
) -> dict[str, Any]:
    return {
        "created": created,
        "updated": state["timestamp"],
        "run_count": 0 if start is None else 1,
        "empirical_policy": {"retries": 0, "retry_delay_seconds": []},
        "expected_start_time": expected,
        "start_time": start,
        "end_time": end,
        "total_run_time": duration if end is not None else 0.0,
        "state_id": state["id"],
        "state_type": state["type"],
        "state_name": state["name"],
        "state_timestamp": state["timestamp"],
    }


def _state_row(
    run_key: str, run_id: uuid.UUID, type: StateType, name: str, at: datetime
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        run_key: run_id,
        "type": type,
        "name": name,
        "message": None,
        "timestamp": at,
        "scheduled_time": at if type is StateType.SCHEDULED else None,
        "details": {},
        "data": None,
        "transition_id": None,
    }
