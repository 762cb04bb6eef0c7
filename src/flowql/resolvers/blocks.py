"""Blocks in the API: the ``blockDocument``, ``blockDocuments``, ``blockType``,
``blockTypes`` and ``blockSchemas`` queries and the mutations that register
block types and save and delete block documents.

Secret values are ``********`` in every answer unless a ``blockDocument`` query
asks ``includeSecrets``; lists never show them. A page of ``blockDocuments``
builds its documents' data (nested blocks included) in a fixed number of
queries (``services.block_views.views_of``). A server with ``FLOWQL_API_KEY`` set has authenticated
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
from flowql.db.queries.pagination import PageRequest, count, fetch_page
from flowql.resolvers import convert
from flowql.resolvers.mutation import errors_as_data
from flowql.schema import inputs as i
from flowql.schema import payloads as p
from flowql.schema.connection import Connection, make_connection
from flowql.schema.rows import from_row
from flowql.schema.types.block import BlockDocument, BlockSchema, BlockType
from flowql.schema.types.block_filter import BlockDocumentFilter
from flowql.services import block_types, block_views, blocks
from flowql.services.encryption import SecretCipher, cipher_for

MAX_BLOCK_TYPES = 200


def _db(info: strawberry.Info) -> Any:
    return info.context.db


def _cipher(info: strawberry.Info) -> SecretCipher:
    return cipher_for(info.context.settings)


def _check_first(first: int) -> None:
    if not 0 <= first <= MAX_BLOCK_TYPES:
        raise InvalidInputError(f"first must be 0 to {MAX_BLOCK_TYPES}", field=("first",))


def _document_connection(
    info: strawberry.Info, where: list[sa.ColumnElement[bool]], first: int | None, after: str | None
) -> Connection[BlockDocument]:
    """A page of documents whose views (secrets masked) are built together."""
    db, cipher = _db(info), _cipher(info)
    sort_key = block_views.BLOCK_DOCUMENT_ORDER
    request = PageRequest.parse(sort_key, first, after)
    shown: dict[uuid.UUID, BlockDocument] = {}

    async def page() -> Any:
        async with db.session() as session:
            statement = sa.select(m.BlockDocument).where(*where)
            found = await fetch_page(session, statement, sort_key, request)
            views = await block_views.views_of(session, cipher, found.rows, include_secrets=False)
        shown.update((view.id, BlockDocument.of(view)) for view in views)
        return found

    async def total() -> int:
        async with db.session() as session:
            return await count(session, m.BlockDocument, where)

    return make_connection(page, total, lambda row: shown[row.id])


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
        view = await block_views.read_block_document(
            _db(info),
            _cipher(info),
            id=id,
            name=name,
            block_type_slug=block_type_slug,
            include_secrets=include_secrets,
        )
        return None if view is None else BlockDocument.of(view)

    @strawberry.field(
        description="Block documents ordered by name; anonymous ones only if the filter "
        "asks (isAnonymous). Secret values are always `********`."
    )
    def block_documents(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: BlockDocumentFilter | None = None,
    ) -> Connection[BlockDocument]:
        where = block_views.block_document_clauses(filter)
        return _document_connection(info, where, first, after)

    @strawberry.field(description="The block type of this slug, or null.")
    async def block_type(self, info: strawberry.Info, slug: str) -> BlockType | None:
        row = await block_types.read_block_type(_db(info), slug)
        return None if row is None else from_row(BlockType, row)

    @strawberry.field(
        description="Block schemas, newest first, the first `first` (at most 200); only "
        "those of one block type if blockTypeSlug is given."
    )
    async def block_schemas(
        self, info: strawberry.Info, block_type_slug: str | None = None, first: int = 50
    ) -> list[BlockSchema]:
        _check_first(first)
        statement = sa.select(m.BlockSchema)
        if block_type_slug is not None:
            statement = statement.join(m.BlockType).where(m.BlockType.slug == block_type_slug)
        statement = statement.order_by(m.BlockSchema.created.desc(), m.BlockSchema.id.desc())
        async with _db(info).session() as session:
            rows = (await session.scalars(statement.limit(first))).all()
        return [from_row(BlockSchema, row) for row in rows]

    @strawberry.field(description="Block types ordered by slug, the first `first` (at most 200).")
    async def block_types(self, info: strawberry.Info, first: int = 50) -> list[BlockType]:
        _check_first(first)
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
