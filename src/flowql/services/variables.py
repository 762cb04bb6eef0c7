"""Create, set (upsert), update and delete variables, each with its lifecycle event.

``flowql.variable.created`` / ``updated`` (the payload names the fields that
changed) / ``deleted`` about ``flowql.variable.<id>``. Values are not put in
events: they are configuration, read where needed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.errors import ConflictError, InvalidInputError, NotFoundError
from flowql.core.variables import variable_name_problem, variable_value_problem
from flowql.db import models as m
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.lifecycle import lifecycle_event
from flowql.services.unique import insert_unless_duplicate
from flowql.services.validation import check_tags

KEEP: Any = object()
"""Leave the field as it is (``value=None`` sets the JSON value null)."""


def check_variable_name(name: str, *, field: str = "name") -> str:
    if (problem := variable_name_problem(name)) is not None:
        raise InvalidInputError(problem, field=(field,))
    return name


def check_variable_value(name: str, value: Any) -> Any:
    if (problem := variable_value_problem(name, value)) is not None:
        raise InvalidInputError(problem, field=("value",))
    return value


async def create_variable(
    db: Database, *, name: str, value: Any, tags: Sequence[str] | None = None
) -> m.Variable:
    """Create a variable; a CONFLICT if one of that name exists (as Prefect's API)."""
    variable, _ = await set_variable(db, name=name, value=value, tags=tags)
    return variable


async def set_variable(
    db: Database,
    *,
    name: str,
    value: Any,
    tags: Sequence[str] | None = None,
    overwrite: bool = False,
) -> tuple[m.Variable, bool]:
    """Create the variable, or with ``overwrite`` replace the value and tags of the one
    of that name (tags None: none, as Prefect's ``Variable.set``); True if created.
    Without ``overwrite`` an existing name is a CONFLICT. Atomic: concurrent sets of
    one name create it once."""
    check_variable_name(name)
    check_variable_value(name, value)
    checked_tags = check_tags(tags or [])
    row = m.Variable(name=name, value=value, tags=checked_tags)
    async with db.transaction() as session:
        same = sa.select(m.Variable).where(m.Variable.name == name).with_for_update()
        existing = await insert_unless_duplicate(session, row, same)
        if existing is None:
            await outbox.emit(session, [lifecycle_event("variable", row.id, name, "created")])
            return row, True
        if not overwrite:
            raise _exists(name)
        await _change(session, existing, {"value": value, "tags": checked_tags})
    return existing, False


async def update_variable(
    db: Database,
    name: str,
    *,
    value: Any = KEEP,
    tags: Sequence[str] | None = None,
    new_name: str | None = None,
) -> m.Variable:
    """Change the fields given of the variable ``name`` (``value=None`` is JSON null)."""
    given: dict[str, Any] = {}
    if new_name is not None:
        given["name"] = check_variable_name(new_name, field="newName")
    if value is not KEEP:
        given["value"] = check_variable_value(new_name or name, value)
    if tags is not None:
        given["tags"] = check_tags(tags)
    if not given:
        raise InvalidInputError("nothing to update: give value, tags and/or newName")
    async with db.transaction() as session:
        statement = sa.select(m.Variable).where(m.Variable.name == name).with_for_update()
        variable = await session.scalar(statement)
        if variable is None:
            raise NotFoundError(f"variable {name!r} not found", field=("name",))
        if new_name is not None and new_name != name:
            taken = await session.scalar(
                sa.select(m.Variable.id).where(m.Variable.name == new_name)
            )
            if taken is not None:
                raise ConflictError(f"variable {new_name!r} already exists", field=("newName",))
        try:
            async with session.begin_nested():
                await _change(session, variable, given)
        except IntegrityError:  # a concurrent create of new_name won
            raise ConflictError(
                f"variable {new_name!r} already exists", field=("newName",)
            ) from None
    return variable


async def delete_variable(
    db: Database, *, id: uuid.UUID | None = None, name: str | None = None
) -> uuid.UUID:
    """Delete the variable with this id or name (exactly one); returns its id."""
    if (id is None) == (name is None):
        raise InvalidInputError("give the variable's id or its name (one of them)", field=())
    where = m.Variable.id == id if id is not None else m.Variable.name == name
    async with db.transaction() as session:
        deleted = (
            await session.execute(
                sa.delete(m.Variable).where(where).returning(m.Variable.id, m.Variable.name)
            )
        ).first()
        if deleted is None:
            what = f"variable {name!r}" if name is not None else f"variable {id}"
            raise NotFoundError(f"{what} not found", field=("id",) if id else ("name",))
        variable_id, variable_name = deleted
        await outbox.emit(
            session, [lifecycle_event("variable", variable_id, variable_name, "deleted")]
        )
    return uuid.UUID(str(variable_id))


async def _change(session: AsyncSession, variable: m.Variable, given: dict[str, Any]) -> None:
    changed = sorted(
        key for key, value in given.items() if not _same(getattr(variable, key), value)
    )
    for key in changed:
        setattr(variable, key, given[key])
    if changed:
        await session.flush()
        payload = {"fields": changed}
        event = lifecycle_event("variable", variable.id, variable.name, "updated", payload)
        await outbox.emit(session, [event])


def _same(stored: Any, given: Any) -> bool:
    """Equal as JSON: 1, 1.0 and True are three different values."""
    return json.dumps(stored, sort_keys=True) == json.dumps(given, sort_keys=True)


def _exists(name: str) -> ConflictError:
    return ConflictError(
        f"variable {name!r} already exists; set it with overwrite=True to replace its value",
        field=("name",),
    )
