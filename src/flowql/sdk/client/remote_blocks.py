"""Block calls of the SDK in remote mode (``FLOWQL_API_URL`` set): the block
mutations and the ``blockDocument`` query, as the ``.graphql`` documents in
``operations/``, sent through the client's transport.

Answers are the JSON the documents select, the same dicts ``local_blocks``
builds in embedded mode; a payload's ``errors`` raise ``ApiError``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.operations import operation


async def register_block_type(
    transport: Any,
    *,
    slug: str,
    name: str,
    fields: dict[str, Any],
    description: str | None,
    logo_url: str | None,
    documentation_url: str | None,
    code_example: str | None,
    capabilities: Sequence[str],
    version: str | None,
) -> dict[str, Any]:
    """``{blockTypeId, blockSchemaId, checksum}`` of the registered type and schema."""
    input = {
        "slug": slug,
        "name": name,
        "fields": fields,
        "description": description,
        "logoUrl": logo_url,
        "documentationUrl": documentation_url,
        "codeExample": code_example,
        "capabilities": list(capabilities),
        "version": version,
    }
    payload = await _mutate(transport, "RegisterBlockType", "registerBlockType", input)
    return {
        "blockTypeId": payload["blockTypeId"],
        "blockSchemaId": payload["blockSchemaId"],
        "checksum": payload["checksum"],
    }


async def save_block_document(
    transport: Any,
    *,
    name: str | None,
    block_schema_id: uuid.UUID | str,
    data: dict[str, Any],
    overwrite: bool,
) -> dict[str, Any]:
    """The saved document (secrets masked) and ``created``."""
    input = {
        "name": name,
        "blockSchemaId": str(block_schema_id),
        "data": data,
        "overwrite": overwrite,
    }
    payload = await _mutate(transport, "SaveBlockDocument", "saveBlockDocument", input)
    return {**payload["blockDocument"], "created": payload["created"]}


async def read_block_document(
    transport: Any, *, block_type_slug: str, name: str, include_secrets: bool
) -> dict[str, Any] | None:
    """The document, or None."""
    variables = {"name": name, "blockTypeSlug": block_type_slug, "includeSecrets": include_secrets}
    data = await transport.execute(operation("ReadBlockDocument"), variables)
    document = data["blockDocument"]
    return None if document is None else dict(document)


async def delete_block_document(transport: Any, id: uuid.UUID | str) -> bool:
    """Delete the document; False if there was none."""
    try:
        await _mutate(transport, "DeleteBlockDocument", "deleteBlockDocument", {"id": str(id)})
    except ApiError as error:
        if any(detail.get("code") == "NOT_FOUND" for detail in error.errors):
            return False
        raise
    return True


async def _mutate(transport: Any, name: str, field: str, input: dict[str, Any]) -> dict[str, Any]:
    data = await transport.execute(operation(name), {"input": input})
    payload: dict[str, Any] = data[field]
    errors = payload.get("errors") or []
    if errors:
        messages = "; ".join(f"{error['code']}: {error['message']}" for error in errors)
        raise ApiError(f"{field} refused: {messages}", errors=errors)
    return payload
