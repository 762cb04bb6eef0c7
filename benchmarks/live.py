"""Benchmark flowql's live path on a real server: subscription fan-out and event ingest.

Starts ``python -m flowql server start`` on a free port of 127.0.0.1 (a fresh
``FLOWQL_HOME``, so a fresh SQLite database, or a fresh PostgreSQL database
with ``--database-url``) for every measurement, and prints:

* fan-out: ``--subscribers`` graphql-transport-ws connections (raw
  ``websockets``, one asyncio process) on ``flowRunUpdates(after: "HEAD")``
  while a writer process creates flow runs and moves them to RUNNING and
  COMPLETED over HTTP at ``--rate`` changes/s for ``--seconds``: delivery
  latency per (subscriber, change) from the commit (the run's ``updated``,
  set by the server in the writing transaction; one machine, one clock) to
  the subscriber's receipt, deliveries expected vs received, the achieved
  rate, the server's peak RSS and the CPU of the server, the client and the
  rest of the machine;
* ingest: ``--events`` events through ``emitEvents`` in batches of each
  ``--batch`` size from ``--clients`` concurrent HTTP clients: events/s,
  checked against the server's ``events`` totalCount, and peak RSS.

Every figure is the median of ``--repeat`` runs. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import live_support as ls

from flowql import __version__

EMIT_EVENTS = "mutation($e: [EventInput!]!) { emitEvents(input: {events: $e}) { count } }"
COUNT_EVENTS = "query($p: String!) { events(filter: {eventPrefix: [$p]}) { totalCount } }"
MIB = 2**20

Row = tuple[str, float, str]
"""(label, value, format spec) of one printed figure."""


@dataclass(frozen=True)
class Clocks:
    """CPU seconds of the server, this process and the whole machine, at one moment."""

    wall: float
    server: float
    client: float
    machine: float

    @classmethod
    def read(cls, server: ls.Server) -> Clocks:
        return cls(time.perf_counter(), server.cpu_seconds(), ls.own_cpu_seconds(),
                   ls.machine_busy_seconds())  # fmt: skip


def percent(cpu_seconds: float, wall: float) -> float:
    """CPU time as a percentage of one core over ``wall`` seconds."""
    return 100 * cpu_seconds / wall


def quantile(ordered: list[float], q: float) -> float:
    """Nearest-rank quantile of an already sorted list (nan when empty)."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


# -- servers ----------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def running_server(args: argparse.Namespace, name: str) -> AsyncIterator[ls.Server]:
    """A fresh server (fresh home, fresh database) on the configured database and broker;
    with ``--server-logs``, its output is kept there as ``<name>.log``."""
    keep_log = None if args.server_logs is None else Path(args.server_logs) / f"{name}.log"
    with tempfile.TemporaryDirectory(prefix="flowql-live-") as home:
        env = {"FLOWQL_BROADCAST_URL": args.broadcast_url} if args.broadcast_url else {}
        env["FLOWQL_SERVER_WORKERS"] = str(args.workers)
        async with contextlib.AsyncExitStack() as stack:
            if args.database_url:
                url = await stack.enter_async_context(ls.postgres_database(args.database_url))
                env["FLOWQL_DATABASE_URL"] = url
            with ls.flowql_server(Path(home), env, keep_log) as server:
                yield server


def profile_path(args: argparse.Namespace, name: str) -> Path | None:
    return None if args.py_spy is None else Path(f"{args.py_spy}-{name}.txt")


# -- fan-out ----------------------------------------------------------------------------------


async def fanout(args: argparse.Namespace, server: ls.Server, profile: Path | None) -> list[Row]:
    flow_id = await ls.create_flow(server.graphql_url, "bench-live-fanout")
    tally = ls.Tally()
    tasks = await ls.open_subscribers(
        server.ws_url, args.subscribers, tally, compress=args.compress
    )
    try:
        if tally.errors:
            raise RuntimeError(f"{len(tally.errors)} subscribers failed: {tally.errors[:3]}")
        connected = server.stats()["websockets"]
        before = Clocks.read(server)
        with ls.py_spy(server.process.pid, profile):
            written = await run_writer(args, server.graphql_url, flow_id)
            made = [(run_id, step) for run_id, step, *_ in written["changes"]]
            for _ in range(int(args.drain * 10)):  # late deliveries
                if tally.received(made) >= len(made) * args.subscribers:
                    break
                await asyncio.sleep(0.1)
        after = Clocks.read(server)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return fanout_rows(args, tally, written, server.stats(), before, after, connected)


