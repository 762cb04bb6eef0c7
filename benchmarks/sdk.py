"""SDK speed: process start to a recorded flow, per-task overhead, map, many flows, RSS.

Each workload runs in a fresh subprocess on a fresh FLOWQL_HOME / PREFECT_HOME
(embedded SQLite; Prefect starts its ephemeral server), so import time and the
final flush are included. With ``--prefect-python PATH`` (a Python whose
environment has ``prefect``), the same workload source runs on Prefect with
smaller counts (``--prefect-tasks``, ``--prefect-flows``) and the figures are
compared per unit (ms per task, s per 1,000 mapped tasks, ms per flow run).

    python benchmarks/sdk.py [--tasks 10000] [--flows 1000] [--repeat 3]
        [--prefect-python PATH [--prefect-tasks 1000] [--prefect-flows 30]]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

PRELUDE = """
import json, os, resource, time
from {package} import __version__, flow, task
N_TASKS, N_FLOWS = {tasks}, {flows}
@task
def noop(i):
    return i
@flow
def tiny():
    return 1
"""

# Every workload but "trivial" first runs one tiny flow (which starts Prefect's server),
# so the per-unit figures leave start-up out; the "trivial" rows measure it.
WORKLOADS = {
    "trivial": "tiny()\nresult = {}\n",
    "sequential": """
        @flow
        def sequential(n):
            start = time.perf_counter()
            for i in range(n):
                noop(i)
            return time.perf_counter() - start
        tiny()
        total = time.perf_counter()
        inner = sequential(N_TASKS)
        result = {"task_ms": inner / N_TASKS * 1e3,
                  "call_ms": (time.perf_counter() - total) / N_TASKS * 1e3}
    """,
    "map": """
        @flow
        def mapped(n):
            noop.map(range(n)).wait()
        tiny()
        start = time.perf_counter()
        mapped(N_TASKS)
        result = {"map_s_1000": (time.perf_counter() - start) / N_TASKS * 1e3}
    """,
    "flows": """
        tiny()
        start = time.perf_counter()
        for _ in range(N_FLOWS):
            tiny()
        result = {"flow_ms": (time.perf_counter() - start) / N_FLOWS * 1e3}
    """,
}

EPILOGUE = """
result["version"] = __version__
result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
open(os.path.join(os.environ["BENCH_DIR"], "measured"), "w").close()  # RSS polling stops
"""

# Sequential workload, after the measured part: the task runs the API has as the flow returns.
COUNT = """
try:
    from {package}.client.orchestration import get_client
    with get_client(sync_client=True) as client:
        result["recorded"] = "%d / %d" % ({count}, N_TASKS)
except Exception as error:
    result["recorded"] = repr(error)[:40]
"""
COUNTERS = {
    "flowql": "len(client.read_task_runs())",
    "prefect": 'client.request("POST", "/task_runs/count", json={}).json()',
}

# (row, the workload(s) it comes from, key in their results; the max if several)
ROWS = [
    ("sequential task overhead inside the flow (ms/task)", ("sequential",), "task_ms"),
    ("sequential flow call incl. flowql's final flush (ms/task)", ("sequential",), "call_ms"),
    ("map over no-ops then wait (s per 1,000 tasks)", ("map",), "map_s_1000"),
    ("sequential trivial flow runs (ms/flow run)", ("flows",), "flow_ms"),
    ("peak RSS, the flow process alone, seq/map (MB)", ("sequential", "map"), "rss_mb"),
    ("peak RSS, sum over the process tree, seq/map (MB)", ("sequential", "map"), "tree_rss_mb"),
    ("sequential: task runs recorded when the flow returned", ("sequential",), "recorded"),
    ("sequential: task runs in the db after exit", ("sequential",), "stored"),
    ("map: task runs in the db after exit", ("map",), "stored"),
    ("flows: flow runs in the db after exit (+1 warm-up)", ("flows",), "stored"),
]  # fmt: skip


def source(package: str, workload: str, tasks: int, flows: int) -> str:
    code = PRELUDE.format(package=package, tasks=tasks, flows=flows)
    code += textwrap.dedent(WORKLOADS[workload]) + EPILOGUE
    if workload == "sequential":
        code += COUNT.format(package=package, count=COUNTERS[package])
    return code + 'print("RESULT " + json.dumps(result))\n'


def tree_peaks(pid: int, peaks: dict[int, int]) -> None:
    """Raise ``peaks[p]`` to VmHWM (peak RSS, kB) of ``pid`` and each of its descendants."""
    stack = [pid]
    while stack:
        pid = stack.pop()
        proc = Path(f"/proc/{pid}")
        try:
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]))
            for thread in (proc / "task").iterdir():
                stack += map(int, (thread / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue


def poll_peaks(proc: subprocess.Popen[bytes], marker: Path, peaks: dict[int, int]) -> None:
    """Poll the tree's peak RSS every 50 ms until the workload writes ``marker``."""
    while proc.poll() is None and not marker.exists():
        tree_peaks(proc.pid, peaks)
        time.sleep(0.05)


