"""With websockets blocked (a proxy that refuses them), the pages still update: they
read again every few seconds instead of following subscriptions."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from tests.support.servers import LiveServer
from tests.ui.browser import requires_browser, screenshot

pytestmark = requires_browser

CREATE_FLOW = "mutation($n: String!) { createFlow(input: {name: $n}) { flow { id } } }"
CREATE_RUN = "mutation($f: UUID!) { createFlowRun(input: {flowId: $f}) { flowRun { id } } }"
CREATE_LOGS = "mutation($l: [LogInput!]!) { createLogs(input: {logs: $l}) { count } }"


def _gql(server: LiveServer, query: str, **variables: Any) -> dict[str, Any]:
    body = httpx.post(server.graphql_url, json={"query": query, "variables": variables}).json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def _log(server: LiveServer, run: str, message: str) -> None:
    entry = {"name": "t", "level": 20, "message": message, "timestamp": "2026-01-01T00:00:00Z",
             "flowRunId": run}  # fmt: skip
    _gql(
        server, "mutation($l: [LogInput!]!) { createLogs(input: {logs: $l}) { count } }", l=[entry]
    )


def _blocked(page: Any) -> None:
    """Refuse every websocket, as a proxy that does not pass them would."""
    page.route_web_socket(re.compile(".*"), lambda socket: socket.close())


def test_logs_and_events_update_without_websockets(page: Any, server: LiveServer) -> None:
    suffix = uuid.uuid4().hex[:8]
    flow = _gql(server, CREATE_FLOW, n=f"blocked-{suffix}")["createFlow"]["flow"]["id"]
    run = _gql(server, CREATE_RUN, f=flow)["createFlowRun"]["flowRun"]["id"]
    _log(server, run, f"first-{suffix}")
    _blocked(page)

    page.goto(f"{server.url}/runs/{run}/logs")
    page.get_by_text(f"first-{suffix}").wait_for(timeout=20_000)
    assert page.locator('.connection[data-status="live"]').count() == 0
    _log(server, run, f"second-{suffix}")
    page.get_by_text(f"second-{suffix}").wait_for(timeout=20_000)
    screenshot(page, "blocked-websockets-logs")

    page.goto(f"{server.url}/events")
    page.get_by_role("heading", name="Events").wait_for(timeout=20_000)
    event = {"event": f"blocked.{suffix}.happened", "resource": {"flowql.resource.id": suffix}}
    emitted = _gql(server, "mutation($i: EmitEventsInput!) { emitEvents(input: $i) { count } }",
                   i={"events": [event]})  # fmt: skip
    assert emitted["emitEvents"]["count"] == 1
    page.get_by_text(f"blocked.{suffix}.happened").first.wait_for(timeout=20_000)
