"""Blocks in the API: block types and block documents (Prefect's blocks).

A document's ``data`` shows every secret value as ``********`` unless the query
asked ``includeSecrets``; saving ``********`` back keeps the stored secret.
"""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from strawberry.scalars import JSON


@strawberry.type(description="A kind of block; its slug names it, the rest describes it.")
class BlockType:
    id: uuid.UUID
    slug: str
    name: str
    logo_url: str | None
    documentation_url: str | None
    description: str | None
    code_example: str | None


@strawberry.type(description="A saved block: a named value of a block type's schema.")
class BlockDocument:
    id: uuid.UUID
    name: str = strawberry.field(description="Anonymous documents are `anonymous-<uuid>`.")
    is_anonymous: bool
    data: JSON = strawberry.field(
        description="The fields, nested blocks in place; secret values are `********` "
        "unless the query asked includeSecrets."
    )
    block_type_slug: str
    block_type_name: str
    block_schema_id: uuid.UUID
    block_schema_checksum: str

    @classmethod
    def of(cls, view: Any) -> BlockDocument:
        """From a ``services.blocks.BlockDocumentView``."""
        return cls(
            id=view.id,
            name=view.name,
            is_anonymous=view.is_anonymous,
            data=view.data,
            block_type_slug=view.block_type_slug,
            block_type_name=view.block_type_name,
            block_schema_id=view.block_schema_id,
            block_schema_checksum=view.block_schema_checksum,
        )
