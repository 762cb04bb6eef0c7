"""With FLOWQL_API_KEY set, the UI asks for the key once; its session then opens the
API and the websocket (the indicator goes Live), and signing out closes them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.servers import LiveServer, live_server
from tests.ui.browser import requires_browser, screenshot

pytestmark = requires_browser

KEY = "ui-test-key"


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("keyed-ui"), FLOWQL_API_KEY=KEY) as server:
        yield server


def test_sign_in_opens_the_live_ui_and_sign_out_closes_it(
    page: Any, keyed_server: LiveServer
) -> None:
    page.goto(f"{keyed_server.url}/runs")
    key = page.get_by_label("API key")
    key.wait_for(timeout=30_000)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").get_by_text("enter the server's API key").wait_for()
    key.fill("not-the-key")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").get_by_text("wrong API key").wait_for()
    screenshot(page, "sign-in")

    key.fill(KEY)
    page.get_by_role("button", name="Sign in").click()
    page.locator('.connection[data-status="live"]').wait_for(timeout=30_000)
    page.get_by_role("heading", name="Flow runs").wait_for()
    assert KEY not in page.content()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("API key").wait_for(timeout=30_000)
