"""Open the configured database for the CLI, with failures reported as user errors."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

from flowql.cli.errors import CliError
from flowql.cli.output import safe_url
from flowql.settings import Settings

if TYPE_CHECKING:
    from flowql.db.database import Database


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None)  # a DBAPI error wrapped by SQLAlchemy
    text = str(original if original is not None else error) or type(error).__name__
    return text.splitlines()[0]


@contextlib.contextmanager
def database_errors(settings: Settings) -> Iterator[None]:
    """Turn a database that cannot be opened, reached or migrated into a CliError."""
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    url = safe_url(settings.effective_database_url)
    try:
        yield
    except BrokenPipeError:  # stdout closed (`| head`): not the database's fault
        raise
    except ArgumentError as error:
        raise CliError(f"invalid database URL {url}: {_reason(error)}") from error
    except (SQLAlchemyError, OSError, CommandError) as error:
        raise CliError(f"database {url}: {_reason(error)}") from error


def _database(settings: Settings) -> Database:
    from flowql.db.database import Database

    try:
        return Database(settings.effective_database_url, echo=settings.database_echo)
    except ValueError as error:  # unsupported dialect
        raise CliError(str(error)) from None


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """The settings' database (its SQLite directory created), disposed afterwards."""
    with database_errors(settings):
        db = _database(settings)
        try:
            if db.is_sqlite:
                settings.home.mkdir(parents=True, exist_ok=True)
            yield db
        finally:
            await db.dispose()
