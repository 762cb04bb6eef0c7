"""Benchmark the GraphQL API in-process on a large SQLite database.

Builds (or, with ``--reuse``, reuses) a database of 100,000 flow runs and
1,000,000 task runs, then runs real GraphQL documents through
``build_schema().execute`` with a fresh per-request context and prints:

* median and p95 latency of a flow run list (with flow, state and task run
  count per run), of the same list filtered by state type and a time range,
  and of a deep page (``after`` the run halfway down the list), at first 10,
  50 and 200;
* the SQL statements each of those executes (they must not grow with the
  page size);
* state transitions per second through ``setTaskRunState``, sequentially and
  with concurrent clients.

Queries slower than ``--slow-ms`` get their statements timed and their
``EXPLAIN QUERY PLAN`` printed. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import bench_data
import sqlalchemy as sa
import strawberry

from flowql.core.sorting import FlowRunSort
from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.db.queries.sorts import flow_run_sort
from flowql.orchestration import StateSnapshot
from flowql.resolvers.context import Context
from flowql.schema.build import build_schema
from flowql.services import flows, runs, states
from flowql.settings import Settings

FLOW_RUNS_QUERY = """
query FlowRuns($first: Int!, $after: String, $filter: FlowRunFilter) {
  flowRuns(first: $first, after: $after, filter: $filter) {
    edges { node { id name flow { name } state { type name } taskRuns { totalCount } } }
  }
}
"""

SET_TASK_RUN_STATE = """
mutation SetTaskRunState($input: SetTaskRunStateInput!) {
  setTaskRunState(input: $input) { status reason state { id type name } errors { message } }
}
"""

PAGE_SIZES = (10, 50, 200)


@dataclass
class Statement:
    sql: str
    parameters: Any
    seconds: float = 0.0


@dataclass
class StatementLog:
    """Every SQL statement the engine sends while ``recording()`` is active."""

    statements: list[Statement] = field(default_factory=list)
    active: bool = False

    def attach(self, db: Database) -> None:
        engine = db.engine.sync_engine
        sa.event.listen(engine, "before_cursor_execute", self._before)
        sa.event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _c: Any, _cur: Any, sql: str, params: Any, context: Any, _m: Any) -> None:
        if self.active:
            self.statements.append(Statement(sql, params, -time.perf_counter()))
            context._bench_statement = self.statements[-1]

    def _after(self, _conn: Any, _cursor: Any, _sql: str, _p: Any, context: Any, _m: Any) -> None:
        statement = getattr(context, "_bench_statement", None)
        if statement is not None:
            statement.seconds += time.perf_counter()
            context._bench_statement = None

    @contextmanager
    def recording(self) -> Iterator[list[Statement]]:
        self.statements, self.active = [], True
        try:
            yield self.statements
        finally:
            self.active = False

    @staticmethod
    def counted(statements: list[Statement]) -> list[Statement]:
        """The statements that do work: transaction control (BEGIN) left out."""
        return [s for s in statements if not s.sql.lstrip().upper().startswith("BEGIN")]


@dataclass
class Bench:
    db: Database
    settings: Settings
    schema: strawberry.Schema
    log: StatementLog

    async def execute(self, document: str, variables: dict[str, Any]) -> dict[str, Any]:
        context = Context.create(self.db, self.settings)
        result = await self.schema.execute(
            document, variable_values=variables, context_value=context
        )
        if result.errors:
            raise RuntimeError(f"GraphQL errors: {result.errors}")
        assert result.data is not None
        return result.data

    async def latencies(self, variables: dict[str, Any], repeat: int, warmup: int) -> list[float]:
        for _ in range(warmup):
            await self.execute(FLOW_RUNS_QUERY, variables)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            await self.execute(FLOW_RUNS_QUERY, variables)
            samples.append((time.perf_counter() - started) * 1000)
        return samples

    async def statements(self, document: str, variables: dict[str, Any]) -> list[Statement]:
        with self.log.recording() as recorded:
            await self.execute(document, variables)
        return StatementLog.counted(recorded)


@dataclass(frozen=True)
class QueryResult:
    label: str
    first: int
    rows: int
    median_ms: float
    p95_ms: float
    statements: list[Statement]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def query_cases(bench: Bench, flow_runs: int) -> list[tuple[str, dict[str, Any]]]:
    now, middle = utcnow(), flow_runs // 2
    window = {"after": (now - timedelta(days=30)).isoformat(),
              "before": (now - timedelta(days=16)).isoformat()}  # fmt: skip
    filtered = {
        "state": {"type": {"any": ["COMPLETED", "FAILED"]}},
        "expectedStartTime": window,
    }
    return [
        ("flowRuns", {}),
        ("flowRuns state+time filter", {"filter": filtered}),
        (f"flowRuns after {middle:,}", {"after": await cursor_at(bench.db, middle)}),
    ]


async def cursor_at(db: Database, position: int) -> str:
    """The cursor of the run at ``position`` (1-based) in the default order."""
    sort_key = flow_run_sort(FlowRunSort.EXPECTED_START_TIME_DESC)
    statement = sa.select(m.FlowRun).order_by(*sort_key.order_by()).offset(position - 1)
    async with db.session() as session:
        row = await session.scalar(statement.limit(1))
    assert row is not None, f"the database has fewer than {position} flow runs"
    return sort_key.cursor_for(row)


async def measure_queries(
    bench: Bench, flow_runs: int, repeat: int, warmup: int
) -> list[QueryResult]:
    results = []
    for label, variables in await query_cases(bench, flow_runs):
        for first in PAGE_SIZES:
            query_variables = {**variables, "first": first}
            data = await bench.execute(FLOW_RUNS_QUERY, query_variables)
            samples = await bench.latencies(query_variables, repeat, warmup)
            results.append(
                QueryResult(
                    label=label,
                    first=first,
                    rows=len(data["flowRuns"]["edges"]),
                    median_ms=statistics.median(samples),
                    p95_ms=p95(samples),
                    statements=await bench.statements(FLOW_RUNS_QUERY, query_variables),
                )
            )
    return results


@dataclass(frozen=True)
class TransitionResult:
    label: str
    clients: int
    transitions: int
    seconds: float
    statements_per_transition: float

    @property
    def per_second(self) -> float:
        return self.transitions / self.seconds


async def _task_runs(db: Database, count: int) -> list[uuid.UUID]:
    """``count`` PENDING task runs in a new RUNNING flow run, created through the services."""
    flow = await flows.create_flow(db, name="benchmark-transitions")
    flow_run, _ = await runs.create_flow_run(db, runs.FlowRunCreate(flow_id=flow.id))
    running = StateSnapshot(type=StateType.RUNNING, name="Running", timestamp=utcnow())
    await states.set_flow_run_state(db, flow_run.id, running)
    ids = []
    for i in range(count):
        spec = runs.TaskRunCreate(flow_run_id=flow_run.id, task_key="bench", dynamic_key=str(i))
        task_run, _ = await runs.create_task_run(db, spec)
        ids.append(task_run.id)
    return ids


async def measure_transitions(bench: Bench, transitions: int, clients: int) -> TransitionResult:
    """Each task run goes PENDING -> RUNNING -> COMPLETED: two accepted transitions."""
    task_runs = await _task_runs(bench.db, transitions // 2)
    shares = [task_runs[i::clients] for i in range(clients)]

    async def client(ids: list[uuid.UUID]) -> None:
        for task_run_id in ids:
            for type in ("RUNNING", "COMPLETED"):
                variables = {"input": {"taskRunId": str(task_run_id), "state": {"type": type}}}
                data = await bench.execute(SET_TASK_RUN_STATE, variables)
                payload = data["setTaskRunState"]
                if payload["status"] != "ACCEPT":
                    raise RuntimeError(f"transition not accepted: {payload}")

    with bench.log.recording() as recorded:
        started = time.perf_counter()
        await asyncio.gather(*(client(ids) for ids in shares))
        seconds = time.perf_counter() - started
    done = len(task_runs) * 2
    label = "sequential" if clients == 1 else "concurrent"
    per_transition = len(StatementLog.counted(recorded)) / done
    return TransitionResult(label, clients, done, seconds, per_transition)


async def explain(db: Database, statements: list[Statement]) -> list[str]:
    """The statements of one execution, slowest first, with their query plans."""
    lines = []
    async with db.session() as session:
        conn = await session.connection()
        for statement in sorted(statements, key=lambda s: -s.seconds):
            lines.append(f"  {statement.seconds * 1000:8.1f} ms  {_one_line(statement.sql)}")
            plan = await conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement.sql}", statement.parameters
            )
            lines.extend(f"               {row.detail}" for row in plan)
    return lines


def _one_line(sql: str, width: int = 150) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def print_report(
    header: list[str],
    queries: list[QueryResult],
    transition_results: list[TransitionResult],
) -> None:
    print()
    for line in header:
        print(line)
    print()
    print(f"{'query':<30} {'first':>5} {'rows':>5} {'median ms':>10} {'p95 ms':>8} {'SQL':>4}")
    for q in queries:
        print(f"{q.label:<30} {q.first:>5} {q.rows:>5} {q.median_ms:>10.1f} {q.p95_ms:>8.1f}"
              f" {len(q.statements):>4}")  # fmt: skip
    print()
    print(f"{'setTaskRunState':<30} {'clients':>7} {'count':>6} {'per s':>8} {'SQL each':>9}")
    for t in transition_results:
        print(f"{t.label:<30} {t.clients:>7} {t.transitions:>6} {t.per_second:>8.0f}"
              f" {t.statements_per_transition:>9.1f}")  # fmt: skip
    print("\nSQL: statements per execution, BEGIN not counted.")


async def main(args: argparse.Namespace) -> None:
    path: Path = args.db
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    size = bench_data.Size(args.flows, args.flow_runs, args.task_runs)
    build_seconds = await prepare(url, path, size, reuse=args.reuse, seed=args.seed)

    db = Database(url)
    log = StatementLog()
    log.attach(db)
    settings = Settings(home=path.parent, database_url=url, api_url=None, api_key=None)
    bench = Bench(db, settings, build_schema(), log)
    try:
        if args.analyze:
            started = time.perf_counter()
            async with db.transaction() as session:
                await session.execute(sa.text("ANALYZE"))
            print(f"ANALYZE took {time.perf_counter() - started:.1f} s")
        counts = await row_counts(db)
        print("measuring queries ...")
        queries = await measure_queries(bench, counts["flow_run"], args.repeat, args.warmup)
        print("measuring transitions ...")
        transition_results = [
            await measure_transitions(bench, args.transitions, 1),
            await measure_transitions(bench, args.transitions, args.clients),
        ]
        header = [
            f"flowql API benchmark: SQLite {path} ({megabytes(path):,.0f} MiB)",
            "rows: " + ", ".join(f"{n:,} {table}" for table, n in counts.items()),
            "build: "
            + (f"{build_seconds:.0f} s" if build_seconds is not None else "reused")
            + ("; statistics: ANALYZE run" if args.analyze else "; statistics: none"),
            f"latency over {args.repeat} runs after {args.warmup} warm-up runs; "
            "fresh context (loaders) per run",
        ]
        print_report(header, queries, transition_results)
        slow = [q for q in queries if args.explain or q.median_ms > args.slow_ms]
        for q in slow:
            print(f"\n{q.label}, first {q.first}: {q.median_ms:.1f} ms median; statements:")
            print("\n".join(await explain(db, q.statements)))
    finally:
        await db.dispose()


async def prepare(
    url: str, path: Path, size: bench_data.Size, *, reuse: bool, seed: int
) -> float | None:
    """Build the database unless reusing one that has data; returns the build seconds."""
    db = Database(url)
    try:
        if reuse and database_exists(path) and await bench_data.has_data(db):
            print(f"reusing {path}")
            return None
    finally:
        await db.dispose()
    remove_database(path)
    print(f"building {path}: {size.flow_runs:,} flow runs, {size.task_runs:,} task runs ...")
    db = Database(url)
    started = time.perf_counter()
    try:
        await bench_data.build(db, size, seed=seed)
    finally:
        await db.dispose()
    return time.perf_counter() - started


def database_exists(path: Path) -> bool:
    return path.exists()


def megabytes(path: Path) -> float:
    return path.stat().st_size / 2**20


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def row_counts(db: Database) -> dict[str, int]:
    counts = {}
    async with db.session() as session:
        for model in (m.FlowRun, m.TaskRun, m.FlowRunState, m.TaskRunState):
            statement = sa.select(sa.func.count()).select_from(model)
            counts[model.__tablename__] = int(await session.scalar(statement) or 0)
    return counts


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    default_db = Path(tempfile.gettempdir()) / "flowql-bench" / "api.db"
    parser = argparse.ArgumentParser(
        description="Benchmark flowql's GraphQL API in-process on a large SQLite database.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--db", type=Path, default=default_db, help="SQLite database file")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse --db if it holds data, instead of rebuilding"
    )
    parser.add_argument("--flow-runs", type=int, default=100_000)
    parser.add_argument("--task-runs", type=int, default=1_000_000)
    parser.add_argument("--flows", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7, help="random seed of the data")
    parser.add_argument("--repeat", type=int, default=30, help="measured runs per query")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured runs per query")
    parser.add_argument(
        "--transitions", type=int, default=1_000, help="setTaskRunState calls per mode"
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent mutation clients")
    parser.add_argument(
        "--slow-ms", type=float, default=50.0, help="explain queries slower than this (median)"
    )
    parser.add_argument("--explain", action="store_true", help="explain every query")
    parser.add_argument(
        "--analyze", action="store_true", help="run ANALYZE before measuring (it stays in the file)"
    )
    args = parser.parse_args(argv)
    if args.flow_runs < 2:
        parser.error("--flow-runs must be at least 2")
    return args


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
