"""The dashboard and the flow runs page in real chromium against a real server:
filters kept in the URL survive a reload and follow live changes, bulk cancel
reports refusals per run, bulk delete removes runs, and the dashboard counts
and charts seeded runs and re-reads when a run completes."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from tests.support.servers import LiveServer
from tests.ui.browser import requires_browser, screenshot

pytestmark = requires_browser


def gql(server: LiveServer, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        server.graphql_url, json={"query": query, "variables": variables}, timeout=30
    )
    response.raise_for_status()
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def create_flow(server: LiveServer, name: str) -> str:
    data = gql(
        server,
        "mutation($name: String!) { createFlow(input: {name: $name}) { flow { id } } }",
        name=name,
    )
    flow_id: str = data["createFlow"]["flow"]["id"]
    return flow_id


def create_run(
    server: LiveServer, flow_id: str, name: str, state: str, tags: Sequence[str] = ()
) -> str:
    data = gql(
        server,
        """mutation($flowId: UUID!, $name: String!, $tags: [String!]!) {
             createFlowRun(input: {flowId: $flowId, name: $name, tags: $tags,
                                   state: {type: SCHEDULED}}) { flowRun { id } } }""",
        flowId=flow_id,
        name=name,
        tags=list(tags),
    )
    run_id: str = data["createFlowRun"]["flowRun"]["id"]
    if state != "SCHEDULED":
        set_state(server, run_id, state)
    return run_id


def set_state(server: LiveServer, run_id: str, state: str) -> None:
    data = gql(
        server,
        """mutation($id: UUID!, $type: StateType!) {
             setFlowRunState(input: {flowRunId: $id, state: {type: $type}, force: true}) {
               status errors { message } } }""",
        id=run_id,
        type=state,
    )
    assert data["setFlowRunState"]["status"] == "ACCEPT", data


def row_names(page: Any) -> list[str]:
    return sorted(page.locator("table.runs tbody td.run-name").all_inner_texts())


def wait_rows(page: Any, expected: list[str]) -> None:
    page.wait_for_function(
        """(expected) => JSON.stringify(
             [...document.querySelectorAll('table.runs tbody td.run-name')]
               .map((td) => td.innerText).sort()) === JSON.stringify(expected)""",
        arg=sorted(expected),
        timeout=15_000,
    )


@pytest.fixture
def seeded(server: LiveServer) -> dict[str, Any]:
    suffix = uuid.uuid4().hex[:8]
    flow_id = create_flow(server, f"ui-runs-{suffix}")
    runs = {
        "a1": create_run(server, flow_id, f"alpha-one-{suffix}", "COMPLETED", ["alpha"]),
        "a2": create_run(server, flow_id, f"alpha-two-{suffix}", "COMPLETED", ["alpha", "x"]),
        "b1": create_run(server, flow_id, f"beta-one-{suffix}", "FAILED", ["beta"]),
        "s1": create_run(server, flow_id, f"waiting-{suffix}", "SCHEDULED", ["alpha"]),
    }
    return {"suffix": suffix, "flow_id": flow_id, "runs": runs}


def test_filters_live_in_the_url_and_follow_live_changes(
    page: Any, server: LiveServer, seeded: dict[str, Any]
) -> None:
    suffix, flow_id = seeded["suffix"], seeded["flow_id"]
    page.goto(f"{server.url}/runs?flow={flow_id}&state=COMPLETED&tag=alpha")
    wait_rows(page, [f"alpha-one-{suffix}", f"alpha-two-{suffix}"])
    page.reload()
    wait_rows(page, [f"alpha-one-{suffix}", f"alpha-two-{suffix}"])
    assert page.get_by_label("Flow", exact=True).input_value() == flow_id
    assert (
        page.get_by_role("button", name="Completed", exact=True).get_attribute("aria-pressed")
        == "true"
    )
    page.get_by_text("2 runs", exact=True).wait_for()
    screenshot(page, "runs-filtered")

    # Typing a search narrows the view and lands in the URL.
    page.get_by_label("Search", exact=True).fill("two")
    page.wait_for_url(re.compile(r"q=two"))
    wait_rows(page, [f"alpha-two-{suffix}"])

    # Live: a run that starts to match appears, one that stops matching leaves.
    page.get_by_label("Search", exact=True).fill("")
    page.wait_for_url(lambda url: "q=" not in url)
    page.locator('.connection[data-status="live"]').wait_for(timeout=15_000)
    wait_rows(page, [f"alpha-one-{suffix}", f"alpha-two-{suffix}"])
    set_state(server, seeded["runs"]["s1"], "COMPLETED")
    set_state(server, seeded["runs"]["a1"], "FAILED")
    wait_rows(page, [f"alpha-two-{suffix}", f"waiting-{suffix}"])
    page.get_by_text("2 runs", exact=True).wait_for()

    # Narrow window: columns give way, nothing scrolls sideways.
    page.set_viewport_size({"width": 400, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert not page.locator("th.col-flow").is_visible()
    screenshot(page, "runs-filtered-narrow")


def test_bulk_cancel_reports_refusals_and_bulk_delete_removes_runs(
    page: Any, server: LiveServer, seeded: dict[str, Any]
) -> None:
    suffix, flow_id, runs = seeded["suffix"], seeded["flow_id"], seeded["runs"]
    page.goto(f"{server.url}/runs?flow={flow_id}&sort=NAME_ASC")
    names = [
        f"alpha-one-{suffix}",
        f"alpha-two-{suffix}",
        f"beta-one-{suffix}",
        f"waiting-{suffix}",
    ]
    wait_rows(page, names)

    page.get_by_label(f"Select waiting-{suffix}").check()
    page.get_by_label(f"Select beta-one-{suffix}").check()
    page.get_by_role("button", name="Cancel runs").click()
    page.get_by_role("button", name="Cancel 2 runs").click()
    outcome = page.get_by_test_id("bulk-outcome")
    outcome.wait_for()
    assert "Cancelled 1 run." in outcome.inner_text()
    assert f"beta-one-{suffix}: already failed" in outcome.inner_text()
    page.locator(f'tr[data-run-id="{runs["s1"]}"] .state-badge[data-state="CANCELLED"]').wait_for()
    page.get_by_role("button", name="Dismiss").click()

    page.get_by_label(f"Select alpha-one-{suffix}").check()
    page.get_by_label(f"Select alpha-two-{suffix}").check()
    page.get_by_label(f"Select waiting-{suffix}").uncheck()
    page.get_by_label(f"Select beta-one-{suffix}").uncheck()
    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_role("alertdialog").get_by_text("cannot be undone").wait_for()
    screenshot(page, "runs-confirm-delete")
    page.get_by_role("button", name="Delete 2 runs").click()
    wait_rows(page, [f"beta-one-{suffix}", f"waiting-{suffix}"])
    assert "Deleted 2 runs." in page.get_by_test_id("bulk-outcome").inner_text()
    left = gql(
        server,
        "query($f: UUID!) { flowRuns(filter: {flowId: {any: [$f]}}) { totalCount } }",
        f=flow_id,
    )
    assert left["flowRuns"]["totalCount"] == 2


def count(page: Any, card: str, label: str | None = None) -> int:
    section = page.get_by_test_id(card)
    locator = (
        section.locator(f'[data-count="{label}"]')
        if label
        else section.get_by_test_id("count-total")
    )
    return int(locator.inner_text())


def test_dashboard_counts_charts_and_updates_live(
    page: Any, server: LiveServer, seeded: dict[str, Any]
) -> None:
    suffix = seeded["suffix"]
    page.goto(f"{server.url}/")
    page.get_by_test_id("counts-flow-runs").wait_for(timeout=15_000)
    page.locator('.connection[data-status="live"]').wait_for(timeout=15_000)
    expected = gql(
        server,
        """query($since: DateTime!) {
             flowRuns(filter: {expectedStartTime: {after: $since}}) { totalCount } }""",
        since="2000-01-01T00:00:00Z",
    )
    assert count(page, "counts-flow-runs") == expected["flowRuns"]["totalCount"]
    assert count(page, "counts-flow-runs", "Failed") >= 1
    chart = page.get_by_test_id("history-chart")
    assert int(chart.get_attribute("data-total") or 0) >= 4  # at least our seeded runs' states
    assert page.locator(".history-bar rect[fill]:not([fill=transparent])").count() >= 1
    page.locator(".attention", has_text=f"beta-one-{suffix}").wait_for()
    screenshot(page, "dashboard")

    page.evaluate("window.__notReloaded = true")
    total, completed = count(page, "counts-flow-runs"), count(page, "counts-flow-runs", "Completed")
    chart_total = int(chart.get_attribute("data-total") or 0)
    run_id = create_run(server, seeded["flow_id"], f"late-comer-{suffix}", "RUNNING")
    set_state(server, run_id, "COMPLETED")
    page.wait_for_function(
        """([total, completed]) => {
             const card = document.querySelector('[data-testid="counts-flow-runs"]');
             const n = (selector) => Number(card.querySelector(selector).textContent);
             return n('[data-testid="count-total"]') === total + 1
               && n('[data-count="Completed"]') === completed + 1;
           }""",
        arg=[total, completed],
        timeout=15_000,
    )
    # The chart re-reads on its own throttle: wait for it too, not only for the counts.
    page.wait_for_function(
        """(at_least) => Number(document.querySelector('[data-testid="history-chart"]')
             .getAttribute("data-total")) >= at_least""",
        arg=chart_total + 3,
        timeout=15_000,
    )
    assert page.evaluate("window.__notReloaded") is True

    page.get_by_role("button", name="Last 7 days").click()
    page.wait_for_url(re.compile(r"range=7d"))
    page.set_viewport_size({"width": 400, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(page, "dashboard-narrow")
