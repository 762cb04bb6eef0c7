"""Prefect's block objects (``prefect.client.schemas.objects``): ``BlockType``,
``BlockSchema`` and ``BlockDocument``, read from flowql's API.

Built from the GraphQL answers with ``from_api(node)``. A document's ``data``
holds its nested blocks in place; its secret values are ``********`` unless it
was read with ``include_secrets=True`` (lists never reveal them).
``is_protected`` (Prefect's built-in types) is always False and
``block_document_references`` always empty: nested blocks are already in
``data``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from flowql.client.schemas.base import ApiModel

__all__ = ["BlockDocument", "BlockSchema", "BlockType"]


class BlockType(ApiModel):
    """A kind of block: ``slug`` names it, the rest describes it."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    name: str
    slug: str
    logo_url: str | None = None
    documentation_url: str | None = None
    description: str | None = None
    code_example: str | None = None
    is_protected: bool = False


class BlockSchema(ApiModel):
    """One version of a block type's fields (a JSON Schema), identified by checksum."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    checksum: str
    fields: dict[str, Any] = Field(default_factory=dict)
    block_type_id: uuid.UUID | None = None
    block_type: BlockType | None = None
    capabilities: list[str] = Field(default_factory=list)
    version: str | None = None


class BlockDocument(ApiModel):
    """A saved block: its ``data`` (nested blocks in place), its type and schema."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    name: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    block_schema_id: uuid.UUID
    block_schema: BlockSchema | None = None
    block_type_id: uuid.UUID
    block_type_name: str | None = None
    block_type: BlockType | None = None
    block_document_references: dict[str, dict[str, Any]] = Field(default_factory=dict)
    is_anonymous: bool = False

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        schema = data.get("blockSchema")
        if isinstance(schema, dict) and "blockType" not in data:
            data["blockType"] = schema.get("blockType")
        return data
