"""Read block documents as callers see them: nested blocks in place, secrets masked.

``views_of`` builds the views of many documents at once, one level of nesting
at a time: per level one query for the schemas, one for the references and
one for the referenced documents, then one for the block types, however many
documents there are. Secret values (the schema's ``secret_fields``) are
``OBFUSCATED`` unless the caller asks ``include_secrets``; each nested
document is masked by its own schema.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.blocks import map_secrets, obfuscate, secret_fields
from flowql.core.errors import InvalidInputError
from flowql.db import models as m
from flowql.db.database import Database
from flowql.db.queries.filters import (
    Clauses,
    IdFilterLike,
    StringFilterLike,
    id_clauses,
    string_clauses,
)
from flowql.db.queries.pagination import SortKey
from flowql.services.encryption import SecretCipher

MAX_REFERENCE_DEPTH = 16


@dataclass(frozen=True, slots=True)
class BlockDocumentView:
    """A block document as callers see it: nested blocks in place, secrets masked
    (or revealed, if asked for)."""

    id: uuid.UUID
    name: str
    is_anonymous: bool
    data: dict[str, Any]
    block_type_id: uuid.UUID
    block_type_slug: str
    block_type_name: str
    block_schema_id: uuid.UUID
    block_schema_checksum: str
    created: datetime
    updated: datetime
    references: dict[str, uuid.UUID]
    """The fields holding another document (its data is in ``data`` too), by id."""


async def read_block_document(
    db: Database,
    cipher: SecretCipher,
    *,
    id: uuid.UUID | None = None,
    name: str | None = None,
    block_type_slug: str | None = None,
    include_secrets: bool = False,
) -> BlockDocumentView | None:
    """The document with this id, or of this name and block type; None if none.
    Secret values are ``OBFUSCATED`` unless ``include_secrets``."""
    statement = sa.select(m.BlockDocument)
    if id is not None:
        statement = statement.where(m.BlockDocument.id == id)
    elif name is not None and block_type_slug is not None:
        statement = (
            statement.join(m.BlockType, m.BlockType.id == m.BlockDocument.block_type_id)
            .where(m.BlockType.slug == block_type_slug)
            .where(m.BlockDocument.name == name)
        )
    else:
        raise InvalidInputError("give the block document's id, or its name and block type")
    async with db.session() as session:
        row = await session.scalar(statement)
        if row is None:
            return None
        (view,) = await views_of(session, cipher, [row], include_secrets=include_secrets)
        return view


class BlockDocumentFilterLike(Protocol):
    """A ``BlockDocumentFilter``, read structurally."""

    @property
    def id(self) -> IdFilterLike | None: ...
    @property
    def name(self) -> StringFilterLike | None: ...
    @property
    def block_type_slug(self) -> StringFilterLike | None: ...
    @property
    def is_anonymous(self) -> bool | None: ...


BLOCK_DOCUMENT_ORDER = SortKey(
    column=m.BlockDocument.name, id_column=m.BlockDocument.id, descending=False
)
"""Lists of block documents are ordered by name, as Prefect's."""


def block_document_clauses(f: BlockDocumentFilterLike | None) -> Clauses:
    """Where-clauses of ``f``; without a filter, anonymous documents are left out
    (Prefect's default)."""
    if f is None:
        return [m.BlockDocument.is_anonymous.is_(False)]
    clauses = [
        *id_clauses(m.BlockDocument.id, f.id),
        *string_clauses(m.BlockDocument.name, f.name),
    ]
    if f.block_type_slug is not None:
        types = sa.select(m.BlockType.id).where(
            *string_clauses(m.BlockType.slug, f.block_type_slug)
        )
        clauses.append(m.BlockDocument.block_type_id.in_(types))
    if f.is_anonymous is not None:
        clauses.append(m.BlockDocument.is_anonymous.is_(f.is_anonymous))
    return clauses


