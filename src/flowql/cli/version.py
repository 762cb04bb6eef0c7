"""``flowql version``: what is installed and where it points."""

from __future__ import annotations

import platform

from flowql import __version__
from flowql.cli.output import safe_url, stdout
from flowql.cli.runtime import load_settings


def version() -> None:
    """Show the flowql version, Python version, database and API."""
    settings = load_settings()
    rows = {
        "Version": __version__,
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Database": safe_url(settings.effective_database_url),
        "API": settings.api_url or "embedded",
    }
    console = stdout()
    for label, value in rows.items():
        console.print(f"{label + ':':<10}{value}", soft_wrap=True)
