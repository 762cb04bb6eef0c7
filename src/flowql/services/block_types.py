"""Register block types and block schemas: idempotent, so every ``Block.save`` may call it.

A block type is found by its slug and its description updated in place; a
block schema by its checksum (``core.blocks.schema_checksum`` of its fields),
so the same schema registers once whoever sends it and however often.

Only a change is an event, in the registration's transaction:
``flowql.block-type.created``, ``flowql.block-type.updated`` (the payload names
the descriptive fields that changed) and ``flowql.block-schema.created``
(related to its block type). Registering the same type and schema again
emits nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.blocks import block_type_slug_problem, schema_checksum
from flowql.core.errors import InvalidInputError
from flowql.core.resources import related
from flowql.db import models as m
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.lifecycle import Action, lifecycle_event
from flowql.events.outbox import NewEvent
from flowql.services.block_data import check_block_schema
from flowql.services.unique import insert_unless_duplicate


@dataclass(frozen=True, slots=True)
class BlockTypeInput:
    """What describes a block type; ``slug`` identifies it."""

    slug: str
    name: str
    logo_url: str | None = None
    documentation_url: str | None = None
    description: str | None = None
    code_example: str | None = None


_DESCRIPTIVE = ("name", "logo_url", "documentation_url", "description", "code_example")


async def register_block_type(
    db: Database,
    block_type: BlockTypeInput,
    fields: Mapping[str, Any],
    *,
    capabilities: Sequence[str] = (),
    version: str | None = None,
) -> tuple[m.BlockType, m.BlockSchema]:
    """The block type of ``block_type.slug`` (created, or its description brought up
    to date) and its schema of these ``fields`` (created unless one of that checksum
    exists). Safe to call concurrently."""
    if (problem := block_type_slug_problem(block_type.slug)) is not None:
        raise InvalidInputError(problem, field=("slug",))
    if not isinstance(fields, Mapping) or fields.get("type") != "object":
        raise InvalidInputError(
            f"the schema of block type {block_type.slug!r} must be a JSON Schema of type 'object'",
            field=("fields",),
        )
    check_block_schema(block_type.slug, fields)
    checksum = schema_checksum(fields)
    async with db.transaction() as session:
        type_row = await _upsert_type(session, block_type)
        schema = m.BlockSchema(
            checksum=checksum,
            fields=dict(fields),
            block_type_id=type_row.id,
            capabilities=sorted(set(capabilities)),
            version=version,
        )
        same_schema = sa.select(m.BlockSchema).where(m.BlockSchema.checksum == checksum)
        existing = await insert_unless_duplicate(session, schema, same_schema)
        if existing is None:
            await outbox.emit(session, [_schema_created(schema, type_row)])
        elif existing.block_type_id != type_row.id:
            raise InvalidInputError(
                f"this schema ({checksum}) is registered for another block type",
                field=("fields",),
            )
        else:
            schema = existing
        await session.flush()
    return type_row, schema


async def _upsert_type(session: AsyncSession, block_type: BlockTypeInput) -> m.BlockType:
    """The block type of the slug, created or brought up to date; its event if it changed."""
    described = _described(block_type)
    row = m.BlockType(slug=block_type.slug, **described)
    same_type = sa.select(m.BlockType).where(m.BlockType.slug == block_type.slug)
    existing: m.BlockType | None = await insert_unless_duplicate(
        session, row, same_type.with_for_update()
    )
    if existing is None:
        await outbox.emit(session, [_type_event(row, "created")])
        return row
    changed = sorted(key for key, value in described.items() if getattr(existing, key) != value)
    for key in changed:
        setattr(existing, key, described[key])
    if changed:
        await outbox.emit(session, [_type_event(existing, "updated", {"fields": changed})])
    return existing


async def read_block_type(db: Database, slug: str) -> m.BlockType | None:
    """The block type of ``slug``, or None."""
    async with db.session() as session:
        return await session.scalar(sa.select(m.BlockType).where(m.BlockType.slug == slug))


async def read_block_schema(db: Database, checksum: str) -> m.BlockSchema | None:
    """The block schema of ``checksum``, or None."""
    async with db.session() as session:
        statement = sa.select(m.BlockSchema).where(m.BlockSchema.checksum == checksum)
        return await session.scalar(statement)


def _described(block_type: BlockTypeInput) -> dict[str, Any]:
    return {key: getattr(block_type, key) for key in _DESCRIPTIVE}


def _type_event(
    row: m.BlockType, action: Action, payload: dict[str, Any] | None = None
) -> NewEvent:
    return lifecycle_event("block-type", row.id, row.slug, action, payload)


def _schema_created(schema: m.BlockSchema, block_type: m.BlockType) -> NewEvent:
    about = related("block-type", block_type.id, role="block-type", name=block_type.slug)
    payload = {"checksum": schema.checksum, "version": schema.version}
    return lifecycle_event("block-schema", schema.id, schema.checksum, "created", payload, [about])
