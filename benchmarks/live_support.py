"""The pieces of ``live.py``: a flowql server subprocess, CPU clocks, the writer, subscribers.

The writer runs in a process of its own (``write_changes``, started with
``multiprocessing``'s spawn) so that its HTTP work does not delay the
subscribers' clock readings; the subscribers are raw ``websockets``
connections speaking graphql-transport-ws in the benchmark's own process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from array import array
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
from sqlalchemy.engine import make_url
from websockets.asyncio.client import ClientConnection, connect

CREATE_FLOW = "mutation($n: String!) { createFlow(input: {name: $n}) { flow { id } } }"
CREATE_FLOW_RUN = """mutation($f: UUID!) {
  createFlowRun(input: {flowId: $f}) { flowRun { id } errors { message } } }"""
SET_FLOW_RUN_STATE = """mutation($id: UUID!, $t: StateType!) {
  setFlowRunState(input: {flowRunId: $id, state: {type: $t}}) { status reason } }"""
FLOW_RUN_UPDATES = (
    'subscription { flowRunUpdates(after: "HEAD") { flowRuns { id stateType updated } } }'
)
STEPS = ("PENDING", "RUNNING", "COMPLETED")
"""Each flow run of the writer: created (PENDING), then RUNNING, then COMPLETED."""
STEP_OF = {name: step for step, name in enumerate(STEPS)}
Change = tuple[str, int]
"""(flow run id, step): one state change."""


# -- the server -------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    @property
    def ws_url(self) -> str:
        return self.graphql_url.replace("http://", "ws://")

    def stats(self) -> dict[str, Any]:
        """``GET /stats``: websockets, bus counters, rss_bytes and peak_rss_bytes."""
        answer: dict[str, Any] = httpx.get(f"{self.url}/stats", timeout=30).json()
        return answer

    def cpu_seconds(self) -> float:
        """CPU time of the server and its worker processes (``--workers``)."""
        return sum(process_cpu_seconds(pid) for pid in process_tree(self.process.pid))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def flowql_server(home: Path, env: dict[str, str], keep_log: Path | None) -> Iterator[Server]:
    """``python -m flowql server start`` on a free port with ``FLOWQL_HOME=home``; its
    output is copied to ``keep_log`` (if given) when it has stopped."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("FLOWQL_")}
    full_env.update({"FLOWQL_HOME": str(home), **env})
    command = [sys.executable, "-m", "flowql", "server", "start", "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    log_path = home / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        server = Server(f"http://127.0.0.1:{port}", process)
        try:
            _wait_healthy(server, log_path)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if keep_log is not None:
                shutil.copy(log_path, keep_log)


def _wait_healthy(server: Server, log_path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log_path.read_text()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(f"the server is not healthy after {timeout} s:\n{log_path.read_text()}")


@contextlib.asynccontextmanager
async def postgres_database(admin_url: str) -> AsyncIterator[str]:
    """A new database on the server of ``admin_url``, dropped afterwards; yields its URL."""
    admin = make_url(admin_url)
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"flowql_bench_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@contextlib.contextmanager
def py_spy(pid: int, output: Path | None) -> Iterator[None]:
    """Sample ``pid`` with py-spy while the block runs: collapsed stacks of the thread
    holding the GIL (Python CPU time; SQLite runs without it) in ``output``."""
    if output is None:
        yield
        return
    executable = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    command = [executable, "record", "--pid", str(pid), "--format", "raw", "--gil", "--nonblocking",
               "--subprocesses", "--output", str(output)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


# -- clocks -----------------------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux ``/proc``)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """``pid`` and its child processes (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
        children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, []))
    return tree


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_busy_seconds() -> float:
    """CPU seconds all CPUs spent busy since boot (``/proc/stat``: not idle, not iowait)."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


# -- GraphQL over HTTP ------------------------------------------------------------------------


async def graphql(http: httpx.AsyncClient, url: str, query: str, variables: dict[str, Any]) -> Any:
    answer = (await http.post(url, json={"query": query, "variables": variables})).json()
    if answer.get("errors"):
        raise RuntimeError(f"GraphQL errors: {answer['errors']}")
    return answer["data"]


async def create_flow(url: str, name: str) -> str:
    async with httpx.AsyncClient(timeout=60) as http:
        data = await graphql(http, url, CREATE_FLOW, {"n": name})
    return str(data["createFlow"]["flow"]["id"])


# -- the writer (its own process) -------------------------------------------------------------


def write_changes(url: str, flow_id: str, args: dict[str, float], conn: Connection) -> None:
    """Process entry: make the changes (``args``: rate, seconds, gap, in_flight), then send
    the result dict through ``conn``."""
    result = asyncio.run(_write(url, flow_id, **args))
    result["cpu_seconds"] = own_cpu_seconds()
    conn.send(result)
    conn.close()


def schedule(rate: float, seconds: float, gap: float) -> list[tuple[float, int, int]]:
    """(offset in s, run index, step): a new run every 3 / rate s, its steps ``gap`` s apart,
    so that changes come at ``rate`` per second (lower in the first and last 2 * gap s)."""
    runs = max(1, round(rate * seconds / len(STEPS)))
    interval = len(STEPS) / rate
    plan = [(k * interval + step * gap, k, step) for k in range(runs) for step in range(3)]
    return sorted(plan)


async def _write(
    url: str, flow_id: str, rate: float, seconds: float, gap: float, in_flight: float
) -> dict[str, Any]:
    """Open loop on the schedule, with at most ``in_flight`` requests waiting: when the
    server falls behind, changes come late, and those not sent by the schedule's end
    plus ``gap`` are dropped (``unsent``)."""
    loop = asyncio.get_running_loop()
    plan = schedule(rate, seconds, gap)
    run_ids = [loop.create_future() for _ in range(len(plan) // len(STEPS))]
    changes: list[tuple[str, int, float, float]] = []
    failures: list[str] = []
    slots = asyncio.Semaphore(int(in_flight))

    async def change(http: httpx.AsyncClient, k: int, step: int) -> None:
        try:
            sent = time.time()
            run_id = await _propose(http, url, flow_id, run_ids[k], step)
            changes.append((run_id, step, sent, time.time()))
        except Exception as error:  # counted and reported, the others go on
            failures.append(f"{STEPS[step]}: {error!r}"[:300])
        finally:
            slots.release()

    limits = httpx.Limits(max_connections=int(in_flight), max_keepalive_connections=None)
    async with httpx.AsyncClient(timeout=300, limits=limits) as http:
        started = time.perf_counter()
        deadline, tasks = started + plan[-1][0] + gap, []
        for offset, k, step in plan:
            await asyncio.sleep(max(0.0, started + offset - time.perf_counter()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(slots.acquire(), deadline - time.perf_counter())
            if time.perf_counter() >= deadline:
                break
            tasks.append(asyncio.create_task(change(http, k, step)))
        await asyncio.gather(*tasks)
    unsent = len(plan) - len(tasks)
    return {"changes": changes, "failures": failures, "unsent": unsent}


async def _propose(
    http: httpx.AsyncClient, url: str, flow_id: str, run_id: asyncio.Future[str], step: int
) -> str:
    """Create the run (step 0) or move it to ``STEPS[step]``; returns the run's id."""
    if step == 0:
        try:
            data = await graphql(http, url, CREATE_FLOW_RUN, {"f": flow_id})
            payload = data["createFlowRun"]
            if payload["errors"] or payload["flowRun"] is None:
                raise RuntimeError(f"createFlowRun: {payload['errors']}")
            run_id.set_result(payload["flowRun"]["id"])
        except Exception as error:
            run_id.set_exception(error)
            raise
        return run_id.result()
    flow_run_id = await asyncio.shield(run_id)
    variables = {"id": flow_run_id, "t": STEPS[step]}
    payload = (await graphql(http, url, SET_FLOW_RUN_STATE, variables))["setFlowRunState"]
    if payload["status"] != "ACCEPT":
        raise RuntimeError(f"setFlowRunState {STEPS[step]}: {payload}")
    return flow_run_id


# -- the subscribers --------------------------------------------------------------------------


@dataclass
class Tally:
    """What the subscribers received: arrival times per change, and anomalies."""

    arrivals: dict[Change, array[float]] = field(default_factory=dict)
    """Wall-clock time each subscriber first learned of the change."""
    updated: dict[Change, str] = field(default_factory=dict)
    """The run's ``updated`` (set by the server in the writing transaction) in that state."""
    superseded: int = 0
    """Changes a subscriber learned of only by seeing the run in a later state."""
    repeats: int = 0
    """A run sent again in a state the subscriber had already seen (not an error)."""
    messages: int = 0
    errors: list[str] = field(default_factory=list)

    def take(self, runs: list[dict[str, Any]], now: float, seen: dict[str, int]) -> None:
        """Record one message's runs for the subscriber whose last state per run is ``seen``."""
        self.messages += 1
        for run in runs:
            run_id, step = run["id"], STEP_OF.get(run["stateType"], -1)
            last = seen.get(run_id, -1)
            if step <= last:
                self.repeats += 1
                continue
            seen[run_id] = step
            self.updated.setdefault((run_id, step), run["updated"])
            for earlier in range(last + 1, step + 1):
                self.arrivals.setdefault((run_id, earlier), array("d")).append(now)
            self.superseded += step - last - 1

    def received(self, changes: list[Change]) -> int:
        """Deliveries of ``changes`` so far, over all subscribers."""
        return sum(len(self.arrivals.get(change, ())) for change in changes)

    def commit_time(self, change: Change) -> float | None:
        text = self.updated.get(change)
        return None if text is None else datetime.fromisoformat(text).timestamp()


async def subscribe(
    url: str, tally: Tally, on_subscribed: Callable[[], None], compress: bool
) -> None:
    """One graphql-transport-ws subscriber to ``flowRunUpdates``, until cancelled."""
    async with connect(
        url,
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        compression="deflate" if compress else None,
        max_size=None,
        open_timeout=120,
    ) as ws:
        await ws.send('{"type":"connection_init"}')
        if json.loads(await ws.recv())["type"] != "connection_ack":
            raise RuntimeError("no connection_ack")
        subscribe_message = {"id": "1", "type": "subscribe"}
        await ws.send(json.dumps({**subscribe_message, "payload": {"query": FLOW_RUN_UPDATES}}))
        await _next(ws)  # the (empty) history page: subscribed from here on
        on_subscribed()
        seen: dict[str, int] = {}
        while True:
            data = await _next(ws)
            tally.take(data["flowRunUpdates"]["flowRuns"], time.time(), seen)


async def _next(ws: ClientConnection) -> dict[str, Any]:
    """The data of the next ``next`` message (pings answered; errors raised)."""
    while True:
        message = json.loads(await ws.recv())
        kind = message["type"]
        if kind == "next" and "errors" not in message["payload"]:
            data: dict[str, Any] = message["payload"]["data"]
            return data
        if kind == "ping":
            await ws.send('{"type":"pong"}')
        elif kind != "pong":
            raise RuntimeError(f"subscription message: {str(message)[:300]}")


async def open_subscribers(
    url: str, count: int, tally: Tally, *, compress: bool, parallel: int = 50
) -> list[asyncio.Task[None]]:
    """Start ``count`` subscribers (``parallel`` handshakes at a time); return once each
    is subscribed or has failed (failures go to ``tally.errors``)."""
    gate = asyncio.Semaphore(parallel)
    settled, all_settled = 0, asyncio.Event()

    async def one() -> None:
        nonlocal settled
        subscribed = asyncio.Event()
        task = asyncio.ensure_future(subscribe(url, tally, subscribed.set, compress))
        try:
            async with gate:
                waiter = asyncio.ensure_future(subscribed.wait())
                await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
            settled += 1
            if settled == count:
                all_settled.set()
            await task
        except Exception as error:
            tally.errors.append(f"subscriber: {error!r}"[:300])
        finally:
            task.cancel()

    tasks = [asyncio.create_task(one()) for _ in range(count)]
    await all_settled.wait()
    return tasks
