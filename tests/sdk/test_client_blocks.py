"""``get_client()``'s block methods (Prefect's names), embedded and against a live
server: documents by id and by name (secrets revealed by default, as in
Prefect, or masked), lists (always masked), block types, schemas, deletion."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from pydantic import SecretStr

from flowql.blocks.core import Block
from flowql.blocks.system import Secret, String
from flowql.client.orchestration import get_client
from flowql.client.schemas.blocks import BlockDocument, BlockType
from flowql.exceptions import ObjectNotFound


class Login(Block):
    """A user and a password."""

    user: str
    password: SecretStr


class Site(Block):
    """A site and how to log in."""

    url: str
    login: Login


def test_read_block_documents_by_id_and_name(sdk_mode: str) -> None:
    site_id = Site(url="https://a", login=Login(user="u", password=SecretStr("pw"))).save("site")

    with get_client(sync_client=True) as client:
        by_name = client.read_block_document_by_name("site", "site")
        by_id = client.read_block_document(site_id, include_secrets=False)
        with pytest.raises(ObjectNotFound):
            client.read_block_document_by_name("missing", "site")
        with pytest.raises(ObjectNotFound):
            client.read_block_document(uuid.uuid4())

    assert isinstance(by_name, BlockDocument)
    assert by_name.id == site_id and by_name.name == "site" and not by_name.is_anonymous
    assert by_name.data == {"url": "https://a", "login": {"user": "u", "password": "pw"}}
    assert by_id.data["login"]["password"] == "********"
    assert by_name.block_type is not None and by_name.block_type.slug == "site"
    assert by_name.block_schema is not None
    assert by_name.block_schema.fields["secret_fields"] == ["login.password"]
    assert by_name.block_type_name == "Site" and by_name.created is not None


def test_lists_types_schemas_and_deletes(sdk_mode: str) -> None:
    canary = f"canary-{uuid.uuid4().hex}"
    Secret(value=SecretStr(canary)).save("token")
    String(value="hello").save("greeting")
    String(value="bye").save("farewell")
    Site(url="https://a", login=Login(user="u", password=SecretStr("pw"))).save("site")

    async def main() -> tuple[list[BlockDocument], list[BlockDocument], list[BlockType]]:
        async with get_client() as client:
            every = await client.read_block_documents()
            strings = await client.read_block_documents_by_type("string", limit=1, offset=1)
            return every, strings, await client.read_block_types()

    every, strings, block_types = asyncio.run(main())
    with get_client(sync_client=True) as client:
        with pytest.raises(NotImplementedError, match="lists never reveal secrets"):
            client.read_block_documents(include_secrets=True)
        anonymous = client.read_block_documents(include_anonymous=True)
        string_type = client.read_block_type_by_slug("string")
        schemas = client.read_block_schemas("login")
        with pytest.raises(ObjectNotFound):
            client.read_block_type_by_slug("nope")
        client.delete_block_document(every[0].id)
        with pytest.raises(ObjectNotFound):
            client.delete_block_document(every[0].id)
        left = client.read_block_documents()

    assert [d.name for d in every] == ["farewell", "greeting", "site", "token"]
    assert canary not in repr(every) and canary not in repr(anonymous)
    assert every[-1].data == {"value": "********"}
    assert [d.name for d in strings] == ["greeting"]
    assert [t.slug for t in block_types] == ["login", "secret", "site", "string"]
    assert len(anonymous) == 5 and sum(d.is_anonymous for d in anonymous) == 1
    assert string_type.name == "String" and string_type.is_protected is False
    assert len(schemas) == 1 and schemas[0].block_type is not None
    assert [d.name for d in left] == ["greeting", "site", "token"]
