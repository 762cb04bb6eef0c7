"""Benchmark the UI's flow runs page on a real server with 10,000 flow runs.

Builds a fresh SQLite home with ``bench_data`` (core inserts, no server), starts
``python -m flowql server start`` on it, opens ``/runs`` in Debian's headless
chromium (Playwright, the flags of ``tests/ui/browser.py``) and prints:

* first contentful paint (the Performance API's paint entry) and time to
  interactive: until the first page of runs is rendered with its total and the
  search field is enabled, measured in the page (``performance.now()`` on the
  animation frame that sees it), from navigation start; median of ``--loads``
  fresh browser contexts (cold HTTP cache each time);
* live update latency: a run's state is changed through the API
  (``setFlowRunState``, force) and a MutationObserver in the page notes when
  its row's badge shows the new state; from just before the HTTP request to
  that DOM change, one machine and one clock; median and max of ``--changes``.

Numbers only, no assertions. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import bench_data
import httpx
import live_support as ls

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.ui.browser import CHROMIUM, FLAGS, UI_DIST  # noqa: E402

from flowql.db.database import Database  # noqa: E402

SET_STATE = """mutation($id: UUID!, $t: StateType!) {
  setFlowRunState(input: {flowRunId: $id, state: {type: $t}, force: true}) { status } }"""

# Resolves (on an animation frame) once the table and the total are shown and the
# search field can be typed in; the value is ms since navigation start.
INTERACTIVE = """() => {
  const rows = document.querySelectorAll('table.runs tbody tr').length;
  const total = document.querySelector('[data-testid="runs-total"]');
  const search = document.querySelector('input[type="search"]');
  const ready = rows > 0 && total !== null && search !== null && !search.disabled;
  return ready ? performance.now() : false;
}"""

# Stored on window, not returned: Playwright would wait for a returned promise.
WATCH = """([id, state]) => { window.__seen = new Promise((resolve) => {
  const badge = `tr[data-run-id="${id}"] .state-badge[data-state="${state}"]`;
  const seen = () => document.querySelector(badge);
  if (seen()) return resolve(Date.now());
  const observer = new MutationObserver(() => {
    if (seen()) { observer.disconnect(); resolve(Date.now()); }
  });
  const all = { subtree: true, childList: true, attributes: true, characterData: true };
  observer.observe(document.body, all);
  setTimeout(() => { observer.disconnect(); resolve(NaN); }, 15000);
}); }"""


async def build(home: Path, flow_runs: int) -> float:
    db = Database(f"sqlite:///{home / 'flowql.db'}")
    started = time.perf_counter()
    try:
        await bench_data.build(db, bench_data.Size(flows=20, flow_runs=flow_runs, task_runs=0))
    finally:
        await db.dispose()
    return time.perf_counter() - started


def measure_loads(browser: Any, url: str, loads: int) -> tuple[list[float], list[float], str]:
    paints, interactive, total = [], [], ""
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(f"{url}/runs")
        interactive.append(
            float(page.wait_for_function(INTERACTIVE, polling="raf", timeout=60_000).json_value())
        )
        paints.append(
            float(page.evaluate(
                "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN"
            ))
        )  # fmt: skip
        total = page.locator('[data-testid="runs-total"]').inner_text()
        context.close()
    return paints, interactive, total


def measure_changes(browser: Any, url: str, changes: int) -> list[float]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{url}/runs")
    page.locator('.connection[data-status="live"]').wait_for(timeout=30_000)
    page.wait_for_function(INTERACTIVE, polling="raf", timeout=60_000)
    run_id = page.locator("table.runs tbody tr").nth(3).get_attribute("data-run-id")
    latencies = []
    with httpx.Client(timeout=30) as client:
        for i in range(changes):
            state = ("FAILED", "COMPLETED")[i % 2]
            page.evaluate(WATCH, [run_id, state])
            sent = time.time() * 1000
            response = client.post(
                f"{url}/graphql", json={"query": SET_STATE, "variables": {"id": run_id, "t": state}}
            )
            response.raise_for_status()
            seen = float(page.evaluate("window.__seen"))
            if seen != seen:  # NaN: not seen within 15 s
                sys.exit(f"the change to {state} did not reach the page within 15 s")
            latencies.append(seen - sent)
            time.sleep(0.3)
    context.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--flow-runs", type=int, default=10_000)
    parser.add_argument("--loads", type=int, default=5, help="page loads to take the median of")
    parser.add_argument(
        "--changes", type=int, default=9, help="state changes to take the median of"
    )
    args = parser.parse_args()
    if CHROMIUM is None or not (UI_DIST / "index.html").is_file():
        sys.exit("needs Debian's chromium and the UI build (make ui)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="flowql-ui-bench-") as tmp:
        home = Path(tmp)
        print(f"building {args.flow_runs:,} flow runs ...")
        seconds = asyncio.run(build(home, args.flow_runs))
        print(f"built in {seconds:.1f} s")
        with ls.flowql_server(home, {}, None) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=FLAGS, headless=True
            )
            try:
                measure_loads(browser, server.url, 1)  # warm the server's caches and the OS's
                paints, interactive, total = measure_loads(browser, server.url, args.loads)
                latencies = measure_changes(browser, server.url, args.changes)
            finally:
                browser.close()
    median = statistics.median
    print(f"\nflowql UI benchmark: /runs with {total} (first page of 50), headless chromium")
    print(f"first contentful paint   median {median(paints):6.0f} ms   (of {len(paints)} loads)")
    print(
        f"interactive              median {median(interactive):6.0f} ms   "
        f"max {max(interactive):.0f} ms"
    )
    print(
        f"state change -> DOM      median {median(latencies):6.0f} ms   "
        f"max {max(latencies):.0f} ms   (of {len(latencies)} changes)"
    )


if __name__ == "__main__":
    main()
