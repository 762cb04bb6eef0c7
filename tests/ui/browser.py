"""Headless Debian chromium driven by Playwright (never a downloaded browser).

Browser tests skip, saying why, when chromium or the UI build is missing
(``make test`` installs the one and builds the other)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UI_DIST = REPO / "ui" / "dist"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Without the background-networking flags chromium calls home and, on a closed
# network, its connections are refused; the tests talk only to 127.0.0.1.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def skip_reason() -> str | None:
    if CHROMIUM is None:
        return "chromium is not installed (apt-get install chromium; `make test` tries)"
    if not (UI_DIST / "index.html").is_file():
        return "the UI is not built (make ui)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (make install)"
    return None


requires_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A launched chromium (playwright ``Browser``). Sync API: use it from sync tests only."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
