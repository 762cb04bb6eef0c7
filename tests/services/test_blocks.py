"""Block types, schemas and documents through the services, on SQLite and PostgreSQL:
registration once per checksum, name conflicts, secrets encrypted at rest and
masked on read, masked values saved back, nested documents, lifecycle events."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from flowql.core.blocks import OBFUSCATED, schema_checksum
from flowql.core.errors import ConflictError, InvalidInputError, NotFoundError
from flowql.core.resources import RESOURCE_ID, RESOURCE_NAME, RESOURCE_ROLE
from flowql.db import models as m
from flowql.db.database import Database
from flowql.services import block_types, block_views, blocks
from flowql.services.encryption import SecretCipher, cipher_for, key_from_file
from flowql.settings import Settings

CREDENTIALS: dict[str, Any] = {
    "type": "object",
    "title": "Credentials",
    "properties": {
        "user": {"type": "string"},
        "password": {"type": "string", "format": "password", "writeOnly": True},
        "extra": {"type": "object"},
    },
    "secret_fields": ["password", "extra.*"],
    "block_schema_references": {},
}


@pytest.fixture
def cipher() -> SecretCipher:
    return SecretCipher(Fernet.generate_key())


async def register(db: Database, fields: dict[str, Any] = CREDENTIALS) -> m.BlockSchema:
    slug = str(fields["title"]).lower()
    _, schema = await block_types.register_block_type(
        db, block_types.BlockTypeInput(slug=slug, name=str(fields["title"])), fields
    )
    return schema


async def events(db: Database) -> list[m.Event]:
    async with db.session() as session:
        statement = sa.select(m.Event).where(m.Event.event.like("flowql.block-document.%"))
        return list(await session.scalars(statement.order_by(m.Event.tx, m.Event.seq)))


async def test_a_schema_registers_once_per_checksum(db: Database) -> None:
    first = await register(db)
    again = await register(db, json.loads(json.dumps(CREDENTIALS)))

    assert again.id == first.id
    assert first.checksum == schema_checksum(CREDENTIALS)
    assert first.checksum.startswith("sha256:")
    changed = {**CREDENTIALS, "properties": {"user": {"type": "string"}}}
    assert (await register(db, changed)).id != first.id
    async with db.session() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.BlockType)) == 1


async def test_concurrent_registrations_make_one_type_and_schema(db: Database) -> None:
    schemas = await asyncio.gather(*(register(db) for _ in range(5)))

    assert len({schema.id for schema in schemas}) == 1


async def test_secrets_are_encrypted_at_rest_and_masked_unless_asked(
    db: Database, cipher: SecretCipher
) -> None:
    schema = await register(db)
    data = {"user": "ada", "password": "hunter2", "extra": {"token": "t0k", "n": 5}}
    view, created = await blocks.save_block_document(
        db, cipher, name="prod", block_schema_id=schema.id, data=data
    )

    assert created
    assert view.data == {
        "user": "ada",
        "password": OBFUSCATED,
        "extra": {"token": OBFUSCATED, "n": OBFUSCATED},
    }
    async with db.session() as session:
        stored = (await session.get(m.BlockDocument, view.id)).data  # type: ignore[union-attr]
    assert "hunter2" not in json.dumps(stored) and "t0k" not in json.dumps(stored)
    assert cipher.decrypt(stored["password"]) == "hunter2"
    revealed = await block_views.read_block_document(
        db, cipher, name="prod", block_type_slug="credentials", include_secrets=True
    )
    assert revealed is not None and revealed.data == data
    assert revealed.block_schema_checksum == schema.checksum


async def test_a_duplicate_name_is_a_conflict_naming_it_and_its_type(
    db: Database, cipher: SecretCipher
) -> None:
    schema = await register(db)
    await blocks.save_block_document(
        db, cipher, name="prod", block_schema_id=schema.id, data={"password": "p1"}
    )

    with pytest.raises(ConflictError) as raised:
        await blocks.save_block_document(
            db, cipher, name="prod", block_schema_id=schema.id, data={"password": "p2"}
        )
    assert "'prod'" in raised.value.message and "'credentials'" in raised.value.message
    assert "p2" not in raised.value.message
    view = await block_views.read_block_document(
        db, cipher, name="prod", block_type_slug="credentials", include_secrets=True
    )
    assert view is not None and view.data == {"password": "p1"}


async def test_overwrite_keeps_a_secret_saved_back_masked(
    db: Database, cipher: SecretCipher
) -> None:
    schema = await register(db)
    await blocks.save_block_document(
        db, cipher, name="prod", block_schema_id=schema.id, data={"user": "a", "password": "s"}
    )

    masked = {"user": "b", "password": OBFUSCATED}
    view, created = await blocks.save_block_document(
        db, cipher, name="prod", block_schema_id=schema.id, data=masked, overwrite=True
    )

    assert not created and view.data == masked
    revealed = await block_views.read_block_document(db, cipher, id=view.id, include_secrets=True)
    assert revealed is not None and revealed.data == {"user": "b", "password": "s"}
    with pytest.raises(InvalidInputError, match="no secret is stored there"):
        await blocks.save_block_document(
            db, cipher, name="new", block_schema_id=schema.id, data={"password": OBFUSCATED}
        )


async def test_lifecycle_events_name_fields_never_values(
    db: Database, cipher: SecretCipher
) -> None:
    schema = await register(db)
    view, _ = await blocks.save_block_document(
        db, cipher, name="prod", block_schema_id=schema.id, data={"user": "a", "password": "s1"}
    )
    await blocks.save_block_document(
        db,
        cipher,
        name="prod",
        block_schema_id=schema.id,
        data={"user": "a", "password": "s2-canary"},
        overwrite=True,
    )
    await blocks.delete_block_document(db, view.id)

    found = await events(db)
    assert [event.event for event in found] == [
        "flowql.block-document.created",
        "flowql.block-document.updated",
        "flowql.block-document.deleted",
    ]
    assert found[1].payload == {"fields": ["password"]}
    assert all(event.resource["flowql.resource.id"].endswith(str(view.id)) for event in found)
    assert "canary" not in json.dumps([[e.payload, e.resource, e.related] for e in found])
    assert await block_views.read_block_document(db, cipher, id=view.id) is None
    with pytest.raises(NotFoundError):
        await blocks.delete_block_document(db, view.id)


async def test_nested_documents_by_reference(db: Database, cipher: SecretCipher) -> None:
    inner = await register(db)
    outer_fields = {
        "type": "object",
        "title": "Database",
        "properties": {"host": {"type": "string"}, "credentials": {"$ref": "#/defs/C"}},
        "secret_fields": ["credentials.password"],
        "block_schema_references": {
            "credentials": {"block_type_slug": "credentials", "block_schema_checksum": "x"}
        },
    }
    outer = await register(db, outer_fields)
    child, _ = await blocks.save_block_document(
        db, cipher, name=None, block_schema_id=inner.id, data={"password": "pw"}
    )
    ref = {"$ref": {"block_document_id": str(child.id)}}
    parent, _ = await blocks.save_block_document(
        db, cipher, name="main", block_schema_id=outer.id, data={"host": "h", "credentials": ref}
    )

    assert child.is_anonymous and child.name.startswith("anonymous-")
    assert parent.data == {"host": "h", "credentials": {"password": OBFUSCATED}}
    assert parent.references == {"credentials": child.id}
    revealed = await block_views.read_block_document(db, cipher, id=parent.id, include_secrets=True)
    assert revealed is not None
    assert revealed.data == {"host": "h", "credentials": {"password": "pw"}}

    await blocks.delete_block_document(db, parent.id)
    assert await block_views.read_block_document(db, cipher, id=child.id) is None

    missing = {"credentials": {"$ref": {"block_document_id": str(uuid.uuid4())}}}
    with pytest.raises(NotFoundError, match="'credentials' refers to block document"):
        await blocks.save_block_document(
            db, cipher, name="broken", block_schema_id=outer.id, data=missing
        )


async def test_bad_names_and_schemas_are_refused(db: Database, cipher: SecretCipher) -> None:
    schema = await register(db)
    with pytest.raises(InvalidInputError, match="lowercase letters, numbers and dashes"):
        await blocks.save_block_document(
            db, cipher, name="My Block", block_schema_id=schema.id, data={}
        )
    with pytest.raises(InvalidInputError, match="JSON Schema of type 'object'"):
        await register(db, {"title": "Odd", "type": "string"})
    with pytest.raises(InvalidInputError, match=r"not valid JSON Schema at properties\.n"):
        await register(db, {"title": "Odd", "type": "object", "properties": {"n": {"type": 5}}})
    with pytest.raises(NotFoundError):
        await blocks.save_block_document(
            db, cipher, name="x", block_schema_id=uuid.uuid4(), data={}
        )


def test_the_key_file_is_made_once_and_private(home: Path) -> None:
    settings = Settings(home=home, encryption_key=None)
    first = cipher_for(settings)
    token = first.encrypt({"a": 1})

    path = home / "encryption.key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert cipher_for(settings).decrypt(token) == {"a": 1}
    assert key_from_file(path) == path.read_bytes().strip()
    assert "key" not in repr(first).replace("key hidden", "")


def test_the_key_from_the_environment_wins(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("FLOWQL_ENCRYPTION_KEY", key)
    token = cipher_for(Settings(home=home)).encrypt("s")

    assert SecretCipher(key).decrypt(token) == "s"
    assert not (home / "encryption.key").exists()
    with pytest.raises(InvalidInputError, match="cannot be decrypted with this encryption key"):
        SecretCipher(Fernet.generate_key()).decrypt(token)


async def test_registration_events_only_when_something_changed(db: Database) -> None:
    async def registration_events() -> list[tuple[str, str, Any]]:
        async with db.session() as session:
            statement = sa.select(m.Event).where(
                m.Event.event.like("flowql.block-type.%")
                | m.Event.event.like("flowql.block-schema.%")
            )
            found = await session.scalars(statement.order_by(m.Event.tx, m.Event.seq))
            return [(e.event, e.resource[RESOURCE_NAME], e.payload) for e in found]

    first = await register(db)
    await register(db)  # the same type and schema: nothing changed
    described = block_types.BlockTypeInput(slug="credentials", name="Credentials", description="d")
    await block_types.register_block_type(db, described, CREDENTIALS)
    await block_types.register_block_type(db, described, CREDENTIALS)
    changed = {**CREDENTIALS, "properties": {"user": {"type": "string"}}}
    _, second = await block_types.register_block_type(db, described, changed)

    assert await registration_events() == [
        ("flowql.block-type.created", "credentials", {}),
        (
            "flowql.block-schema.created",
            first.checksum,
            {"checksum": first.checksum, "version": None},
        ),
        ("flowql.block-type.updated", "credentials", {"fields": ["description"]}),
        (
            "flowql.block-schema.created",
            second.checksum,
            {"checksum": second.checksum, "version": None},
        ),
    ]
    async with db.session() as session:
        event = await session.scalar(
            sa.select(m.Event).where(m.Event.event == "flowql.block-schema.created").limit(1)
        )
    assert event is not None
    assert event.resource[RESOURCE_ID] == f"flowql.block-schema.{first.id}"
    assert [r[RESOURCE_ROLE] for r in event.related] == ["block-type"]


async def test_a_document_cannot_hold_itself(db: Database, cipher: SecretCipher) -> None:
    schema = await register(db, {**CREDENTIALS, "secret_fields": []})
    a, _ = await blocks.save_block_document(
        db, cipher, name="a", block_schema_id=schema.id, data={}
    )
    b_data = {"inner": {"$ref": {"block_document_id": str(a.id)}}}
    b, _ = await blocks.save_block_document(
        db, cipher, name="b", block_schema_id=schema.id, data=b_data
    )
    cycle = {"inner": {"$ref": {"block_document_id": str(b.id)}}}
    itself = {"inner": {"$ref": {"block_document_id": str(a.id)}}}

    for data in (cycle, itself):
        with pytest.raises(InvalidInputError, match="a block cannot hold itself") as refused:
            await blocks.save_block_document(
                db, cipher, name="a", block_schema_id=schema.id, data=data, overwrite=True
            )
        assert refused.value.field == ("data", "inner")
    assert (await block_views.read_block_document(db, cipher, id=b.id)) is not None


SERVER: dict[str, Any] = {
    "type": "object",
    "title": "Server",
    "properties": {
        "host": {"type": "string"},
        "port": {"type": "integer", "minimum": 1},
        "token": {"type": "string", "format": "password", "writeOnly": True},
        "limits": {"$ref": "#/$defs/Limits"},
    },
    "required": ["host", "port", "token"],
    "$defs": {"Limits": {"type": "object", "properties": {"rps": {"type": "number"}}}},
    "secret_fields": ["token"],
    "block_schema_references": {},
}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"host": "h", "port": "80", "token": "t"}, ("data", "port"), "port: '80' is not of type"),
        ({"host": "h", "token": "t"}, ("data",), "'port' is required"),
        ({"host": "h", "port": 0, "token": "t"}, ("data", "port"), "less than the minimum"),
        (
            {"host": "h", "port": 1, "token": "t", "limits": {"rps": "fast"}},
            ("data", "limits", "rps"),
            "limits.rps: 'fast' is not of type 'number'",
        ),
        ({"host": 1, "port": "x", "token": "t"}, ("data", "host"), "(and 1 more)"),
    ],
)
async def test_data_the_schema_refuses_is_an_error_naming_the_field(
    db: Database, cipher: SecretCipher, data: dict[str, Any], field: tuple[str, ...], message: str
) -> None:
    schema = await register(db, SERVER)
    with pytest.raises(InvalidInputError, match=re.escape(message)) as refused:
        await blocks.save_block_document(
            db, cipher, name="api", block_schema_id=schema.id, data=data
        )
    assert refused.value.field == field
    async with db.session() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.BlockDocument)) == 0


async def test_masked_secrets_and_references_pass_the_schema(
    db: Database, cipher: SecretCipher
) -> None:
    schema = await register(db, SERVER)
    await blocks.save_block_document(
        db, cipher, name="api", block_schema_id=schema.id,
        data={"host": "h", "port": 443, "token": "s3cret"},
    )  # fmt: skip
    again, created = await blocks.save_block_document(
        db, cipher, name="api", block_schema_id=schema.id, overwrite=True,
        data={"host": "h", "port": 8443, "token": OBFUSCATED},
    )  # fmt: skip
    assert not created and again.data["port"] == 8443


async def test_a_schema_whose_refs_do_not_resolve_is_an_input_error(
    db: Database, cipher: SecretCipher
) -> None:
    broken = {"type": "object", "title": "Broken", "properties": {"x": {"$ref": "#/$defs/Gone"}}}
    schema = await register(db, broken)
    with pytest.raises(InvalidInputError, match="block schema cannot check") as refused:
        await blocks.save_block_document(
            db, cipher, name="b", block_schema_id=schema.id, data={"x": 1}
        )
    assert refused.value.field == ("blockSchemaId",)