async def run_writer(args: argparse.Namespace, url: str, flow_id: str) -> dict[str, Any]:
    """Run ``ls.write_changes`` in a spawned process; its result."""
    context = multiprocessing.get_context("spawn")
    reader, writer_end = context.Pipe(duplex=False)
    options = {"rate": args.rate, "seconds": args.seconds, "gap": args.gap,
               "in_flight": args.in_flight}  # fmt: skip
    process = context.Process(target=ls.write_changes, args=(url, flow_id, options, writer_end))
    process.start()
    writer_end.close()
    try:
        result: dict[str, Any] = await asyncio.to_thread(reader.recv)
    finally:
        await asyncio.to_thread(process.join)
    return result


def latencies(tally: ls.Tally, changes: list[Any]) -> tuple[list[float], list[float], int]:
    """Sorted delivery latencies (ms) from each change's commit and from the writer's
    response, and the number of deliveries of ``changes``. A change no subscriber saw
    in its own state (only a later one) counts from the writer's response."""
    from_commit: list[float] = []
    from_answer: list[float] = []
    received = 0
    for run_id, step, _sent, answered in changes:
        arrivals = tally.arrivals.get((run_id, step), ())
        received += len(arrivals)
        committed = tally.commit_time((run_id, step)) or answered
        from_commit.extend((t - committed) * 1000 for t in arrivals)
        from_answer.extend((t - answered) * 1000 for t in arrivals)
    return sorted(from_commit), sorted(from_answer), received


def fanout_rows(
    args: argparse.Namespace,
    tally: ls.Tally,
    written: dict[str, Any],
    stats: dict[str, Any],
    before: Clocks,
    after: Clocks,
    connected: int,
) -> list[Row]:
    changes = written["changes"]
    expected = len(changes) * args.subscribers
    from_commit, from_answer, received = latencies(tally, changes)
    round_trips = sorted((c[3] - c[2]) * 1000 for c in changes)
    span = max(c[3] for c in changes) - min(c[2] for c in changes) if changes else float("nan")
    wall = after.wall - before.wall
    server_cpu, client_cpu = after.server - before.server, after.client - before.client
    writer_cpu = written["cpu_seconds"]
    others = after.machine - before.machine - server_cpu - client_cpu - writer_cpu
    for kind, errors in (("writer failures", written["failures"]), ("subscribers", tally.errors)):
        if errors:
            print(f"  {kind}: {len(errors)}, the first: {errors[0]}")
    return [
        ("subscribers connected (one worker's /stats)", connected, ",.0f"),
        ("state changes accepted", len(changes), ",.0f"),
        ("state changes failed", len(written["failures"]), ",.0f"),
        ("state changes not sent (writer behind schedule)", written["unsent"], ",.0f"),
        ("change rate achieved (/s)", len(changes) / span, ",.1f"),
        ("deliveries expected", expected, ",.0f"),
        ("deliveries received", received, ",.0f"),
        (f"missing {args.drain:g} s after the last write", expected - received, ",.0f"),
        ("  of those received: seen only in a later state", tally.superseded, ",.0f"),
        ("  runs sent again unchanged (not counted)", tally.repeats, ",.0f"),
        ("subscriptions ended by an error", len(tally.errors), ",.0f"),
        ("latency from commit p50 (ms)", quantile(from_commit, 0.50), ",.1f"),
        ("latency from commit p95 (ms)", quantile(from_commit, 0.95), ",.1f"),
        ("latency from commit p99 (ms)", quantile(from_commit, 0.99), ",.1f"),
        ("latency from commit max (ms)", quantile(from_commit, 1.0), ",.1f"),
        ("latency from writer's response p50 (ms)", quantile(from_answer, 0.50), ",.1f"),
        ("latency from writer's response p99 (ms)", quantile(from_answer, 0.99), ",.1f"),
        ("writer's mutation round trip p50 (ms)", quantile(round_trips, 0.50), ",.1f"),
        ("writer's mutation round trip p99 (ms)", quantile(round_trips, 0.99), ",.1f"),
        ("messages received (all subscribers)", tally.messages, ",.0f"),
        ("bus overflows (subscriber queues collapsed)", stats["bus"]["overflows"], ",.0f"),
        ("server peak RSS (MiB)", stats["peak_rss_bytes"] / MIB, ",.0f"),
        ("server CPU (% of one core)", percent(server_cpu, wall), ",.0f"),
        ("server CPU per accepted change (ms)", 1000 * server_cpu / max(1, len(changes)), ",.1f"),
        ("client CPU: subscribers (% of one core)", percent(client_cpu, wall), ",.0f"),
        ("client CPU: writer process (% of one core)", percent(writer_cpu, wall), ",.0f"),
        ("other processes (% of one core)", percent(others, wall), ",.0f"),
    ]


