"""SDK speed: process start to a recorded flow, per-task overhead, map, many flows, RSS.

Each workload runs in a fresh subprocess on a fresh FLOWQL_HOME (embedded
SQLite), so import time and the final flush are included. With
``--prefect-python PATH`` (a Python whose environment has ``prefect``), the
same workloads run on Prefect too and the ratios are printed.

    python benchmarks/sdk.py [--tasks 10000] [--flows 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

WORKLOADS = {
    "trivial": """
        @flow
        def trivial():
            return 1
        trivial()
        result = {}
    """,
    "sequential": """
        @task
        def noop(i):
            return i
        @flow
        def sequential(n):
            start = time.perf_counter()
            for i in range(n):
                noop(i)
            return time.perf_counter() - start
        total = time.perf_counter()
        inner = sequential(N_TASKS)
        result = {"inner_s": inner, "per_task_ms": inner / N_TASKS * 1e3,
                  "flow_call_s": time.perf_counter() - total}
    """,
    "map": """
        @task
        def noop(i):
            return i
        @flow
        def mapped(n):
            noop.map(range(n)).wait()
        start = time.perf_counter()
        mapped(N_TASKS)
        result = {"map_s": time.perf_counter() - start}
    """,
    "flows": """
        @flow
        def tiny():
            return 1
        start = time.perf_counter()
        for _ in range(N_FLOWS):
            tiny()
        result = {"flows_s": time.perf_counter() - start}
    """,
}

PRELUDE = """
import json, resource, sys, time
START = time.perf_counter()
from {package} import flow, task
N_TASKS, N_FLOWS = {tasks}, {flows}
"""

EPILOGUE = """
result["process_s"] = time.perf_counter() - START
result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT " + json.dumps(result))
"""


def run(
    python: str, package: str, workload: str, tasks: int, flows: int, *, warm: bool = False
) -> dict[str, float]:
    """Run ``workload`` in a fresh process on a fresh home; ``warm``: on a home whose
    database an earlier process already created (the usual case after the first run)."""
    source = PRELUDE.format(package=package, tasks=tasks, flows=flows)
    source += textwrap.dedent(WORKLOADS[workload]) + EPILOGUE
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "FLOWQL_HOME": home, "PREFECT_HOME": home}
        env.pop("FLOWQL_API_URL", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what users get: cached bytecode
        if warm:
            subprocess.run([python, "-c", source], env=env, capture_output=True, check=False)
        started = _now()
        done = subprocess.run(
            [python, "-c", source], env=env, capture_output=True, text=True, check=False
        )
        wall = _now() - started
    if done.returncode != 0:
        raise SystemExit(f"{package} {workload} failed:\n{done.stderr[-2000:]}")
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    return {**json.loads(line[7:]), "wall_s": wall}


def _now() -> float:
    import time

    return time.perf_counter()


def measure(python: str, package: str, args: argparse.Namespace) -> dict[str, float]:
    def median(workload: str, key: str, warm: bool = False) -> float:
        values = [run(python, package, workload, args.tasks, args.flows, warm=warm)[key]
                  for _ in range(args.repeat)]  # fmt: skip
        return statistics.median(values)

    sequential = run(python, package, "sequential", args.tasks, args.flows)
    mapped = run(python, package, "map", args.tasks, args.flows)
    return {
        "start to trivial flow recorded (s)": median("trivial", "wall_s", warm=True),
        "same, first run on a new home (creates the db) (s)": median("trivial", "wall_s"),
        f"sequential task overhead (ms/task, {args.tasks})": sequential["per_task_ms"],
        f"sequential flow call incl. final flush (s, {args.tasks})": sequential["flow_call_s"],
        f"map over {args.tasks} no-ops then wait (s)": mapped["map_s"],
        f"{args.flows} sequential trivial flows (s)": run(
            python, package, "flows", args.tasks, args.flows
        )["flows_s"],
        f"peak RSS, {args.tasks}-task flow (MB)": max(sequential["rss_mb"], mapped["rss_mb"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--flows", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--prefect-python", help="Python with prefect installed")
    args = parser.parse_args()
    ours = measure(sys.executable, "flowql", args)
    theirs = measure(args.prefect_python, "prefect", args) if args.prefect_python else None
    width = max(map(len, ours))
    print(f"{'workload':<{width}}  {'flowql':>10}" + ("  prefect    ratio" if theirs else ""))
    for name, value in ours.items():
        line = f"{name:<{width}}  {value:>10.3f}"
        if theirs:
            line += f"  {theirs[name]:>7.3f}  {theirs[name] / value:>6.1f}x"
        print(line)


if __name__ == "__main__":
    main()
