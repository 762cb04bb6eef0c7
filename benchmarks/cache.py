"""Cached map: a 10,000-task ``.map`` with ``cache_policy=INPUTS``, run twice in two
fresh processes on one FLOWQL_HOME (embedded SQLite). The second run should be
all cache hits (COMPLETED/Cached, bodies not run); it prints both times and
the hit count.

    python benchmarks/cache.py [--tasks 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time

SCRIPT = """
import json, sys, time
from flowql import flow, task
from flowql.cache_policies import INPUTS

ran = []

@task(cache_policy=INPUTS)
def square(i):
    ran.append(i)
    return i * i

@flow
def cached_map(n):
    start = time.perf_counter()
    futures = square.map(range(n))
    states = [future.wait() or future.state for future in futures]
    elapsed = time.perf_counter() - start
    hits = sum(state.name == "Cached" for state in states)
    total = sum(state.result() for state in states)
    return {"seconds": elapsed, "hits": hits, "ran": len(ran), "total": total}

print(json.dumps(cached_map(int(sys.argv[1]))))
"""


def main() -> None:
    """Run the cached map twice and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10_000)
    tasks = parser.parse_args().tasks
    with tempfile.TemporaryDirectory() as home:
        script = os.path.join(home, "cached_map.py")
        with open(script, "w") as file:
            file.write(textwrap.dedent(SCRIPT))
        env = {**os.environ, "FLOWQL_HOME": home, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("FLOWQL_API_URL", None)
        for label in ("first run (computes)", "second run (cache hits)"):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, script, str(tasks)], env=env, capture_output=True, text=True
            )
            wall = time.perf_counter() - start
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{label:28} map {figures['seconds']:.2f} s, process {wall:.2f} s, "
                f"cache hits {figures['hits']} / {tasks}, bodies run {figures['ran']}"
            )


if __name__ == "__main__":
    main()
