"""``flowql db``: apply, revert and show database migrations."""

from __future__ import annotations

from typing import Annotated

import typer

from flowql.cli.database import open_database
from flowql.cli.output import safe_url, stdout
from flowql.cli.runtime import load_settings, run
from flowql.settings import Settings

app = typer.Typer(help="Manage the database schema (migrations).", no_args_is_help=True)


async def _upgrade(settings: Settings, revision: str) -> str | None:
    from flowql.db import migrate

    async with open_database(settings) as db:
        await migrate.upgrade(db, revision)
        return await migrate.current_revision(db)


async def _downgrade(settings: Settings, revision: str) -> str | None:
    from flowql.db import migrate

    async with open_database(settings) as db:
        await migrate.downgrade(db, revision)
        return await migrate.current_revision(db)


async def _current(settings: Settings) -> str | None:
    from flowql.db import migrate

    async with open_database(settings) as db:
        return await migrate.current_revision(db)


def _describe(revision: str | None) -> str:
    from flowql.db import migrate

    head = migrate.head_revision()
    if revision is None:
        return f"none (empty database; head is {head})"
    return f"{revision} (head)" if revision == head else f"{revision} (head is {head})"


def _report(settings: Settings, action: str, revision: str | None) -> None:
    url = safe_url(settings.effective_database_url)
    stdout().print(f"{action} {url}: revision {_describe(revision)}", soft_wrap=True)


@app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Option("--revision", "-r", help="Target revision.")] = "head",
) -> None:
    """Apply migrations up to a revision (the latest by default)."""
    settings = load_settings()
    _report(settings, "Upgraded", run(_upgrade(settings, revision)))


@app.command("downgrade")
def downgrade(
    revision: Annotated[
        str, typer.Option("--revision", "-r", help="Target revision, e.g. -1 or base.")
    ],
) -> None:
    """Revert migrations down to a revision (required: data in dropped tables is lost)."""
    settings = load_settings()
    _report(settings, "Downgraded", run(_downgrade(settings, revision)))


@app.command("current")
def current() -> None:
    """Show the database's current revision."""
    settings = load_settings()
    _report(settings, "Database", run(_current(settings)))
