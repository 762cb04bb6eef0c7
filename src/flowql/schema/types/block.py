"""Blocks in the API: block types, block schemas and block documents (Prefect's blocks).

A document's ``data`` shows every secret value as ``********`` unless the query
asked ``includeSecrets`` (never in lists); saving ``********`` back keeps the
stored secret. A document's ``blockType`` and ``blockSchema`` and a schema's
``blockType`` come from per-request loaders, one query for a whole page.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from flowql.schema.rows import from_row


@strawberry.type(description="A kind of block; its slug names it, the rest describes it.")
class BlockType:
    id: uuid.UUID
    created: datetime
    updated: datetime
    slug: str
    name: str
    logo_url: str | None
    documentation_url: str | None
    description: str | None
    code_example: str | None


@strawberry.type(
    description="One version of a block type's fields: a JSON Schema with `secret_fields` "
    "and `block_schema_references`, registered once per checksum."
)
class BlockSchema:
    id: uuid.UUID
    created: datetime
    updated: datetime
    checksum: str
    fields: JSON
    capabilities: list[str]
    version: str | None
    block_type_id: uuid.UUID

    @strawberry.field
    async def block_type(self, info: strawberry.Info) -> BlockType:
        return await _block_type(info, self.block_type_id)


@strawberry.type(description="A field of a block document that holds another document.")
class BlockDocumentReference:
    field: str
    block_document_id: uuid.UUID


@strawberry.type(description="A saved block: a named value of a block type's schema.")
class BlockDocument:
    id: uuid.UUID
    created: datetime
    updated: datetime
    name: str = strawberry.field(description="Anonymous documents are `anonymous-<uuid>`.")
    is_anonymous: bool
    data: JSON = strawberry.field(
        description="The fields, nested blocks in place; secret values are `********` "
        "unless the query asked includeSecrets."
    )
    block_type_id: uuid.UUID
    block_type_slug: str
    block_type_name: str
    block_schema_id: uuid.UUID
    block_schema_checksum: str
    references: list[BlockDocumentReference] = strawberry.field(
        description="The fields that hold another document (whose data is in `data` "
        "too), with its id: what a form needs to keep pointing at the same document."
    )

    @strawberry.field
    async def block_type(self, info: strawberry.Info) -> BlockType:
        return await _block_type(info, self.block_type_id)

    @strawberry.field
    async def block_schema(self, info: strawberry.Info) -> BlockSchema:
        row = await info.context.loaders.block_schema_by_id.load(self.block_schema_id)
        return from_row(BlockSchema, row)

    @classmethod
    def of(cls, view: Any) -> BlockDocument:
        """From a ``services.block_views.BlockDocumentView``."""
        return cls(
            id=view.id,
            created=view.created,
            updated=view.updated,
            name=view.name,
            is_anonymous=view.is_anonymous,
            data=view.data,
            block_type_id=view.block_type_id,
            block_type_slug=view.block_type_slug,
            block_type_name=view.block_type_name,
            block_schema_id=view.block_schema_id,
            block_schema_checksum=view.block_schema_checksum,
            references=[
                BlockDocumentReference(field=key, block_document_id=child)
                for key, child in sorted(view.references.items())
            ],
        )


async def _block_type(info: strawberry.Info, id: uuid.UUID) -> BlockType:
    row = await info.context.loaders.block_type_by_id.load(id)
    return from_row(BlockType, row)
