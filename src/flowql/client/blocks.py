"""``FlowqlClient``'s block methods (Prefect's names) and their blocking twins.

Reads answer Prefect's ``BlockDocument``, ``BlockType`` and ``BlockSchema``
(``flowql.client.schemas.blocks``); a missing object raises ``ObjectNotFound``.
A single document is read with its secrets revealed by default, as in Prefect;
lists always show them as ``********`` (flowql's API never reveals secrets in
a list), so ``read_block_documents(include_secrets=True)`` raises
``NotImplementedError`` rather than answering masked values.
"""

from __future__ import annotations

import uuid

from flowql.client.blocking import blocking
from flowql.client.checks import mutation_payload
from flowql.client.core import ClientCore
from flowql.client.schemas.blocks import BlockDocument, BlockSchema, BlockType

__all__ = ["BlockMethods", "SyncBlockMethods"]

MAX_LIST = 200


class BlockMethods(ClientCore):
    """Reading and writing blocks through the API."""

    async def read_block_document(
        self, block_document_id: uuid.UUID | str, include_secrets: bool = True
    ) -> BlockDocument:
        """The block document with this id (secrets revealed unless ``include_secrets=False``)."""
        node = await self._read_one(
            "ClientReadBlockDocument",
            "blockDocument",
            "block document",
            id=str(block_document_id),
            includeSecrets=include_secrets,
        )
        return BlockDocument.from_api(node)

    async def read_block_document_by_name(
        self, name: str, block_type_slug: str, include_secrets: bool = True
    ) -> BlockDocument:
        """The block document ``name`` of the block type ``block_type_slug``."""
        node = await self._read_one(
            "ClientReadBlockDocument",
            "blockDocument",
            "block document",
            name=name,
            blockTypeSlug=block_type_slug,
            includeSecrets=include_secrets,
        )
        return BlockDocument.from_api(node)

    async def read_block_documents(
        self,
        block_schema_type: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
        include_secrets: bool = False,
        *,
        include_anonymous: bool = False,
    ) -> list[BlockDocument]:
        """Block documents ordered by name, secrets masked; only those of the block
        type ``block_schema_type`` (a slug) if given; anonymous ones only if asked."""
        if include_secrets:
            raise NotImplementedError(
                "read_block_documents(include_secrets=True) is not supported: lists never "
                "reveal secrets; read each with read_block_document(id)"
            )
        where: dict[str, object] = {"isAnonymous": None if include_anonymous else False}
        if block_schema_type is not None:
            where["blockTypeSlug"] = {"any": [block_schema_type]}
        nodes = await self._walk(
            "ClientReadBlockDocuments",
            ("blockDocuments",),
            {"filter": where},
            limit=limit,
            offset=offset,
        )
        return [BlockDocument.from_api(node) for node in nodes]

    async def read_block_documents_by_type(
        self,
        block_type_slug: str,
        offset: int | None = None,
        limit: int | None = None,
        include_secrets: bool = False,
    ) -> list[BlockDocument]:
        """The named block documents of the block type ``block_type_slug``."""
        return await self.read_block_documents(block_type_slug, offset, limit, include_secrets)

    async def read_block_types(self) -> list[BlockType]:
        """Every block type, ordered by slug (the first 200)."""
        data = await self._execute("ClientReadBlockTypes", {"first": MAX_LIST})
        return [BlockType.from_api(node) for node in data["blockTypes"]]

    async def read_block_type_by_slug(self, slug: str) -> BlockType:
        """The block type ``slug``; ``ObjectNotFound`` if there is none."""
        node = await self._read_one(
            "ClientReadBlockTypeBySlug", "blockType", "block type", slug=slug
        )
        return BlockType.from_api(node)

    async def read_block_schemas(self, block_type_slug: str | None = None) -> list[BlockSchema]:
        """Block schemas, newest first (the latest 200); only of one block type if given."""
        variables = {"blockTypeSlug": block_type_slug, "first": MAX_LIST}
        data = await self._execute("ClientReadBlockSchemas", variables)
        return [BlockSchema.from_api(node) for node in data["blockSchemas"]]

    async def delete_block_document(self, block_document_id: uuid.UUID | str) -> None:
        """Delete the block document (and the anonymous ones only it held);
        ``ObjectNotFound`` if there is none."""
        variables = {"input": {"id": str(block_document_id)}}
        data = await self._execute("DeleteBlockDocument", variables)
        mutation_payload(data, "deleteBlockDocument")


class SyncBlockMethods:
    """The blocking twins of :class:`BlockMethods`, for ``SyncFlowqlClient``.

    Each is ``name = blocking(Methods.name)`` (``flowql.client.blocking``).
    """

    read_block_document = blocking(BlockMethods.read_block_document)
    read_block_document_by_name = blocking(BlockMethods.read_block_document_by_name)
    read_block_documents = blocking(BlockMethods.read_block_documents)
    read_block_documents_by_type = blocking(BlockMethods.read_block_documents_by_type)
    read_block_types = blocking(BlockMethods.read_block_types)
    read_block_type_by_slug = blocking(BlockMethods.read_block_type_by_slug)
    read_block_schemas = blocking(BlockMethods.read_block_schemas)
    delete_block_document = blocking(BlockMethods.delete_block_document)
