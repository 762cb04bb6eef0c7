"""Blocks in the API: the ``blockDocument`` and ``blockTypes`` queries and the
mutations that register block types and save and delete block documents.

Secret values are ``********`` in every answer unless a ``blockDocument`` query
asks ``includeSecrets``. A server with ``FLOWQL_API_KEY`` set has authenticated
every caller before a resolver runs, so any caller it lets in may ask for them.
Merged into the root Query and Mutation by ``schema/build.py``.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
import strawberry

from flowql.core.errors import InvalidInputError
from flowql.db import models as m
from flowql.resolvers import convert
from flowql.resolvers.mutation import errors_as_data
from flowql.schema import inputs as i
from flowql.schema import payloads as p
from flowql.schema.rows import from_row
from flowql.schema.types.block import BlockDocument, BlockType
from flowql.services import block_types, blocks
from flowql.services.encryption import SecretCipher, cipher_for

MAX_BLOCK_TYPES = 200


def _db(info: strawberry.Info) -> Any:
    return info.context.db


def _cipher(info: strawberry.Info) -> SecretCipher:
    return cipher_for(info.context.settings)


@strawberry.type
class BlockQuery:
    @strawberry.field(
        description="A block document by its id, or by its name and block type slug; or "
        "null. Secret values are `********` unless includeSecrets."
    )
    async def block_document(
        self,
        info: strawberry.Info,
        id: uuid.UUID | None = None,
        name: str | None = None,
        block_type_slug: str | None = None,
        include_secrets: bool = False,
    ) -> BlockDocument | None:
        if (id is None) == (name is None or block_type_slug is None):
            raise InvalidInputError(
                "give the block document's id, or its name and block type slug (one of them)"
            )
        view = await blocks.read_block_document(
            _db(info),
            _cipher(info),
            id=id,
            name=name,
            block_type_slug=block_type_slug,
            include_secrets=include_secrets,
        )
        return None if view is None else BlockDocument.of(view)

    @strawberry.field(description="Block types ordered by slug, the first `first` (at most 200).")
    async def block_types(self, info: strawberry.Info, first: int = 50) -> list[BlockType]:
        if not 0 <= first <= MAX_BLOCK_TYPES:
            raise InvalidInputError(f"first must be 0 to {MAX_BLOCK_TYPES}", field=("first",))
        statement = sa.select(m.BlockType).order_by(m.BlockType.slug).limit(first)
        async with _db(info).session() as session:
            rows = (await session.scalars(statement)).all()
        return [from_row(BlockType, row) for row in rows]


@strawberry.type
class BlockMutation:
    @strawberry.mutation(
        description="Register a block type (by slug; its description kept up to date) and "
        "the schema of its fields (once per checksum). Safe to repeat."
    )
    @errors_as_data(p.RegisterBlockTypePayload)
    async def register_block_type(
        self, info: strawberry.Info, input: i.RegisterBlockTypeInput
    ) -> p.RegisterBlockTypePayload:
        block_type, schema = await block_types.register_block_type(
            _db(info),
            convert.block_type_input(input),
            convert.json_object(input.fields, field=("fields",)),
            capabilities=input.capabilities or (),
            version=input.version,
        )
        return p.RegisterBlockTypePayload(
            block_type_id=block_type.id, block_schema_id=schema.id, checksum=schema.checksum
        )

    @strawberry.mutation(
        description="Save a block document; with overwrite replace the data of the one of "
        "that name, else a name in use is a CONFLICT."
    )
    @errors_as_data(p.BlockDocumentPayload)
    async def save_block_document(
        self, info: strawberry.Info, input: i.SaveBlockDocumentInput
    ) -> p.BlockDocumentPayload:
        view, created = await blocks.save_block_document(
            _db(info),
            _cipher(info),
            name=input.name,
            block_schema_id=input.block_schema_id,
            data=convert.json_object(input.data, field=("data",)),
            overwrite=input.overwrite,
        )
        return p.BlockDocumentPayload(block_document=BlockDocument.of(view), created=created)

    @strawberry.mutation(
        description="Delete a block document and the anonymous ones only it referred to."
    )
    @errors_as_data(p.DeletePayload)
    async def delete_block_document(
        self, info: strawberry.Info, input: i.DeleteBlockDocumentInput
    ) -> p.DeletePayload:
        deleted = await blocks.delete_block_document(_db(info), input.id)
        return p.DeletePayload(deleted_id=deleted)
