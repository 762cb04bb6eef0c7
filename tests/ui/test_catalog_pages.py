"""The catalog pages in headless chromium against a real server: artifacts render by
type (markdown without raw HTML, tables as tables) with their key's versions, and a
new one appears live; a variable is created through the form (a bad name and a
taken name are refused next to the field), edited and deleted; a flow lists its
runs; the events feed shows an emitted event live, opens it, filters and pauses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from typing import Any

import httpx
import pytest

from tests.support.servers import LiveServer, restartable_server
from tests.ui.browser import requires_browser, screenshot

pytestmark = requires_browser


def assert_fits_narrow_window(page: Any, name: str) -> None:
    """At 400 px the page does not scroll sideways (wide tables scroll in their box)."""
    page.set_viewport_size({"width": 400, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 800})


def gql(server: Any, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        server.graphql_url, json={"query": query, "variables": variables}, timeout=30
    )
    response.raise_for_status()
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


CREATE_ARTIFACT = """
mutation($input: CreateArtifactInput!) {
  createArtifact(input: $input) { artifact { id } errors { message } }
}"""


def create_artifact(server: LiveServer, **input: Any) -> str:
    payload = gql(server, CREATE_ARTIFACT, input=input)["createArtifact"]
    assert payload["errors"] == [], payload
    return str(payload["artifact"]["id"])


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_artifacts_render_by_type_and_appear_live(page: Any, server: LiveServer) -> None:
    report = unique("report")
    create_artifact(server, type="markdown", key=report, data="# Old report")
    create_artifact(
        server,
        type="markdown",
        key=report,
        description="Nightly *numbers*",
        data=(
            "# Weekly report\n\n| city | sales |\n|---|---|\n| Oslo | 12 |\n\n"
            "<b id='raw'>raw html</b>"
        ),
    )
    scores = unique("scores")
    create_artifact(
        server,
        type="table",
        key=scores,
        data=[{"name": "alpha", "score": 1}, {"name": "beta", "score": 2, "note": "late"}],
    )

    page.goto(f"{server.url}/artifacts")
    page.locator('.connection[data-status="live"]').wait_for(timeout=15_000)
    report_row = page.locator("tr", has_text=report)
    report_row.wait_for(timeout=15_000)
    assert "Nightly numbers" in report_row.inner_text()
    page.locator("tr", has_text=scores).wait_for()
    page.evaluate("window.__notReloaded = true")

    progress = unique("progress")
    create_artifact(server, type="progress", key=progress, data=40)
    page.locator("tr", has_text=progress).wait_for(timeout=15_000)  # live, without a reload
    assert page.evaluate("window.__notReloaded") is True
    screenshot(page, "artifacts-list")
    page.get_by_label("Type").select_option("table")
    page.locator("tr", has_text=progress).wait_for(state="detached", timeout=10_000)
    assert page.locator("tr", has_text=scores).count() == 1

    page.get_by_label("Type").select_option("")
    page.get_by_role("link", name=report).click()
    data = page.locator(".cat-artifact-data")
    data.get_by_role("heading", name="Weekly report").wait_for(timeout=15_000)
    assert data.locator("table td", has_text="Oslo").count() == 1  # GFM table
    assert page.locator("#raw").count() == 0  # raw HTML is never rendered
    versions = page.get_by_role("complementary", name="Versions").locator("li")
    versions.nth(1).wait_for(timeout=15_000)
    assert versions.count() == 2
    assert "latest" in versions.first.inner_text()
    screenshot(page, "artifacts-markdown")
    assert_fits_narrow_window(page, "artifacts-markdown-narrow")

    versions.nth(1).get_by_role("link").click()  # the older version, by id
    data.get_by_role("heading", name="Old report").wait_for(timeout=15_000)

    page.goto(f"{server.url}/artifacts/key/{scores}")
    table = page.locator(".cat-artifact-data table")
    table.wait_for(timeout=15_000)
    headers = table.locator("th").all_inner_texts()
    assert headers == ["name", "score", "note"]
    assert table.locator("tbody tr").nth(1).locator("td").all_inner_texts() == ["beta", "2", "late"]
    screenshot(page, "artifacts-table")

    link_description = unique("external dashboard")
    create_artifact(
        server, type="link", description=link_description, data="[Dashboard](https://example.com/d)"
    )
    page.goto(f"{server.url}/artifacts")
    unkeyed = page.get_by_role("table", name="Artifacts without a key").locator(
        "tr", has_text=link_description
    )
    unkeyed.get_by_role("link").click()
    link = page.locator(".cat-artifact-data").get_by_role("link", name="Dashboard")
    link.wait_for(timeout=15_000)
    assert link.get_attribute("href") == "https://example.com/d"

    page.goto(f"{server.url}/artifacts/key/{progress}")
    bar = page.get_by_role("progressbar")
    bar.wait_for(timeout=15_000)
    assert bar.get_attribute("aria-valuenow") == "40"


def test_a_variable_is_created_refused_edited_and_deleted(page: Any, server: LiveServer) -> None:
    taken = unique("taken")
    gql(
        server,
        "mutation($input: CreateVariableInput!) {"
        " createVariable(input: $input) { errors { message } } }",
        input={"name": taken, "value": 1},
    )
    name = unique("ui_var")

    page.goto(f"{server.url}/variables")
    page.locator('.connection[data-status="live"]').wait_for(timeout=15_000)
    page.get_by_role("link", name="New variable").click()
    page.get_by_label("Name").fill("Bad Name")
    page.get_by_label("Value (JSON)").fill("{oops")
    page.get_by_role("button", name="Create").click()
    name_error = page.locator("#variable-name-error")
    assert "must only contain lowercase letters" in name_error.inner_text()
    assert "not valid JSON" in page.locator("#variable-value-error").inner_text()
    assert page.get_by_label("Name").get_attribute("aria-invalid") == "true"
    screenshot(page, "variables-form-error")

    # The server's payload error (the name is taken) lands next to the name too.
    page.get_by_label("Name").fill(taken)
    page.get_by_label("Value (JSON)").fill('{"region": "eu", "replicas": 3}')
    page.get_by_role("button", name="Create").click()
    name_error.get_by_text("already exists", exact=False).or_(
        name_error.get_by_text("taken", exact=False)
    ).wait_for(timeout=10_000)
    assert page.locator("#variable-value-error").count() == 0

    page.get_by_label("Name").fill(name)
    page.get_by_label("Tags").fill("prod, eu")
    page.get_by_role("button", name="Create").click()
    row = page.locator(f'tr[data-variable="{name}"]')
    row.wait_for(timeout=15_000)
    assert '"replicas":3' in row.inner_text()
    assert "prod" in row.inner_text()
    screenshot(page, "variables-list")
    page.evaluate("window.__notReloaded = true")
    other = unique("from_api")
    gql(
        server,
        "mutation($input: CreateVariableInput!) {"
        " createVariable(input: $input) { errors { message } } }",
        input={"name": other, "value": [1, 2]},
    )
    page.locator(f'tr[data-variable="{other}"]').wait_for(timeout=15_000)  # live
    assert page.evaluate("window.__notReloaded") is True
    assert_fits_narrow_window(page, "variables-list-narrow")

    row.get_by_role("link", name=f"Edit {name}").click()
    value = page.get_by_label("Value (JSON)")
    value.wait_for(timeout=15_000)
    assert json.loads(value.input_value()) == {"region": "eu", "replicas": 3}
    value.fill('"changed"')
    page.get_by_role("button", name="Save").click()
    row.get_by_text('"changed"').wait_for(timeout=15_000)
    stored = gql(server, "query($n: String!) { variable(name: $n) { value tags } }", n=name)
    assert stored["variable"] == {"value": "changed", "tags": ["prod", "eu"]}

    row.get_by_role("button", name=f"Delete {name}").click()
    row.get_by_role("button", name=f"Confirm deleting {name}").click()
    row.wait_for(state="detached", timeout=15_000)
    assert (
        gql(server, "query($n: String!) { variable(name: $n) { id } }", n=name)["variable"] is None
    )


def test_flows_list_their_runs(page: Any, server: LiveServer) -> None:
    flow_name = unique("catalog-flow")
    flow = gql(
        server,
        "mutation($input: CreateFlowInput!) {"
        " createFlow(input: $input) { flow { id } errors { message } } }",
        input={"name": flow_name, "tags": ["etl"]},
    )["createFlow"]["flow"]
    run = gql(
        server,
        "mutation($input: CreateFlowRunInput!) {"
        " createFlowRun(input: $input) { flowRun { id name } errors { message } } }",
        input={"flowId": flow["id"], "name": "first-catalog-run"},
    )["createFlowRun"]["flowRun"]

    page.goto(f"{server.url}/flows")
    row = page.locator(f'tr[data-flow="{flow_name}"]')
    row.wait_for(timeout=15_000)
    assert row.locator("td.numeric").inner_text() == "1"
    assert row.locator(".cat-run-square").count() == 1
    screenshot(page, "flows-list")
    assert_fits_narrow_window(page, "flows-list-narrow")

    row.get_by_role("link", name=flow_name).click()
    page.get_by_role("heading", name=flow_name).wait_for(timeout=15_000)
    runs = page.get_by_role("table", name="Runs of this flow")
    assert runs.get_by_role("link", name=run["name"]).count() == 1
    page.evaluate("window.__notReloaded = true")
    gql(
        server,
        "mutation($input: CreateFlowRunInput!) {"
        " createFlowRun(input: $input) { errors { message } } }",
        input={"flowId": flow["id"], "name": "second-catalog-run"},
    )
    runs.get_by_role("link", name="second-catalog-run").wait_for(timeout=15_000)
    assert page.evaluate("window.__notReloaded") is True
    screenshot(page, "flows-flow")


EMIT = """
mutation($input: EmitEventsInput!) { emitEvents(input: $input) { count errors { message } } }"""


def emit(server: Any, name: str, resource: str, **payload: Any) -> None:
    event = {"event": name, "resource": {"flowql.resource.id": resource}, "payload": payload}
    result = gql(server, EMIT, input={"events": [event]})["emitEvents"]
    assert result == {"count": 1, "errors": []}


def test_the_events_feed_shows_new_events_live(page: Any, server: LiveServer) -> None:
    tag = uuid.uuid4().hex[:8]
    emit(server, f"acme.before.{tag}", f"acme.model.{tag}", step=0)

    page.goto(f"{server.url}/events")
    page.locator('.connection[data-status="live"]').wait_for(timeout=15_000)
    page.locator(f'[data-event="acme.before.{tag}"]').wait_for(timeout=15_000)  # history
    page.evaluate("window.__notReloaded = true")

    emit(server, f"acme.model.retrained.{tag}", f"acme.model.{tag}", accuracy=0.93)
    row = page.locator(f'[data-event="acme.model.retrained.{tag}"]')
    row.wait_for(timeout=15_000)  # live, newest first
    assert (
        page.locator(".cat-event-row").first.get_attribute("data-event")
        == f"acme.model.retrained.{tag}"
    )
    assert page.evaluate("window.__notReloaded") is True

    summary = row.get_by_role("button")
    summary.click()
    assert summary.get_attribute("aria-expanded") == "true"
    raw = json.loads(row.locator("pre").inner_text())
    assert raw["payload"] == {"accuracy": 0.93}
    assert raw["resource"]["flowql.resource.id"] == f"acme.model.{tag}"
    screenshot(page, "events-feed")

    page.get_by_label("Event name starts with").fill("acme.model.")
    page.get_by_label("Resource id").fill(f"acme.model.{tag}")
    page.get_by_role("button", name="Apply").click()
    page.locator(f'[data-event="acme.before.{tag}"]').wait_for(state="detached", timeout=10_000)
    page.locator(f'[data-event="acme.model.retrained.{tag}"]').wait_for(timeout=10_000)

    page.get_by_role("button", name="Pause").click()
    emit(server, f"acme.model.paused.{tag}", f"acme.model.{tag}")
    page.get_by_text("Paused · 1 new").wait_for(timeout=15_000)
    assert page.locator(f'[data-event="acme.model.paused.{tag}"]').count() == 0
    page.get_by_role("button", name="Resume").click()
    page.locator(f'[data-event="acme.model.paused.{tag}"]').wait_for(timeout=5_000)
    assert page.locator(".cat-event-row").count() == 2
    assert page.evaluate("window.__notReloaded") is True

    # Thousands of events: all in the feed, only those on screen in the DOM.
    burst = [
        {"event": f"acme.model.step.{tag}", "resource": {"flowql.resource.id": f"acme.model.{tag}"}}
        for _ in range(1_000)  # the API's batch limit
    ]
    for _ in range(2):
        assert gql(server, EMIT, input={"events": burst})["emitEvents"]["count"] == 1_000
    page.get_by_test_id("events-count").get_by_text("2,002 shown").wait_for(timeout=20_000)
    assert page.locator(".cat-event-row").count() < 80
    assert_fits_narrow_window(page, "events-narrow")


def test_the_events_feed_catches_up_after_a_server_restart(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Killed server: an event stored meanwhile (embedded mode) shows up once the socket
    is back, without a reload, and the feed holds every event once."""
    home = tmp_path_factory.mktemp("ui-events-restart-home")
    with restartable_server(home) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        url = f"http://127.0.0.1:{server.port}"
        emit(server, "acme.before.restart", "acme.thing")
        page.goto(f"{url}/events")
        page.locator('[data-event="acme.before.restart"]').wait_for(timeout=15_000)
        page.locator('.connection[data-status="live"]').wait_for(timeout=15_000)
        page.evaluate("window.__notReloaded = true")

        server.kill()
        page.locator('.connection[data-status="reconnecting"]').wait_for(timeout=10_000)
        env = {**os.environ, "FLOWQL_HOME": str(home)}
        env.pop("FLOWQL_API_URL", None)
        script = (
            "from flowql.events import emit_event\n"
            "emit_event('acme.during.outage', resource={'flowql.resource.id': 'acme.thing'})\n"
        )
        subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
        server.start()

        page.locator('[data-event="acme.during.outage"]').wait_for(timeout=20_000)
        emit(server, "acme.after.restart", "acme.thing")
        page.locator('[data-event="acme.after.restart"]').wait_for(timeout=15_000)
        names = page.locator(".cat-event-row").evaluate_all(
            "rows => rows.map(row => row.dataset.event)"
        )
        assert names == ["acme.after.restart", "acme.during.outage", "acme.before.restart"]
        assert page.evaluate("window.__notReloaded") is True
        context.close()
