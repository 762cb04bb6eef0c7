"""The flow run and task run detail pages in headless chromium against a real
server: a run started by another process streams its logs and turns Completed
on its open page without a reload; a task run's page shows its own lines; and
a run with 2,000 task runs renders a virtualized list that stays responsive."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.servers import LiveServer, restartable_server
from tests.ui.browser import requires_browser, screenshot

pytestmark = requires_browser

# The flow waits for the test to open its page (a file appears), so what the
# page shows afterwards can only have come live.
STREAMING_FLOW = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from flowql import flow, get_run_logger, task
    from flowql.artifacts import create_markdown_artifact

    GO = Path(sys.argv[1])

    @task(persist_result=True, result_serializer="json")
    def step(i: int) -> int:
        get_run_logger().info("step %d says hello", i)
        time.sleep(0.2)
        return i * 10

    @flow(name="detail-child")
    def child() -> None:
        get_run_logger().info("the child ran")

    @flow(name=sys.argv[2], persist_result=True, result_serializer="json")
    def streaming(count: int = 3) -> int:
        logger = get_run_logger()
        for i in range(150):  # more than the log view shows: new lines only show if it follows them
            logger.info("filler line %d", i)
        logger.info("waiting for the page")
        deadline = time.monotonic() + 60
        while not GO.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        total = sum(step(i) for i in range(count))
        child()
        create_markdown_artifact("# Report", key="detail-report", description="The steps' report")
        logger.warning("all steps done, total %d", total)
        return total

    streaming()
    """
)

MANY_TASKS_FLOW = textwrap.dedent(
    """
    import sys
    from flowql import flow, task

    @task
    def noop(i: int) -> None:
        return None

    @flow(name=sys.argv[1])
    def many() -> int:
        futures = noop.map(range(2000))
        futures.wait()
        return len(futures)

    many()
    """
)