# -- ingest -----------------------------------------------------------------------------------


def ingest_bodies(prefix: str, events: int, batch: int) -> list[bytes]:
    """The request bodies, built before timing so the clients only send."""
    bodies = []
    for start in range(0, events, batch):
        batch_events = [
            {"id": str(uuid.uuid4()), "event": f"{prefix}.item-changed",
             "resource": {"flowql.resource.id": f"bench.item.{i}"}, "payload": {"i": i}}
            for i in range(start, min(start + batch, events))
        ]  # fmt: skip
        bodies.append(json.dumps({"query": EMIT_EVENTS, "variables": {"e": batch_events}}).encode())
    return bodies


async def ingest(
    args: argparse.Namespace, server: ls.Server, batch: int, profile: Path | None
) -> list[Row]:
    prefix = f"bench.ingest.{uuid.uuid4().hex[:8]}"
    bodies = iter(ingest_bodies(prefix, args.events, batch))
    headers = {"content-type": "application/json"}

    async def client(http: httpx.AsyncClient) -> None:
        for body in bodies:  # one shared iterator: each batch is sent once
            answer = (await http.post(server.graphql_url, content=body, headers=headers)).json()
            if "errors" in answer:
                raise RuntimeError(f"emitEvents: {answer['errors']}")

    async with httpx.AsyncClient(timeout=300) as http:
        before = Clocks.read(server)
        with ls.py_spy(server.process.pid, profile):
            await asyncio.gather(*(client(http) for _ in range(args.clients)))
        after = Clocks.read(server)
        stored, visible_after = await count_stored(http, server, prefix, args)
    wall = after.wall - before.wall
    server_cpu, client_cpu = after.server - before.server, after.client - before.client
    others = after.machine - before.machine - server_cpu - client_cpu
    return [
        ("events sent", args.events, ",.0f"),
        ("events stored (events totalCount)", stored, ",.0f"),
        ("  all counted after the last response (s)", visible_after, ",.2f"),
        ("seconds", wall, ",.2f"),
        ("events/s", args.events / wall, ",.0f"),
        ("requests/s", -(-args.events // batch) / wall, ",.1f"),
        ("server peak RSS (MiB)", server.stats()["peak_rss_bytes"] / MIB, ",.0f"),
        ("server CPU (% of one core)", percent(server_cpu, wall), ",.0f"),
        ("client CPU (% of one core)", percent(client_cpu, wall), ",.0f"),
        ("other processes (% of one core)", percent(others, wall), ",.0f"),
    ]


async def count_stored(
    http: httpx.AsyncClient, server: ls.Server, prefix: str, args: argparse.Namespace
) -> tuple[int, float]:
    """The ``events`` totalCount of the prefix, asked again until it reaches ``--events``
    (or ``--drain`` s passed: on PostgreSQL, readers do not see commits behind a
    transaction still running anywhere on the cluster), and how long that took."""
    started = time.perf_counter()
    while True:
        data = await ls.graphql(http, server.graphql_url, COUNT_EVENTS, {"p": prefix})
        waited = time.perf_counter() - started
        stored: int = data["events"]["totalCount"]
        if stored >= args.events or waited > args.drain:
            return stored, waited if stored >= args.events else float("nan")
        await asyncio.sleep(0.05)


# -- report -----------------------------------------------------------------------------------


def print_table(title: str, runs: list[list[Row]]) -> None:
    """One line per figure: its median over the runs, then each run's value."""
    print(f"\n{title}")
    print(f"{'':<48} {'median':>10}   runs")
    for i, (label, _, spec) in enumerate(runs[0]):
        values = [run[i][1] for run in runs]
        each = "  ".join(format(v, spec) for v in values) if len(values) > 1 else ""
        print(f"{label:<48} {format(statistics.median(values), spec):>10}   {each}")


async def repeat(
    args: argparse.Namespace, label: str, measure: Callable[[ls.Server, int], Any]
) -> list[list[Row]]:
    """``--repeat`` runs of ``measure``, each on a fresh server."""
    runs, name = [], "-".join(label.replace(",", "").split())
    for n in range(1, args.repeat + 1):
        async with running_server(args, f"{name}-{n}") as server:
            print(f"{label}, run {n}/{args.repeat}: server pid {server.process.pid}, "
                  f"load average {ls.load_average()} ...", flush=True)  # fmt: skip
            runs.append(await measure(server, n))
    return runs


def header(args: argparse.Namespace) -> list[str]:
    database = "PostgreSQL (a new database per server)" if args.database_url else "SQLite"
    return [
        f"flowql {__version__} live benchmark: {database}, broadcast "
        f"{args.broadcast_url or 'memory://'}; Python {sys.version.split()[0]}; "
        f"{os.cpu_count()} CPUs; load average at start {args.load_at_start}",
        f"every figure: median of {args.repeat} runs, each on a fresh server with "
        f"{args.workers} worker process{'es' if args.workers > 1 else ''}; websocket "
        f"compression {'on (permessage-deflate)' if args.compress else 'off'}",
    ]


async def main(args: argparse.Namespace) -> None:
    args.load_at_start = ls.load_average()
    results = []
    if args.subscribers > 0:

        async def one_fanout(server: ls.Server, n: int) -> list[Row]:
            return await fanout(args, server, profile_path(args, f"fanout-{n}"))

        runs = await repeat(args, "fan-out", one_fanout)
        title = (f"fan-out: {args.subscribers} subscribers on flowRunUpdates, writer at "
                 f"{args.rate:g} changes/s for {args.seconds:g} s, a run's steps "
                 f"{args.gap:g} s apart")  # fmt: skip
        results.append((title, runs))
    for batch in args.batch if args.events > 0 else []:

        async def one_ingest(server: ls.Server, n: int, batch: int = batch) -> list[Row]:
            return await ingest(args, server, batch, profile_path(args, f"ingest-{batch}-{n}"))

        runs = await repeat(args, f"ingest, batch {batch}", one_ingest)
        title = f"ingest: emitEvents, {batch} events per request, {args.clients} clients"
        results.append((title, runs))
    print()
    print("\n".join(header(args)))
    for title, runs in results:
        print_table(title, runs)
    print(f"\nload average at the end: {ls.load_average()}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark subscription fan-out and event ingest on a real flowql server.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = parser.add_argument
    add("--subscribers", type=int, default=500, help="websocket subscribers (0: skip fan-out)")
    add("--rate", type=float, default=200.0, help="flow run state changes per second")
    add("--seconds", type=float, default=20.0, help="how long the writer makes changes")
    add("--gap", type=float, default=1.0, help="seconds between a run's state changes")
    add("--in-flight", type=int, default=32, help="the writer's most requests at once")
    add("--drain", type=float, default=30.0, help="seconds to wait for late deliveries")
    add("--compress", action="store_true", help="negotiate permessage-deflate, as browsers do")
    add("--events", type=int, default=50_000, help="events to ingest per run (0: skip)")
    add("--batch", type=lambda s: [int(b) for b in s.split(",")], default=[100, 500],
        help="events per emitEvents request; several sizes: comma-separated")  # fmt: skip
    add("--clients", type=int, default=4, help="concurrent ingest HTTP clients")
    add("--repeat", type=int, default=3, help="runs of each measurement (the median is printed)")
    add("--database-url", help="PostgreSQL admin URL: each server gets a new database on it")
    add("--broadcast-url", help="FLOWQL_BROADCAST_URL of the server, e.g. redis://127.0.0.1:6379/0")
    add("--workers", type=int, default=1, help="server processes (flowql server start --workers)")
    add("--server-logs", metavar="DIR", help="keep each server's output in DIR")
    add("--py-spy", metavar="PREFIX", help="record the server with py-spy into PREFIX-*.txt")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.rate <= 0 or args.seconds <= 0 or min(args.batch) < 1:
        parser.error("--repeat, --rate, --seconds and --batch must be positive")
    if args.server_logs:
        Path(args.server_logs).mkdir(parents=True, exist_ok=True)
    return args


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
