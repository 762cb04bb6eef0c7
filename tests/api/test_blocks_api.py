"""Blocks through GraphQL: register a block type, save, read and delete block
documents, with secrets masked in every answer unless a read asks includeSecrets,
and refusals (a name in use, bad input) as payload errors."""

from __future__ import annotations

from typing import Any

from api_factories import ERRORS
from tests.support.graphql import GraphQLClient

DOCUMENT = "id name isAnonymous data blockTypeSlug blockTypeName blockSchemaId blockSchemaChecksum"
FIELDS = {
    "type": "object",
    "properties": {"user": {"type": "string"}, "password": {"type": "string"}},
    "secret_fields": ["password"],
}
READ = (
    "query($name: String!, $slug: String!, $secrets: Boolean!) { blockDocument(name: $name, "
    f"blockTypeSlug: $slug, includeSecrets: $secrets) {{ {DOCUMENT} }} }}"
)


async def register(gql: GraphQLClient, slug: str = "credentials", **input: Any) -> Any:
    data = await gql(
        "mutation($input: RegisterBlockTypeInput!) { registerBlockType(input: $input) "
        f"{{ blockTypeId blockSchemaId checksum {ERRORS} }} }}",
        {"input": {"slug": slug, "name": slug.title(), "fields": FIELDS, **input}},
    )
    return data["registerBlockType"]


async def save(gql: GraphQLClient, schema_id: str, name: str | None, data: Any, **more: Any) -> Any:
    result = await gql(
        "mutation($input: SaveBlockDocumentInput!) { saveBlockDocument(input: $input) "
        f"{{ blockDocument {{ {DOCUMENT} }} created {ERRORS} }} }}",
        {"input": {"blockSchemaId": schema_id, "name": name, "data": data, **more}},
    )
    return result["saveBlockDocument"]


async def read(gql: GraphQLClient, name: str, *, secrets: bool = False) -> Any:
    data = await gql(READ, {"name": name, "slug": "credentials", "secrets": secrets})
    return data["blockDocument"]


async def test_register_is_idempotent_and_lists_block_types(gql: GraphQLClient) -> None:
    first = await register(gql)
    again = await register(gql, description="now described")
    other = await register(gql, "another", fields={"type": "object", "properties": {}})

    assert first["errors"] == [] and first["checksum"].startswith("sha256:")
    assert other["errors"] == [] and other["blockTypeId"] != first["blockTypeId"]
    assert (again["blockTypeId"], again["blockSchemaId"]) == (
        first["blockTypeId"],
        first["blockSchemaId"],
    )
    listed = (await gql("{ blockTypes { slug description } }"))["blockTypes"]
    assert listed == [
        {"slug": "another", "description": None},
        {"slug": "credentials", "description": "now described"},
    ]
    assert (await gql("{ blockTypes(first: 1) { slug } }"))["blockTypes"] == [{"slug": "another"}]


async def test_secrets_are_masked_unless_asked_for(gql: GraphQLClient) -> None:
    schema_id = (await register(gql))["blockSchemaId"]
    saved = await save(gql, schema_id, "prod", {"user": "ada", "password": "pw"})

    assert saved["errors"] == [] and saved["created"] is True
    document = saved["blockDocument"]
    assert document["data"] == {"user": "ada", "password": "********"}
    assert document["blockTypeSlug"] == "credentials" and document["isAnonymous"] is False
    assert (await read(gql, "prod"))["data"]["password"] == "********"
    assert (await read(gql, "prod", secrets=True))["data"] == {"user": "ada", "password": "pw"}
    by_id = await gql(
        f"query($id: UUID!) {{ blockDocument(id: $id, includeSecrets: true) {{ {DOCUMENT} }} }}",
        {"id": document["id"]},
    )
    assert by_id["blockDocument"]["data"]["password"] == "pw"
    assert await read(gql, "missing") is None


async def test_a_name_in_use_is_a_conflict_unless_overwritten(gql: GraphQLClient) -> None:
    schema_id = (await register(gql))["blockSchemaId"]
    await save(gql, schema_id, "prod", {"user": "ada", "password": "pw"})

    refused = await save(gql, schema_id, "prod", {"user": "bob", "password": "x"})
    overwritten = await save(
        gql, schema_id, "prod", {"user": "bob", "password": "********"}, overwrite=True
    )

    [error] = refused["errors"]
    assert error["code"] == "CONFLICT" and error["field"] == ["name"]
    assert "already exists" in error["message"] and "x" not in error["message"].split()
    assert refused["blockDocument"] is None
    assert overwritten["errors"] == [] and overwritten["created"] is False
    revealed = await read(gql, "prod", secrets=True)
    assert revealed["data"] == {"user": "bob", "password": "pw"}  # the masked value kept it


async def test_bad_input_is_refused_as_data(gql: GraphQLClient) -> None:
    bad_slug = await register(gql, "Not A Slug")
    bad_fields = await register(gql, "ok", fields={"type": "string"})
    schema_id = (await register(gql))["blockSchemaId"]
    not_object = await save(gql, schema_id, "a", [1, 2])
    masked_new = await save(gql, schema_id, "b", {"user": "u", "password": "********"})
    bad_name = await save(gql, schema_id, "Bad Name!", {"user": "u", "password": "p"})
    missing = await save(
        gql, "00000000-0000-0000-0000-000000000000", "c", {"user": "u", "password": "p"}
    )

    assert bad_slug["errors"][0]["field"] == ["slug"]
    assert bad_fields["errors"][0]["field"] == ["fields"]
    assert not_object["errors"][0]["code"] == "INVALID_INPUT"
    assert masked_new["errors"][0]["field"] == ["data", "password"]
    assert bad_name["errors"][0]["field"] == ["name"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"
    [error] = await gql.errors('{ blockDocument(name: "prod") { id } }')
    assert error["extensions"]["code"] == "INVALID_INPUT"


async def test_delete_and_anonymous_documents(gql: GraphQLClient) -> None:
    schema_id = (await register(gql))["blockSchemaId"]
    anonymous = (await save(gql, schema_id, None, {"user": "u", "password": "p"}))["blockDocument"]
    delete = (
        "mutation($input: DeleteBlockDocumentInput!) { deleteBlockDocument(input: $input) "
        f"{{ deletedId {ERRORS} }} }}"
    )

    deleted = await gql(delete, {"input": {"id": anonymous["id"]}})
    again = await gql(delete, {"input": {"id": anonymous["id"]}})

    assert anonymous["isAnonymous"] is True and anonymous["name"].startswith("anonymous-")
    assert deleted["deleteBlockDocument"] == {"deletedId": anonymous["id"], "errors": []}
    assert again["deleteBlockDocument"]["errors"][0]["code"] == "NOT_FOUND"
