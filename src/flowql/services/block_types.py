"""Register block types and block schemas: idempotent, so every ``Block.save`` may call it.

A block type is found by its slug and its description updated in place; a
block schema by its checksum (``core.blocks.schema_checksum`` of its fields),
so the same schema registers once whoever sends it and however often.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from flowql.core.blocks import block_type_slug_problem, schema_checksum
from flowql.core.errors import InvalidInputError
from flowql.db import models as m
from flowql.db.database import Database
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
    checksum = schema_checksum(fields)
    async with db.transaction() as session:
        row = m.BlockType(**{"slug": block_type.slug, **_described(block_type)})
        same_type = sa.select(m.BlockType).where(m.BlockType.slug == block_type.slug)
        type_row = await insert_unless_duplicate(session, row, same_type.with_for_update())
        if type_row is None:
            type_row = row
        else:
            for key, value in _described(block_type).items():
                if getattr(type_row, key) != value:
                    setattr(type_row, key, value)
        schema = m.BlockSchema(
            checksum=checksum,
            fields=dict(fields),
            block_type_id=type_row.id,
            capabilities=sorted(set(capabilities)),
            version=version,
        )
        same_schema = sa.select(m.BlockSchema).where(m.BlockSchema.checksum == checksum)
        existing = await insert_unless_duplicate(session, schema, same_schema)
        if existing is not None:
            if existing.block_type_id != type_row.id:
                raise InvalidInputError(
                    f"this schema ({checksum}) is registered for another block type",
                    field=("fields",),
                )
            schema = existing
        await session.flush()
    return type_row, schema


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