def graphql(server: LiveServer, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        server.graphql_url, json={"query": query, "variables": variables}, timeout=10
    )
    response.raise_for_status()
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def find_run(server: LiveServer, flow_name: str, timeout: float = 30) -> str:
    query = (
        "query($name: String!) { flowRuns(first: 1, filter: {flow: {name: {any: [$name]}}})"
        " { edges { node { id } } } }"
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        edges = graphql(server, query, name=flow_name)["flowRuns"]["edges"]
        if edges:
            return str(edges[0]["node"]["id"])
        time.sleep(0.1)
    raise AssertionError(f"no run of {flow_name} appeared within {timeout} s")


def start_flow(
    server: LiveServer, tmp_path: Path, source: str, *args: str
) -> subprocess.Popen[bytes]:
    script = tmp_path / "detail_flow.py"
    script.write_text(source)
    env = {**server.env}
    env.pop("FLOWQL_API_URL", None)  # embedded mode on the server's database
    return subprocess.Popen([sys.executable, str(script), *args], env=env, cwd=os.getcwd())


def test_logs_stream_and_the_state_turns_completed_live(
    page: Any, server: LiveServer, tmp_path: Path
) -> None:
    name = f"detail-{uuid.uuid4().hex[:8]}"
    go = tmp_path / "go"
    flow = start_flow(server, tmp_path, STREAMING_FLOW, str(go), name)
    try:
        run_id = find_run(server, name)
        page.goto(f"{server.url}/runs/{run_id}/logs")
        sections = page.get_by_role("navigation", name="Flow run sections")
        page.locator('.connection[data-status="live"]').wait_for(timeout=15_000)
        header = page.locator(".run-header")
        header.get_by_role("link", name=name).wait_for(timeout=15_000)  # the flow, in the crumbs
        header.locator('.state-badge[data-state="RUNNING"]').wait_for(timeout=15_000)
        log = page.locator(".log-scroll")
        log.get_by_text("waiting for the page").wait_for(timeout=15_000)
        assert log.get_by_text("step 0 says hello").count() == 0
        page.evaluate("window.__notReloaded = true")
        go.touch()

        log.get_by_text("all steps done, total 30").wait_for(timeout=20_000)
        header.locator('.state-badge[data-state="COMPLETED"]').wait_for(timeout=20_000)
        # The task runs were created after the page loaded: they came live.
        task_count = sections.get_by_role("link", name="Task runs").locator(".tab-count")
        page.wait_for_function(
            "el => el.textContent === '4'", arg=task_count.element_handle(), timeout=10_000
        )
        assert flow.wait(timeout=30) == 0
    finally:
        if flow.poll() is None:
            flow.kill()
    assert page.evaluate("window.__notReloaded") is True
    for i in range(3):
        assert page.get_by_text(f"step {i} says hello").count() == 1
    # Scrolling up stops following; the button resumes it.
    log.evaluate("el => { el.scrollTop = 0; }")
    follow = page.get_by_role("button", name="Follow new lines ↓")
    follow.wait_for(timeout=5_000)
    log.get_by_text("filler line 0", exact=True).wait_for()
    assert (
        log.get_by_text("all steps done").count() == 0
    )  # virtualized: far rows are not in the DOM
    follow.click()
    log.get_by_text("all steps done, total 30").wait_for(timeout=5_000)
    assert follow.count() == 0
    stored = graphql(
        server, "query($id: UUID!) { flowRun(id: $id) { logs { totalCount } } }", id=run_id
    )
    total = stored["flowRun"]["logs"]["totalCount"]
    assert sections.get_by_role("link", name="Logs").locator(".tab-count").inner_text() == str(
        total
    )
    screenshot(page, "run-flow-run-logs")

    # Level filter and search work on the client.
    page.get_by_label("Level").select_option("30")
    log.get_by_text("all steps done").wait_for()
    assert log.get_by_text("says hello").count() == 0
    page.get_by_label("Level").select_option("0")
    page.get_by_label("Search").fill("STEP 1 SAYS")
    page.get_by_test_id("log-count").get_by_text(f"1 of {total} lines").wait_for()

    sections.get_by_role("link", name="Result").click()
    page.locator(".result").get_by_text("30").first.wait_for()
    sections.get_by_role("link", name="State history").click()
    page.locator(".state-history li").nth(2).wait_for()  # Pending, Running, Completed
    assert page.locator(".state-history .state-badge").all_inner_texts()[-1] == "Completed"
    sections.get_by_role("link", name="Artifacts").click()
    artifact = page.get_by_role("link", name="detail-report")
    artifact.wait_for(timeout=10_000)
    assert (artifact.get_attribute("href") or "").startswith("/artifacts/")
    sections.get_by_role("link", name="Parameters").click()
    page.locator(".json-fields").get_by_text("count").wait_for()

    sections.get_by_role("link", name="Task runs").click()
    rows = page.locator(".task-row[data-task-run-id]")
    rows.nth(3).wait_for()
    assert rows.count() == 4  # three tasks and the subflow call
    assert page.locator('.task-row .state-badge[data-state="COMPLETED"]').count() == 4
    subflow = page.locator(".task-row", has=page.locator(".kind", has_text="subflow"))
    subflow.wait_for(timeout=10_000)
    screenshot(page, "run-flow-run")
    page.set_viewport_size({"width": 400, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(page, "run-flow-run-narrow")
    page.set_viewport_size({"width": 1280, "height": 800})

    # A task run's page: its state, its flow run, its own log line only.
    rows.nth(1).get_by_role("link").click()
    page.locator('.run-header .state-badge[data-state="COMPLETED"]').wait_for(timeout=10_000)
    page.locator(f'.crumbs a[href="/runs/{run_id}"]').wait_for()
    task_log = page.locator(".log-scroll")
    task_log.get_by_text("step 1 says hello").wait_for(timeout=10_000)
    assert task_log.get_by_text("step 0 says hello").count() == 0
    assert page.get_by_test_id("log-count").inner_text() == "1 line"
    assert page.locator(".result").get_by_text("10").count() >= 1
    screenshot(page, "run-task-run")

    # The subflow's row leads to the child run, which links back to its parent.
    page.go_back()
    subflow.get_by_role("link").click()
    page.locator(".run-header").get_by_role("link", name="detail-child").wait_for(timeout=10_000)
    page.get_by_role("link", name="its parent run").click()
    page.wait_for_url(f"{server.url}/runs/{run_id}", timeout=10_000)


def test_two_thousand_task_runs_render_virtualized(
    page: Any, server: LiveServer, tmp_path: Path
) -> None:
    name = f"many-{uuid.uuid4().hex[:8]}"
    flow = start_flow(server, tmp_path, MANY_TASKS_FLOW, name)
    try:
        assert flow.wait(timeout=120) == 0
    finally:
        if flow.poll() is None:
            flow.kill()
    run_id = find_run(server, name)
    started = time.monotonic()
    page.goto(f"{server.url}/runs/{run_id}")
    count = page.get_by_test_id("task-run-count")
    count.get_by_text("2000 task runs", exact=True).wait_for(timeout=30_000)
    loaded_in = time.monotonic() - started
    rows = page.locator(".task-row[data-task-run-id]")
    in_dom = rows.count()
    assert 0 < in_dom < 100, in_dom

    # Scroll to the end: the last rows render, still only a window of them.
    first_ids = set(rows.evaluate_all("rows => rows.map(r => r.dataset.taskRunId)"))
    t0 = time.monotonic()
    page.locator(".task-scroll").evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.wait_for_function(
        "ids => [...document.querySelectorAll('.task-row[data-task-run-id]')]"
        ".every(r => !ids.includes(r.dataset.taskRunId))",
        arg=list(first_ids),
        timeout=5_000,
    )
    scrolled_in = time.monotonic() - t0
    assert rows.count() < 100
    assert scrolled_in < 2, scrolled_in
    # The search narrows 2,000 rows on the client.
    page.get_by_label("Find").fill("noop-1999")
    count.get_by_text("1 of 2000 task runs").wait_for(timeout=5_000)
    print(
        f"2,000 task runs: listed in {loaded_in:.2f} s, scrolled to the end in {scrolled_in:.3f} s"
    )
    page.get_by_label("Find").fill("")
    screenshot(page, "run-flow-run-2000-tasks")


def test_cancel_then_delete_a_running_run(page: Any, server: LiveServer, tmp_path: Path) -> None:
    name = f"cancel-{uuid.uuid4().hex[:8]}"
    flow = start_flow(server, tmp_path, STREAMING_FLOW, str(tmp_path / "never"), name)
    try:
        run_id = find_run(server, name)
        page.goto(f"{server.url}/runs/{run_id}")
        header = page.locator(".run-header")
        header.locator('.state-badge[data-state="RUNNING"]').wait_for(timeout=15_000)
        duration = page.get_by_test_id("run-duration")
        before = duration.inner_text()
        page.wait_for_function(
            "before => document.querySelector('[data-testid=run-duration]').textContent !== before",
            arg=before,
            timeout=5_000,
        )  # it ticks while the run runs
        page.get_by_role("button", name="Cancel run").click()
        header.locator('.state-badge[data-state="CANCELLED"]').wait_for(timeout=10_000)
        # Final: nothing left to cancel.
        assert page.get_by_role("button", name="Cancel run").count() == 0
        assert page.get_by_role("alert").count() == 0
        page.get_by_text("This run called no tasks.").wait_for()
        screenshot(page, "run-flow-run-cancelled")
    finally:
        flow.kill()
        flow.wait(timeout=10)

    page.get_by_role("button", name="Delete…").click()
    page.get_by_role("button", name="Keep").click()  # changing one's mind deletes nothing
    page.get_by_role("button", name="Delete…").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    page.wait_for_url(f"{server.url}/runs", timeout=10_000)
    data = graphql(server, "query($id: UUID!) { flowRun(id: $id) { id } }", id=run_id)
    assert data["flowRun"] is None
    page.goto(f"{server.url}/runs/{run_id}")
    page.get_by_role("heading", name="No such flow run").wait_for(timeout=10_000)
    page.goto(f"{server.url}/task-runs/{uuid.uuid4()}")
    page.get_by_role("heading", name="No such task run").wait_for(timeout=10_000)
    page.goto(f"{server.url}/runs/not-a-uuid")
    alert = page.get_by_role("alert")
    alert.get_by_text("Could not load the flow run").wait_for(timeout=10_000)
    assert "not-a-uuid" in alert.inner_text()  # the API's message names the bad value
    assert alert.get_by_role("button", name="Retry").is_visible()


WRITE_LOG_WHILE_DOWN = """
import asyncio, sys, uuid
from datetime import UTC, datetime
from flowql.db.database import Database
from flowql.services.logs import LogCreate, create_logs
from flowql.settings import Settings

async def main() -> None:
    db = Database(Settings().effective_database_url)
    line = LogCreate(name="t", level=20, message=sys.argv[2], timestamp=datetime.now(UTC),
                     flow_run_id=uuid.UUID(sys.argv[1]))
    await create_logs(db, [line])
    await db.dispose()

asyncio.run(main())
"""


def test_logs_resume_from_their_cursor_after_a_server_restart(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A line stored while the server was down arrives once it is back (by the
    polling fallback or the subscription, whichever comes first), and the
    subscription resumes after the last cursor, not from the start."""
    home = tmp_path_factory.mktemp("run-restart-home")
    with restartable_server(home) as server:
        assert server.process is not None
        live = LiveServer(f"http://127.0.0.1:{server.port}", server.process, {})
        flow_id = graphql(live, 'mutation { createFlow(input: {name: "resume"}) { flow { id } } }')
        run = graphql(
            live,
            "mutation($f: UUID!) { createFlowRun(input: {flowId: $f}) { flowRun { id } } }",
            f=flow_id["createFlow"]["flow"]["id"],
        )["createFlowRun"]["flowRun"]["id"]
        _write_line(home, run, "before the restart")
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        sent: list[str] = []

        def record(frame: str | bytes) -> None:
            sent.append(frame if isinstance(frame, str) else frame.decode())

        page.on("websocket", lambda socket: socket.on("framesent", record))
        page.goto(f"{live.url}/runs/{run}/logs")
        page.get_by_text("before the restart").wait_for(timeout=20_000)

        server.kill()
        page.locator('.connection[data-status="reconnecting"]').wait_for(timeout=10_000)
        _write_line(home, run, "while the server was down")
        sent.clear()
        server.start()
        page.get_by_text("while the server was down").wait_for(timeout=30_000)
        page.locator('.connection[data-status="live"]').wait_for(timeout=20_000)
        deadline = time.monotonic() + 10
        while not any("FlowRunLogs" in frame for frame in sent) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert page.get_by_text("before the restart").count() == 1
        resumed = [frame for frame in sent if "FlowRunLogs" in frame]
        assert resumed and all('"after":"' in frame for frame in resumed), resumed
        context.close()


def _write_line(home: Path, run: str, message: str) -> None:
    env = {**os.environ, "FLOWQL_HOME": str(home)}
    env.pop("FLOWQL_API_URL", None)
    env.pop("FLOWQL_DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", WRITE_LOG_WHILE_DOWN, run, message], env=env,
                   check=True, timeout=60)  # fmt: skip
