"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect

from flowql.core.time import ensure_utc


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes in, timezone-aware UTC datetimes out.

    SQLite has no timezone type, so values are stored as naive UTC there and
    made aware again on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = ensure_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        return sqlite_utc_text

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else ensure_utc(value)


_utc_texts: dict[datetime, str] = {}
"""Recently bound datetimes and their text: a task-run batch binds each state's time
three times (state, event, run row) and every row's ``created``/``received``."""


def sqlite_utc_text(value: datetime | None) -> str | None:
    """A datetime as SQLAlchemy stores it on SQLite (naive UTC, six digits of microseconds)."""
    # One step instead of this decorator's conversion followed by SQLite DATETIME's
    # own formatting (batches bind tens of thousands of times); the text is the
    # one SQLAlchemy writes: always six digits of microseconds, so it sorts.
    if value is None:
        return None
    text = _utc_texts.get(value)
    if text is None:
        if len(_utc_texts) >= 4096:
            _utc_texts.clear()
        text = ensure_utc(value).replace(tzinfo=None).isoformat(" ", timespec="microseconds")
        _utc_texts[value] = text
    return text


JSONType: sa.types.TypeEngine[Any] = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
"""JSON on SQLite, JSONB on PostgreSQL."""
