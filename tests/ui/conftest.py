"""Fixtures for the browser tests: one server for the whole session (starting one
costs seconds), one chromium per test module (Playwright's sync API holds an
event loop while it runs, which async tests in other modules cannot share),
and a fresh browser context per test that fails the test on any uncaught error
in the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.servers import LiveServer, live_server
from tests.ui.browser import chromium


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server on a fresh SQLite home shared by the UI tests: make unique names."""
    with live_server(tmp_path_factory.mktemp("ui-home")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"
