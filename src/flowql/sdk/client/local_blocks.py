"""Block calls of the SDK: the block services in-process in embedded mode, the
GraphQL block operations (``remote_blocks``) in remote mode (``FLOWQL_API_URL``).

Embedded mode calls what the resolvers of ``registerBlockType``,
``saveBlockDocument``, ``deleteBlockDocument`` and the ``blockDocument`` query
call, as ``LocalApi`` does for the engine's writes. Answers are plain JSON dicts
(camelCase, as the GraphQL operations select); refusals raise the ``ApiError`` a
mutation's ``errors`` would. Secrets are masked unless ``include_secrets``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from flowql.sdk.client import remote_blocks
from flowql.sdk.client.transport import EmbeddedTransport


def _embedded(api: Any) -> EmbeddedTransport | None:
    """The embedded transport of ``api``, or None in remote mode."""
    transport = getattr(api, "transport", None)
    return transport if isinstance(transport, EmbeddedTransport) else None


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

    transport = _embedded(api)
    if transport is None:
        return await remote_blocks.register_block_type(
            api.transport,
            slug=slug,
            name=name,
            fields=fields,
            description=description,
            logo_url=logo_url,
            documentation_url=documentation_url,
            code_example=code_example,
            capabilities=capabilities,
            version=version,
        )
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

    transport = _embedded(api)
    if transport is None:
        return await remote_blocks.save_block_document(
            api.transport,
            name=name,
            block_schema_id=block_schema_id,
            data=data,
            overwrite=overwrite,
        )
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
    from flowql.services import block_views
    from flowql.services.encryption import cipher_for

    transport = _embedded(api)
    if transport is None:
        return await remote_blocks.read_block_document(
            api.transport,
            block_type_slug=block_type_slug,
            name=name,
            include_secrets=include_secrets,
        )
    await transport.ensure_ready()
    view = await _refusing(
        "blockDocument",
        lambda: block_views.read_block_document(
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

    transport = _embedded(api)
    if transport is None:
        return await remote_blocks.delete_block_document(api.transport, id)
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
