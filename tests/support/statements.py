"""Count the SELECT statements a request sends (the loaders' batching tests).

Only statements sent while the block runs and outside the server's database
watcher (which polls the same engine on PostgreSQL) are counted, so a poll
that happens to land in the window cannot make a count flaky."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from flowql.db.database import Database

# The watcher's poll (events/watcher.py ``_head``): the newest event and log numbers.
_WATCHER_POLL = "max(event.seq)"


@contextlib.contextmanager
def recorded_selects(db: Database) -> Iterator[list[str]]:
    """The SELECT statements sent on ``db``'s engine while the block runs."""
    found: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and _WATCHER_POLL not in statement:
            found.append(statement)

    engine = db.engine.sync_engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
