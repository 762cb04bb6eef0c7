"""Block calls of the SDK: the block services, in-process, in embedded mode only.

The GraphQL API does not expose blocks yet, so remote mode (``FLOWQL_API_URL``)
raises ``ApiError`` saying so. What the API needs for remote mode: a
``registerBlockType(input: {slug name logoUrl documentationUrl description
codeExample fields capabilities version})`` mutation returning the block type
and schema (id, checksum); ``saveBlockDocument(input: {name blockSchemaId data
overwrite})`` returning the document (masked) and ``created``;
``deleteBlockDocument(input: {id})``; and a ``blockDocument(id | name +
blockTypeSlug, includeSecrets: Boolean = false)`` query whose ``data`` is
masked unless ``includeSecrets`` (only for an authorized caller).

Answers are plain JSON dicts (camelCase, as the GraphQL operations would select);
refusals raise the ``ApiError`` a mutation's ``errors`` would.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from flowql.sdk.client.errors import ApiError
from flowql.sdk.client.transport import EmbeddedTransport

REMOTE_MESSAGE = (
    "blocks need embedded mode (FLOWQL_API_URL unset) until the GraphQL API exposes "
    "them: {operation} is not available against {where}"
)


def _embedded(api: Any, operation: str) -> EmbeddedTransport:
    transport = getattr(api, "transport", None)
    if not isinstance(transport, EmbeddedTransport):
        where = getattr(transport, "where", "a remote API")
        message = REMOTE_MESSAGE.format(operation=operation, where=where)
        raise ApiError(message, errors=[{"code": "NOT_IMPLEMENTED", "message": message}])
    return transport


async def register_block_type(
    api: Any,
    *,
    slug: str,
    name: str,
    fields: dict[str, Any],
    description: str | None = None,
    logo_url: str | None = None,
    documentation_url: str | None = None,
    code_example: str | None = None,
    capabilities: Sequence[str] = (),
    version: str | None = None,
) -> dict[str, Any]:
    """Register the block type and its schema; ``{blockTypeId, blockSchemaId, checksum}``."""
    from flowql.sdk.client.local_api import _refusing
    from flowql.services import block_types

    transport = _embedded(api, "registerBlockType")
    await transport.ensure_ready()
    described = block_types.BlockTypeInput(
        slug=slug,
        name=name,
        logo_url=logo_url,
        documentation_url=documentation_url,
        description=description,
        code_example=code_example,
    )
    block_type, schema = await _refusing(
        "registerBlockType",
        lambda: block_types.register_block_type(
            transport.db, described, fields, capabilities=capabilities, version=version
        ),
    )
    return {
        "blockTypeId": str(block_type.id),
        "blockSchemaId": str(schema.id),
        "checksum": schema.checksum,
    }


async def save_block_document(
    api: Any,
    *,
    name: str | None,
    block_schema_id: uuid.UUID | str,
    data: dict[str, Any],
    overwrite: bool = False,
) -> dict[str, Any]:
    """Save the document (secret values masked in the answer) and whether it was created."""
    from flowql.sdk.client.local_api import _refusing
    from flowql.services import blocks
    from flowql.services.encryption import cipher_for

    transport = _embedded(api, "saveBlockDocument")
    await transport.ensure_ready()
    view, created = await _refusing(
        "saveBlockDocument",
        lambda: blocks.save_block_document(
            transport.db,
            cipher_for(transport.settings),
            name=name,
            block_schema_id=uuid.UUID(str(block_schema_id)),
            data=data,
            overwrite=overwrite,
        ),
    )
    return {**_document_json(view), "created": created}


async def read_block_document(
    api: Any, *, block_type_slug: str, name: str, include_secrets: bool = False
) -> dict[str, Any] | None:
    """The document ``name`` of the block type, or None; secrets masked unless asked."""
    from flowql.sdk.client.local_api import _refusing
    from flowql.services import blocks
    from flowql.services.encryption import cipher_for

    transport = _embedded(api, "blockDocument")
    await transport.ensure_ready()
    view = await _refusing(
        "blockDocument",
        lambda: blocks.read_block_document(
            transport.db,
            cipher_for(transport.settings),
            name=name,
            block_type_slug=block_type_slug,
            include_secrets=include_secrets,
        ),
    )
    return None if view is None else _document_json(view)


async def delete_block_document(api: Any, id: uuid.UUID | str) -> bool:
    """Delete the document; False if there was none."""
    from flowql.core.errors import NotFoundError
    from flowql.services import blocks

    transport = _embedded(api, "deleteBlockDocument")
    await transport.ensure_ready()
    try:
        await blocks.delete_block_document(transport.db, uuid.UUID(str(id)))
    except NotFoundError:
        return False
    return True


def _document_json(view: Any) -> dict[str, Any]:
    return {
        "id": str(view.id),
        "name": view.name,
        "isAnonymous": view.is_anonymous,
        "data": view.data,
        "blockTypeSlug": view.block_type_slug,
        "blockTypeName": view.block_type_name,
        "blockSchemaId": str(view.block_schema_id),
        "blockSchemaChecksum": view.block_schema_checksum,
    }
