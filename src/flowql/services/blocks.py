"""Save and delete block documents, with their secrets encrypted and their events.

Secret fields (the schema's ``secret_fields``) are stored as Fernet tokens
(``services.encryption``) and read back (``services.block_views``) as
``OBFUSCATED`` unless the caller asks ``include_secrets=True``; saving
``OBFUSCATED`` back keeps the stored secret. A top-level field whose value is
``{"$ref": {"block_document_id": id}}`` is a nested block: a
``block_document_reference`` row, not data, and reads put the referenced
document's data (masked the same way) in its place. Writes emit
``flowql.block-document.created`` / ``updated`` (the payload names the fields
that changed) / ``deleted`` about ``flowql.block-document.<id>``, related to
the block type; values are never put in events or error messages.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql.core.blocks import (
    OBFUSCATED,
    block_document_name_problem,
    map_secrets,
    secret_fields,
    secret_locations,
)
from flowql.core.errors import ConflictError, InvalidInputError, NotFoundError
from flowql.core.resources import related
from flowql.db import models as m
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.lifecycle import Action, lifecycle_event
from flowql.services.block_data import check_block_data
from flowql.services.block_views import BlockDocumentView, decrypted, views_of
from flowql.services.encryption import SecretCipher
from flowql.services.unique import insert_unless_duplicate


async def save_block_document(
    db: Database,
    cipher: SecretCipher,
    *,
    name: str | None,
    block_schema_id: uuid.UUID,
    data: Mapping[str, Any],
    overwrite: bool = False,
) -> tuple[BlockDocumentView, bool]:
    """Create the document ``name`` of the schema's block type (``name`` None: an
    anonymous one), or with ``overwrite`` replace the data of the one of that name;
    True if created. Without ``overwrite`` a name in use is a CONFLICT."""
    if name is not None and (problem := block_document_name_problem(name)) is not None:
        raise InvalidInputError(problem, field=("name",))
    plain, references = _split_references(data)
    async with db.transaction() as session:
        schema = await session.get(m.BlockSchema, block_schema_id)
        if schema is None:
            raise NotFoundError(
                f"block schema {block_schema_id} not found", field=("blockSchemaId",)
            )
        block_type = await session.get(m.BlockType, schema.block_type_id)
        assert block_type is not None  # a foreign key
        await _check_references(session, references)
        check_block_data(schema.fields, plain, references.keys())
        paths = secret_fields(schema.fields)
        row = m.BlockDocument(
            name=name or f"anonymous-{uuid.uuid4()}",
            data={},
            is_anonymous=name is None,
            block_schema_id=schema.id,
            block_type_id=block_type.id,
        )
        same = (
            sa.select(m.BlockDocument)
            .where(m.BlockDocument.block_type_id == block_type.id)
            .where(m.BlockDocument.name == row.name)
            .with_for_update()
        )
        existing = await session.scalar(same)
        if existing is None:
            row.data = _encrypt(cipher, plain, paths, stored=None)
            existing = await insert_unless_duplicate(session, row, same)
        if existing is None:
            await _set_references(session, row.id, references)
            await _emit(session, row, block_type, "created")
            document, created = row, True
        elif not overwrite:
            raise ConflictError(
                f"a block document named {row.name!r} of block type {block_type.slug!r} "
                "already exists; save it with overwrite=True to replace it",
                field=("name",),
            )
        else:
            await _check_no_cycle(session, existing.id, references)
            old_schema = await session.get(m.BlockSchema, existing.block_schema_id)
            assert old_schema is not None  # a foreign key
            before = decrypted(cipher, existing.data, secret_fields(old_schema.fields))
            existing.data = _encrypt(cipher, plain, paths, stored=existing.data)
            existing.block_schema_id = schema.id
            old_references = await _references(session, existing.id)
            await _set_references(session, existing.id, references)
            after = decrypted(cipher, existing.data, paths)
            changed = sorted(
                key
                for key in {*before, *after, *old_references, *references}
                if before.get(key) != after.get(key)
                or old_references.get(key) != references.get(key)
            )
            await session.flush()
            await _emit(session, existing, block_type, "updated", {"fields": changed})
            document, created = existing, False
        (view,) = await views_of(session, cipher, [document], include_secrets=False)
    return view, created


async def delete_block_document(db: Database, id: uuid.UUID) -> uuid.UUID:
    """Delete the document ``id`` and the anonymous documents only it referred to."""
    async with db.transaction() as session:
        row = await session.get(m.BlockDocument, id, with_for_update=True)
        if row is None:
            raise NotFoundError(f"block document {id} not found", field=("id",))
        block_type = await session.get(m.BlockType, row.block_type_id)
        assert block_type is not None
        children = list((await _references(session, id)).values())
        await session.delete(row)
        await session.flush()
        await _delete_orphans(session, children)
        await _emit(session, row, block_type, "deleted")
    return id


def _split_references(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, uuid.UUID]]:
    if not isinstance(data, Mapping):
        raise InvalidInputError("block document data must be a JSON object", field=("data",))
    plain: dict[str, Any] = {}
    references: dict[str, uuid.UUID] = {}
    for key, value in data.items():
        reference = value.get("$ref") if isinstance(value, dict) and len(value) == 1 else None
        if isinstance(reference, dict) and "block_document_id" in reference:
            try:
                references[key] = uuid.UUID(str(reference["block_document_id"]))
            except ValueError:
                raise InvalidInputError(
                    f"field {key!r} refers to a block document by a malformed id",
                    field=("data", key),
                ) from None
        else:
            plain[key] = value
    return plain, references


async def _check_references(session: AsyncSession, references: Mapping[str, uuid.UUID]) -> None:
    if not references:
        return
    ids = set(references.values())
    statement = sa.select(m.BlockDocument.id).where(m.BlockDocument.id.in_(ids))
    found = set((await session.scalars(statement)).all())
    for key, id in references.items():
        if id not in found:
            raise NotFoundError(
                f"field {key!r} refers to block document {id}, which does not exist",
                field=("data", key),
            )


async def _check_no_cycle(
    session: AsyncSession, id: uuid.UUID, references: Mapping[str, uuid.UUID]
) -> None:
    """Refuse references that would make document ``id`` hold itself, at any depth
    (such a document could never be read)."""
    for key, child in references.items():
        pending, seen = [child], set()
        while pending:
            current = pending.pop()
            if current == id:
                raise InvalidInputError(
                    f"field {key!r} refers to block document {child}, which holds this "
                    "document: a block cannot hold itself",
                    field=("data", key),
                )
            seen.add(current)
            found = (await _references(session, current)).values()
            pending.extend(found_id for found_id in found if found_id not in seen)


def _encrypt(
    cipher: SecretCipher,
    plain: dict[str, Any],
    paths: list[str],
    *,
    stored: dict[str, Any] | None,
) -> dict[str, Any]:
    """``plain`` with its secrets as tokens; a masked value keeps the token ``stored``
    at the same place, or is refused if there is none."""
    result: dict[str, Any] = map_secrets(plain, paths, lambda value: value)
    kept = {path: parent[key] for parent, key, path in secret_locations(stored or {}, paths)}
    for parent, key, path in secret_locations(result, paths):
        if parent[key] != OBFUSCATED:
            parent[key] = cipher.encrypt(parent[key])
        elif path in kept:
            parent[key] = kept[path]
        else:
            raise InvalidInputError(
                f"field {'.'.join(path)!r} is the masked value {OBFUSCATED!r} but "
                "no secret is stored there to keep",
                field=("data", *path),
            )
    return result


async def _references(session: AsyncSession, parent_id: uuid.UUID) -> dict[str, uuid.UUID]:
    statement = sa.select(
        m.BlockDocumentReference.name, m.BlockDocumentReference.reference_block_document_id
    ).where(m.BlockDocumentReference.parent_block_document_id == parent_id)
    return {name: id for name, id in (await session.execute(statement)).all()}


async def _set_references(
    session: AsyncSession, parent_id: uuid.UUID, references: Mapping[str, uuid.UUID]
) -> None:
    old = await _references(session, parent_id)
    if old == dict(references):
        return
    await session.execute(
        sa.delete(m.BlockDocumentReference).where(
            m.BlockDocumentReference.parent_block_document_id == parent_id
        )
    )
    session.add_all(
        m.BlockDocumentReference(
            name=key, parent_block_document_id=parent_id, reference_block_document_id=id
        )
        for key, id in references.items()
    )
    await session.flush()
    await _delete_orphans(session, [id for id in old.values() if id not in references.values()])


async def _delete_orphans(session: AsyncSession, ids: list[uuid.UUID]) -> None:
    """Delete the anonymous documents among ``ids`` that nothing refers to any more."""
    for id in ids:
        child = await session.get(m.BlockDocument, id)
        referred = await session.scalar(
            sa.select(sa.func.count()).where(
                m.BlockDocumentReference.reference_block_document_id == id
            )
        )
        if child is not None and child.is_anonymous and not referred:
            grandchildren = list((await _references(session, id)).values())
            await session.delete(child)
            await session.flush()
            await _delete_orphans(session, grandchildren)


async def _emit(
    session: AsyncSession,
    row: m.BlockDocument,
    block_type: m.BlockType,
    action: Action,
    payload: Mapping[str, Any] | None = None,
) -> None:
    about = related("block-type", block_type.id, role="block-type", name=block_type.slug)
    event = lifecycle_event("block-document", row.id, row.name, action, payload, [about])
    await outbox.emit(session, [event])