def execute(python: str, code: str, env: dict[str, str], home: Path, timeout: float) -> dict:
    """Run ``code``: its RESULT, wall time and the process's peak RSS plus its children's
    (sampled every 50 ms), or {"error": stderr tail}."""
    with open(home / "out", "w+") as out, open(home / "err", "w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([python, "-c", code], env=env, stdout=out, stderr=err,
                                start_new_session=True)  # fmt: skip
        peaks: dict[int, int] = {}
        poller = threading.Thread(target=poll_peaks, args=(proc, home / "measured", peaks))
        poller.start()
        with contextlib.suppress(subprocess.TimeoutExpired):
            try:
                proc.wait(timeout)
            finally:  # timed out, interrupted, or left a server behind: end its session
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        wall = time.perf_counter() - started
        poller.join()
        out.seek(0), err.seek(0)
        lines = [line for line in out.read().splitlines() if line.startswith("RESULT ")]
        if proc.returncode != 0 or not lines:
            return {"error": f"exit code {proc.returncode}\n{err.read()[-2000:]}"}
    result = json.loads(lines[-1][7:])
    children = sum(peak for pid, peak in peaks.items() if pid != proc.pid) / 1024
    return {**result, "wall_s": wall, "tree_rss_mb": result["rss_mb"] + children}


def stored(database: Path, table: str) -> int | str:
    """Rows in ``table`` of the SQLite file ``database``, after the process ended."""
    try:
        with contextlib.closing(sqlite3.connect(database)) as db:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.Error as error:
        return f"({error})"


def run(python: str, package: str, workload: str, counts: tuple[int, int], args, warm=False):
    """``workload`` in a fresh process on a fresh home (``warm``: a home whose database
    an earlier process already created, the usual case). None, reported, if it failed."""
    tasks, flows = counts
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FLOWQL_", "PREFECT_"))}
        env |= {"FLOWQL_HOME": tmp, "PREFECT_HOME": tmp, "BENCH_DIR": tmp}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what users get: cached bytecode
        code = source(package, workload, tasks, flows)
        if warm:
            execute(python, code, env, home, args.timeout)
            (home / "measured").unlink(missing_ok=True)
        result = execute(python, code, env, home, args.timeout)
        table, expected = ("flow_run", flows + 1) if workload == "flows" else ("task_run", tasks)
        result["stored"] = f"{stored(home / f'{package}.db', table)} / {expected}"
    if "error" in result:
        print(f"!! {package} {workload} failed, its rows are n/a: {result['error']}\n")
        return None
    return result


def measure(python: str, package: str, counts: tuple[int, int], args) -> dict[str, object]:
    """Every row's figure; None where its workload failed."""

    def median(warm: bool) -> float | None:
        values = [run(python, package, "trivial", counts, args, warm) for _ in range(args.repeat)]
        walls = [value["wall_s"] for value in values if value]
        return statistics.median(walls) if len(walls) == len(values) else None

    names = ("sequential", "map", "flows")
    results = {name: [run(python, package, name, counts, args) for _ in range(args.repeat)]
               for name in names}  # fmt: skip
    first = results["sequential"][0] or {}
    figures: dict[str, object] = {
        "version": first.get("version"),
        "start to trivial flow recorded (s)": median(warm=True),
        "same, first run on a new home (creates the db) (s)": median(warm=False),
    }
    for row, workloads, key in ROWS:
        figures[row] = combine(
            [[rep[key] for rep in results[name] if rep] for name in workloads],
            complete=all(all(results[name]) for name in workloads),
        )
    return figures


def combine(per_workload: list[list[object]], complete: bool) -> object:
    """One row's figure: per workload the median over the repeats (numbers) or every
    distinct answer (counts, so a repeat that lost runs shows); the largest workload."""
    if not complete:
        return None
    figures: list[object] = []
    for values in per_workload:
        if all(isinstance(value, int | float) for value in values):
            figures.append(float(statistics.median(values)))  # type: ignore[arg-type]
        else:
            figures.append(" | ".join(dict.fromkeys(map(str, values))))
    return max(figures) if all(isinstance(f, float) for f in figures) else figures[0]


def cell(value: object) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def report(ours: dict[str, object], theirs: dict[str, object] | None) -> None:
    width = max(map(len, ours))
    header = f"{'workload':<{width}}  {'flowql':>13}"
    print(header + (f"  {'prefect':>13}  ratio" if theirs else ""))
    for name, value in ours.items():
        line = f"{name:<{width}}  {cell(value):>13}"
        if theirs is not None:
            other = theirs[name]
            numbers = isinstance(value, float) and isinstance(other, float) and value > 0
            line += f"  {cell(other):>13}  " + (f"{other / value:.1f}x" if numbers else "")
        print(line.rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="flowql tasks per workload")
    parser.add_argument("--flows", type=int, default=1_000, help="flowql flow runs")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each workload (median)")
    parser.add_argument("--prefect-python", help="a Python with prefect installed")
    parser.add_argument("--prefect-tasks", type=int, default=1_000, help="Prefect's tasks")
    parser.add_argument("--prefect-flows", type=int, default=30, help="Prefect's flow runs")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per process")
    args = parser.parse_args()
    if args.prefect_python and not os.access(args.prefect_python, os.X_OK):
        parser.error(f"--prefect-python: {args.prefect_python} is not executable")
    ours = measure(sys.executable, "flowql", (args.tasks, args.flows), args)
    theirs = None
    if args.prefect_python:
        counts = (args.prefect_tasks, args.prefect_flows)
        theirs = measure(args.prefect_python, "prefect", counts, args)
    print(f"\nflowql: {args.tasks} tasks, {args.flows} flow runs", end="")
    if theirs:
        print(f"; prefect: {args.prefect_tasks} tasks, {args.prefect_flows} flow runs", end="")
        print("; ratio = prefect / flowql (higher: flowql faster or smaller)", end="")
    print(f"; each figure: median of {args.repeat} runs\n")
    report(ours, theirs)


if __name__ == "__main__":
    main()
