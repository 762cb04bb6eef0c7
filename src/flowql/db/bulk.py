"""Execute one insert for many rows, with SQLAlchemy's per-row work done once on SQLite.

``session.execute(insert, rows)`` compiles the statement from its cache, then,
for every row, builds its parameters and runs each value's type conversion
through several layers (about 60 % of the time a 1,000-task-run batch takes
on SQLite). ``execute_many`` compiles the statement once per process, resolves
each parameter's conversion once, turns the rows into tuples in one tight
loop and hands them to the driver's ``executemany`` untouched. The SQL text,
the parameter order and the conversions are SQLAlchemy's own, so what is
stored is byte for byte what ``session.execute`` would store (a test checks
it). On PostgreSQL, asyncpg's executemany already does this in C:
``session.execute`` is used as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert
from sqlalchemy.types import TypeEngine, Uuid


@dataclass(frozen=True)
class _Compiled:
    sql: str
    to_tuples: Callable[[Sequence[dict[str, Any]]], list[tuple[Any, ...]]]


_compiled: dict[tuple[str, str, tuple[str, ...]], _Compiled] = {}


async def execute_many(
    session: AsyncSession, name: str, build: Callable[[], Insert], rows: Sequence[dict[str, Any]]
) -> None:
    """Insert ``rows`` (dicts with the same keys) with the statement ``build()`` makes.

    ``name`` identifies the statement for the compile cache: the same name must
    always build the same statement.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        await session.execute(build(), rows)
        return
    compiled = _compile(dialect, name, build, tuple(rows[0]))
    connection = await session.connection()
    await connection.exec_driver_sql(compiled.sql, compiled.to_tuples(rows))


def _converter(type_: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """The type's bind conversion; for JSON, with None, {} and [] answered from a
    table (they fill most rows' JSON columns, and serialising each costs ~3 us),
    and the object serialised last answered again when it comes again: rows share
    objects (a batch's runs one retry policy, inputs without upstream runs), which
    the services treat as read-only."""
    impl = type_.dialect_impl(dialect)
    convert = impl.bind_processor(dialect)
    if convert is None or not isinstance(impl, JSON):
        return convert
    known = {"none": convert(None), "dict": convert({}), "list": convert([])}
    # (object, its text), replaced whole so that threads never see half of one; the
    # reference keeps the object alive, so its id cannot pass to another object.
    last: tuple[Any, Any] = (None, known["none"])

    def converted(value: Any) -> Any:
        nonlocal last
        if value is None:
            return known["none"]
        if not value and type(value) in (dict, list):
            return known[type(value).__name__]
        seen = last
        if value is seen[0]:
            return seen[1]
        text = convert(value)
        last = (value, text)
        return text

    return converted


def _compile(
    dialect: Dialect, name: str, build: Callable[[], Insert], keys: tuple[str, ...]
) -> _Compiled:
    cache_key = (dialect.name, name, keys)
    found = _compiled.get(cache_key)
    if found is not None:
        return found
    compiled = build().compile(dialect=dialect, column_keys=list(keys))
    assert compiled.positiontup is not None, "SQLite's parameters are positional"
    names = tuple(compiled.positiontup)
    missing = set(names) - set(keys)
    if missing:  # a column default SQLAlchemy would fill in per row: give it in the rows
        raise ValueError(f"{name}: the rows lack {sorted(missing)}")
    types = [compiled.binds[name].type.dialect_impl(dialect) for name in names]
    converters = [_converter(compiled.binds[name].type, dialect) for name in names]
    uuid_hex = [isinstance(type_, Uuid) and type_.as_uuid for type_ in types]
    found = _Compiled(str(compiled), _row_converter(names, converters, uuid_hex))
    _compiled[cache_key] = found
    return found


def _row_converter(
    names: Sequence[str],
    converters: Sequence[Callable[[Any], Any] | None],
    uuid_hex: Sequence[bool],
) -> Callable[[Sequence[dict[str, Any]]], list[tuple[Any, ...]]]:
    """A function turning rows into parameter tuples, written out for this statement:
    ``[(c0(row["id"]), row["name"], ...) for row in rows]``. A generic loop over
    (key, converter) pairs spent about as long on the looping as on converting.
    SQLAlchemy's UUID conversion on SQLite (``value.hex``) is written inline: a
    10,000-task batch converts 180,000 ids."""
    items = []
    for index, (name, convert, is_uuid) in enumerate(zip(names, converters, uuid_hex, strict=True)):
        if is_uuid:
            items.append(f"(None if (v{index} := row[{name!r}]) is None else v{index}.hex)")
        elif convert is None:
            items.append(f"row[{name!r}]")
        else:
            items.append(f"c{index}(row[{name!r}])")
    source = f"def to_tuples(rows):\n    return [({', '.join(items)},) for row in rows]\n"
    namespace: dict[str, Any] = {
        f"c{index}": convert for index, convert in enumerate(converters) if convert is not None
    }
    exec(compile(source, f"<flowql.db.bulk: {len(names)} columns>", "exec"), namespace)
    return namespace["to_tuples"]  # type: ignore[no-any-return]