def decrypted(cipher: SecretCipher, data: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """A copy of stored ``data`` with the secrets at ``paths`` decrypted."""
    result: dict[str, Any] = map_secrets(data, paths, cipher.decrypt)
    return result


async def views_of(
    session: AsyncSession,
    cipher: SecretCipher,
    rows: Sequence[m.BlockDocument],
    *,
    include_secrets: bool,
) -> list[BlockDocumentView]:
    """The views of ``rows``, in their order, in a fixed number of queries per level."""
    own: dict[uuid.UUID, dict[str, Any]] = {}
    children: dict[uuid.UUID, dict[str, uuid.UUID]] = defaultdict(dict)
    schemas: dict[uuid.UUID, m.BlockSchema] = {}
    level: Sequence[m.BlockDocument] = rows
    for _ in range(MAX_REFERENCE_DEPTH + 1):
        if not level:
            break
        await _load_into(session, m.BlockSchema, {r.block_schema_id for r in level}, schemas)
        for row in level:
            paths = secret_fields(schemas[row.block_schema_id].fields)
            shown = decrypted(cipher, row.data, paths) if include_secrets else None
            own[row.id] = shown if shown is not None else obfuscate(row.data, paths)
        for parent, key, child in await _references_of(session, [row.id for row in level]):
            children[parent][key] = child
        wanted = {c for refs in children.values() for c in refs.values()} - own.keys()
        level = await _rows(session, m.BlockDocument, wanted)
    if level:
        raise InvalidInputError(f"block documents nest deeper than {MAX_REFERENCE_DEPTH}")
    types: dict[uuid.UUID, m.BlockType] = {}
    await _load_into(session, m.BlockType, {row.block_type_id for row in rows}, types)
    return [
        _view(
            row,
            _filled(row.id, own, children, 0),
            schemas,
            types[row.block_type_id],
            dict(children.get(row.id, {})),
        )
        for row in rows
    ]


def _filled(
    id: uuid.UUID,
    own: dict[uuid.UUID, dict[str, Any]],
    children: dict[uuid.UUID, dict[str, uuid.UUID]],
    depth: int,
) -> dict[str, Any]:
    """The data of ``id`` with its references replaced by their documents' data."""
    if depth > MAX_REFERENCE_DEPTH:
        raise InvalidInputError(f"block documents nest deeper than {MAX_REFERENCE_DEPTH}")
    data = dict(own[id])
    for key, child in children.get(id, {}).items():
        if child in own:
            data[key] = _filled(child, own, children, depth + 1)
    return data


def _view(
    row: m.BlockDocument,
    data: dict[str, Any],
    schemas: dict[uuid.UUID, m.BlockSchema],
    block_type: m.BlockType,
    references: dict[str, uuid.UUID],
) -> BlockDocumentView:
    schema = schemas[row.block_schema_id]
    return BlockDocumentView(
        id=row.id,
        name=row.name,
        is_anonymous=row.is_anonymous,
        data=data,
        block_type_id=block_type.id,
        block_type_slug=block_type.slug,
        block_type_name=block_type.name,
        block_schema_id=schema.id,
        block_schema_checksum=schema.checksum,
        created=row.created,
        updated=row.updated,
        references=references,
    )


async def _rows(session: AsyncSession, model: type[Any], ids: set[uuid.UUID]) -> list[Any]:
    if not ids:
        return []
    return list((await session.scalars(sa.select(model).where(model.id.in_(ids)))).all())


async def _load_into(
    session: AsyncSession, model: type[Any], ids: set[uuid.UUID], into: dict[uuid.UUID, Any]
) -> None:
    for row in await _rows(session, model, ids - into.keys()):
        into[row.id] = row


async def _references_of(
    session: AsyncSession, parent_ids: list[uuid.UUID]
) -> list[tuple[uuid.UUID, str, uuid.UUID]]:
    reference = m.BlockDocumentReference
    statement = sa.select(
        reference.parent_block_document_id, reference.name, reference.reference_block_document_id
    ).where(reference.parent_block_document_id.in_(parent_ids))
    return [(parent, name, child) for parent, name, child in await session.execute(statement)]
