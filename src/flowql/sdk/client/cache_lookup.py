"""Find a task run's cached result in the database: the newest COMPLETED task run
with the cache key and no past ``cache_expiration``, and the result reference
its current state's ``data`` holds.

Embedded mode reads the local database directly (one indexed query, as the
engine's other embedded calls skip GraphQL, see ``local_api.py``); on SQLite
that query runs in the calling thread on a read-only ``sqlite3`` connection
(``SqliteCacheReader``: ~30 us, where an async session on the SDK's loop cost
~1 ms with the hop, which 10,000 cache hits paid in full). Remote mode runs
``ClientCachedTaskRuns`` over the transport. Either way the answer is the
reference dict, or None.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime
from typing import Any

_CANDIDATES = 20
"""Runs read per lookup: the newest few with the key, in case the newest failed or expired."""


async def find_cached_reference(api: Any, cache_key: str, now: datetime) -> dict[str, Any] | None:
    """The result reference of the newest unexpired COMPLETED run with ``cache_key``."""
    from flowql.sdk.client.transport import EmbeddedTransport

    transport = api.transport
    if isinstance(transport, EmbeddedTransport):
        return await _from_database(transport, cache_key, now)
    return await _from_graphql(transport, cache_key, now)


class SqliteCacheReader:
    """The lookup as one SQL statement (compiled from the models) on a read-only
    connection to the embedded SQLite file, run in the caller's thread."""

    def __init__(self, database: str) -> None:
        self._connection = sqlite3.connect(
            f"file:{database}?mode=ro", uri=True, check_same_thread=False
        )
        self._connection.execute("PRAGMA busy_timeout = 5000")
        self._lock = threading.Lock()
        self._sql = _compiled_sqlite_lookup()

    def find(self, cache_key: str, now: datetime) -> dict[str, Any] | None:
        """The result reference of the newest unexpired COMPLETED run with ``cache_key``."""
        with self._lock:
            rows = self._connection.execute(self._sql, (cache_key, _CANDIDATES, 0)).fetchall()
        for state_type, expiration, data in rows:
            if state_type != "COMPLETED" or data is None:
                continue
            if expiration is not None:
                expires = datetime.fromisoformat(expiration).replace(tzinfo=UTC)
                if expires <= now:
                    continue
            reference = json.loads(data)
            if isinstance(reference, dict):
                return reference
        return None

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()


def _compiled_sqlite_lookup() -> str:
    from sqlalchemy.dialects import sqlite

    compiled = _statement("__key__").compile(dialect=sqlite.dialect())
    return str(compiled)


def _statement(cache_key: str) -> Any:
    import sqlalchemy as sa

    from flowql.db import models as m

    run, state = m.TaskRun, m.TaskRunState
    # Only the cache key in WHERE: with the state type there too, SQLite (no
    # ANALYZE statistics) walks the state_type index over every COMPLETED run.
    return (
        sa.select(run.state_type, run.cache_expiration, state.data)
        .select_from(run)
        .join(state, state.id == run.state_id)
        .where(run.cache_key == cache_key)
        .order_by(run.end_time.desc())
        .limit(_CANDIDATES)
    )


async def _from_database(transport: Any, cache_key: str, now: datetime) -> dict[str, Any] | None:
    from flowql.core.states import StateType

    await transport.ensure_ready()
    statement = _statement(cache_key)
    async with transport.db.session() as session:
        rows = (await session.execute(statement)).all()
    for state_type, expiration, data in rows:
        if state_type is not StateType.COMPLETED or not isinstance(data, dict):
            continue
        if expiration is None or expiration > now:
            return data
    return None


async def _from_graphql(transport: Any, cache_key: str, now: datetime) -> dict[str, Any] | None:
    from flowql.sdk.client.operations import operation
    from flowql.sdk.states.details import as_datetime

    answer = await transport.execute(
        operation("ClientCachedTaskRuns"), {"cacheKey": cache_key, "first": 5}
    )
    for edge in answer["taskRuns"]["edges"]:
        node = edge["node"]
        expiration = node.get("cacheExpiration")
        if expiration is not None and as_datetime(expiration) <= now:
            continue
        data = (node.get("state") or {}).get("data")
        if isinstance(data, dict):
            return data
    return None
