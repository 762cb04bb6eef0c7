"""``flowql config``: the effective settings and where each one comes from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from pydantic import SecretStr
from rich.table import Table

from flowql.cli.output import safe_url, stdout
from flowql.cli.runtime import load_settings
from flowql.settings import ENV_PREFIX, Settings, describe_sources, settings_file_path

app = typer.Typer(help="Show flowql's settings.", no_args_is_help=True)

SECRET_MASK = "********"


def display_value(name: str, value: Any, settings: Settings) -> str:
    """A setting as shown to the user: secrets masked, URL passwords hidden."""
    if isinstance(value, SecretStr):
        return SECRET_MASK
    if name == "database_url":  # unset means SQLite in home: show what is used
        return safe_url(settings.effective_database_url)
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def display_source(source: str) -> str:
    """``env FLOWQL_X``, ``default``, or ``settings file`` (its path is printed above)."""
    return "settings file" if source.startswith("file ") else source


def _settings_file_note(path: Path) -> str:
    return f"Settings file: {path}" + ("" if path.is_file() else " (not found)")


@app.command("view")
def view() -> None:
    """Show every setting, its effective value and its source (env, file or default)."""
    settings = load_settings()
    table = Table("Setting", "Value", "Source")
    table.columns[0].no_wrap = True
    table.columns[1].overflow = "fold"
    for row in describe_sources(settings):
        table.add_row(
            f"{ENV_PREFIX}{row.name.upper()}",
            display_value(row.name, row.value, settings),
            display_source(row.source),
        )
    console = stdout()
    console.print(_settings_file_note(settings_file_path()), soft_wrap=True)
    console.print(table)
