"""Match a column against a long list of values bound as one parameter.

``column.in_(values)`` binds one parameter per value, and SQLAlchemy renders
their names at every execution: checking a 10,000-task batch's 30,000 state
ids spent ~0.1 s naming parameters, and SQLite caps a statement at 32,766 of
them. Here the whole list is one value: a JSON array read with ``json_each``
on SQLite, an array with ``= ANY(...)`` on PostgreSQL. Both look each value
up through the column's index.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


def among_ids(dialect: str, column: Any, ids: Collection[uuid.UUID]) -> Any:
    """``column IN ids`` for a UUID column, with ``ids`` bound as one parameter."""
    if dialect == "postgresql":
        array = sa.bindparam(None, list(ids), type_=postgresql.ARRAY(sa.Uuid()))
        return column == sa.func.any(array)
    # SQLAlchemy stores a UUID on SQLite as its 32 hex digits.
    values = sa.func.json_each(_json([value.hex for value in ids])).table_valued("value")
    return column.in_(sa.select(values.c.value))


def sqlite_rows(rows: Sequence[Sequence[Any]], *names: str) -> Any:
    """SQLite: ``rows`` (JSON-able tuples) as a table with columns ``names``, from one
    bound JSON array, to join with. A UUID must be given as its ``.hex``."""
    items = sa.func.json_each(_json([list(row) for row in rows])).table_valued("value")
    columns = [
        sa.func.json_extract(items.c.value, f"$[{index}]").label(name)
        for index, name in enumerate(names)
    ]
    return sa.select(*columns).subquery()


def _json(value: Any) -> sa.BindParameter[str]:
    return sa.bindparam(None, json.dumps(value, separators=(",", ":")), type_=sa.String())
