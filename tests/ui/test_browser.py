"""The UI in real headless chromium against a real server on 127.0.0.1: GraphiQL
runs a query and a subscription offline, and the flow runs page shows a run
started by another process appear and turn Completed without a reload."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_plus

import pytest

from tests.support.servers import LiveServer, restartable_server
from tests.ui.browser import requires_browser, screenshot

pytestmark = requires_browser

FLOW_SCRIPT = textwrap.dedent(
    """
    import time
    from flowql import flow

    @flow(name="browser-test-flow")
    def browser_test_flow() -> int:
        time.sleep(1.5)
        return 42

    browser_test_flow()
    """
)


def run_graphiql(page: Any, server: LiveServer, document: str, name: str) -> str:
    """Open GraphiQL with ``document`` (operation ``name``), run it, return the response pane."""
    page.goto(f"{server.url}/graphiql?query={quote(document)}")
    # Monaco and the schema load first (slowly on a busy machine): run once the
    # editor shows the document.
    page.locator(".graphiql-query-editor", has_text=name).wait_for(timeout=60_000)
    page.locator(".graphiql-execute-button").click()
    response = page.locator(".graphiql-response")
    try:
        response.get_by_text('"data"').wait_for(timeout=30_000)
    except Exception:
        screenshot(page, f"graphiql-failed-{name}")
        raise
    return str(response.inner_text())


def test_graphiql_runs_a_query_and_a_subscription(page: Any, server: LiveServer) -> None:
    text = run_graphiql(page, server, "query Check { flowRuns(first: 1) { totalCount } }", "Check")
    assert "totalCount" in text
    screenshot(page, "graphiql")
    text = run_graphiql(
        page,
        server,
        'subscription Live { flowRunUpdates(after: "HEAD") { live moreHistory } }',
        "Live",
    )
    assert "moreHistory" in text


def test_a_run_appears_and_completes_live(page: Any, server: LiveServer, tmp_path: Path) -> None:
    page.goto(f"{server.url}/runs")
    page.locator('.connection[data-status="live"]').wait_for(timeout=15_000)
    page.get_by_text("No flow runs yet").or_(page.locator("table.runs")).wait_for()
    page.evaluate("window.__notReloaded = true")

    script = tmp_path / "browser_flow.py"
    script.write_text(FLOW_SCRIPT)
    env = {**server.env}
    env.pop("FLOWQL_API_URL", None)  # embedded mode on the server's database
    flow = subprocess.Popen([sys.executable, str(script)], env=env, cwd=os.getcwd())
    try:
        row = page.locator("tr", has_text="browser-test-flow")
        # It appears while it runs (1.5 s; a busy machine may show it Completed at once).
        row.wait_for(timeout=30_000)
        screenshot(page, "runs-appeared")
        row.locator('.state-badge[data-state="COMPLETED"]').wait_for(timeout=20_000)
        assert flow.wait(timeout=30) == 0
    finally:
        if flow.poll() is None:
            flow.kill()
    assert page.evaluate("window.__notReloaded") is True
    assert row.locator(".state-badge").inner_text() == "Completed"
    screenshot(page, "runs-completed")
    page.set_viewport_size({"width": 400, "height": 800})  # a narrow window: the table scrolls
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(page, "runs-narrow")


def test_the_page_reconnects_and_catches_up_after_a_server_restart(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Killed server: the indicator says so; a run finished meanwhile (embedded mode)
    shows up once the socket is back, still without a reload."""
    home = tmp_path_factory.mktemp("ui-restart-home")
    with restartable_server(home) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        url = f"http://127.0.0.1:{server.port}"
        page.goto(f"{url}/runs")
        page.get_by_text("No flow runs yet").wait_for(timeout=15_000)
        page.evaluate("window.__notReloaded = true")

        server.kill()
        page.locator('.connection[data-status="reconnecting"]').wait_for(timeout=10_000)
        screenshot(page, "runs-reconnecting")
        script = tmp_path_factory.mktemp("flow") / "browser_flow.py"
        script.write_text(FLOW_SCRIPT.replace("time.sleep(1.5)", "pass"))
        env = {**os.environ, "FLOWQL_HOME": str(home)}
        env.pop("FLOWQL_API_URL", None)
        subprocess.run([sys.executable, str(script)], env=env, check=True, timeout=60)
        server.start()

        page.locator('.connection[data-status="live"]').wait_for(timeout=20_000)
        # Resumed from the last cursor: the missed run comes by replay, the list is not reloaded.
        reloads: list[str] = []
        page.on(
            "request",
            lambda r: (
                reloads.append(r.url)
                if "query FlowRuns(" in unquote_plus(r.url) + (r.post_data or "")
                else None
            ),
        )
        row = page.locator("tr", has_text="browser-test-flow")
        row.locator('.state-badge[data-state="COMPLETED"]').wait_for(timeout=10_000)
        assert page.evaluate("window.__notReloaded") is True
        assert reloads == []
        context.close()
