"""Block lists through GraphQL: ``blockDocuments`` (filters, paging, anonymous ones
left out by default, secrets masked at every depth), ``blockType(slug)``,
``blockSchemas``, and nested ``blockType`` / ``blockSchema`` fields that cost a
fixed number of statements however long the page."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import GraphQLClient
from tests.support.statements import recorded_selects

from flowql.db.database import Database

LEAF = {
    "type": "object",
    "properties": {"token": {"type": "string"}},
    "secret_fields": ["token"],
}
MIDDLE = {
    "type": "object",
    "properties": {"user": {"type": "string"}, "password": {"type": "string"}},
    "secret_fields": ["password", "leaf.token"],
}
TOP = {
    "type": "object",
    "properties": {"host": {"type": "string"}},
    "secret_fields": ["middle.password", "middle.leaf.token"],
}
REGISTER = (
    "mutation($input: RegisterBlockTypeInput!) { registerBlockType(input: $input) "
    "{ blockSchemaId errors { code message } } }"
)
SAVE = (
    "mutation($input: SaveBlockDocumentInput!) { saveBlockDocument(input: $input) "
    "{ blockDocument { id name } errors { code message } } }"
)
LIST = """query($first: Int, $after: String, $filter: BlockDocumentFilter) {
  blockDocuments(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name isAnonymous data blockType { slug } blockSchema { checksum } } }
  }
}"""


async def register(gql: GraphQLClient, slug: str, fields: dict[str, Any]) -> str:
    data = await gql(REGISTER, {"input": {"slug": slug, "name": slug.title(), "fields": fields}})
    assert data["registerBlockType"]["errors"] == []
    return str(data["registerBlockType"]["blockSchemaId"])


async def save(gql: GraphQLClient, schema_id: str, name: str | None, data: Any) -> str:
    input = {"blockSchemaId": schema_id, "name": name, "data": data}
    saved = (await gql(SAVE, {"input": input}))["saveBlockDocument"]
    assert saved["errors"] == [], saved
    return str(saved["blockDocument"]["id"])


def ref(id: str) -> dict[str, Any]:
    return {"$ref": {"block_document_id": id}}


async def three_levels(gql: GraphQLClient, name: str, secret: str) -> None:
    """A top document holding a middle one holding a leaf, a secret at every depth."""
    leaf = await save(gql, await register(gql, "leaf", LEAF), None, {"token": f"t-{secret}"})
    middle_data = {"user": "u", "password": f"p-{secret}", "leaf": ref(leaf)}
    middle = await save(gql, await register(gql, "middle", MIDDLE), None, middle_data)
    await save(gql, await register(gql, "top", TOP), name, {"host": "h", "middle": ref(middle)})


def nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in data["blockDocuments"]["edges"]]


async def test_lists_named_documents_masked_at_every_depth(gql: GraphQLClient) -> None:
    await three_levels(gql, "main", "canary-1")

    named = await gql(LIST)
    every = await gql(LIST, {"filter": {"isAnonymous": None}})
    anonymous = await gql(LIST, {"filter": {"isAnonymous": True}})

    [top] = nodes(named)
    assert named["blockDocuments"]["totalCount"] == 1
    assert top["name"] == "main" and top["blockType"] == {"slug": "top"}
    assert top["data"] == {
        "host": "h",
        "middle": {"user": "u", "password": "********", "leaf": {"token": "********"}},
    }
    assert top["blockSchema"]["checksum"].startswith("sha256:")
    assert "canary" not in str(every)
    assert every["blockDocuments"]["totalCount"] == 3
    assert sorted(node["blockType"]["slug"] for node in nodes(anonymous)) == ["leaf", "middle"]
    assert all(node["isAnonymous"] for node in nodes(anonymous))


async def test_filters_by_block_type_and_name(gql: GraphQLClient) -> None:
    leaf = await register(gql, "leaf", LEAF)
    other = await register(gql, "other-leaf", LEAF | {"title": "Other"})
    for name in ("alpha", "beta", "alphabet"):
        await save(gql, leaf, name, {"token": "x"})
    await save(gql, other, "alpha", {"token": "y"})

    async def names(filter: dict[str, Any]) -> list[str]:
        return [node["name"] for node in nodes(await gql(LIST, {"filter": filter}))]

    assert await names({"blockTypeSlug": {"any": ["leaf"]}}) == ["alpha", "alphabet", "beta"]
    assert await names({"blockTypeSlug": {"any": ["other-leaf"]}}) == ["alpha"]
    assert await names({"name": {"any": ["beta"]}}) == ["beta"]
    assert await names({"name": {"like": "ALPHA"}, "blockTypeSlug": {"any": ["leaf"]}}) == [
        "alpha",
        "alphabet",
    ]
    assert await names({"blockTypeSlug": {"any": ["missing"]}}) == []


async def test_pages_by_cursor(gql: GraphQLClient) -> None:
    leaf = await register(gql, "leaf", LEAF)
    for index in range(5):
        await save(gql, leaf, f"doc-{index}", {"token": "x"})

    first = await gql(LIST, {"first": 2})
    second = await gql(
        LIST, {"first": 2, "after": first["blockDocuments"]["pageInfo"]["endCursor"]}
    )

    assert [n["name"] for n in nodes(first)] == ["doc-0", "doc-1"]
    assert [n["name"] for n in nodes(second)] == ["doc-2", "doc-3"]
    assert first["blockDocuments"]["pageInfo"]["hasNextPage"] is True
    [error] = await gql.errors("{ blockDocuments(first: 500) { totalCount } }")
    assert error["extensions"]["code"] == "INVALID_INPUT"
    [error] = await gql.errors("{ blockDocuments(includeSecrets: true) { totalCount } }")
    assert "includeSecrets" in error["message"]


async def test_block_type_by_slug_and_block_schemas(gql: GraphQLClient) -> None:
    await register(gql, "leaf", LEAF)
    await register(gql, "leaf", LEAF | {"description": "v2"})
    await register(gql, "middle", MIDDLE)

    found = await gql('{ blockType(slug: "leaf") { slug name } }')
    missing = await gql('{ blockType(slug: "nope") { slug } }')
    schemas = await gql(
        '{ blockSchemas(blockTypeSlug: "leaf") { checksum fields blockType { slug } } }'
    )
    every = await gql("{ blockSchemas { checksum } }")

    assert found["blockType"] == {"slug": "leaf", "name": "Leaf"}
    assert missing["blockType"] is None
    assert len(schemas["blockSchemas"]) == 2
    assert {s["blockType"]["slug"] for s in schemas["blockSchemas"]} == {"leaf"}
    assert {s["fields"]["secret_fields"][0] for s in schemas["blockSchemas"]} == {"token"}
    assert len(every["blockSchemas"]) == 3


async def test_statements_do_not_grow_with_the_page_size(db: Database, gql: GraphQLClient) -> None:
    for index in range(12):
        await three_levels(gql, f"doc-{index:02}", str(index))

    await gql(LIST, {"first": 1})  # PostgreSQL: open (and introspect) the pool's connections
    counted: dict[int, list[str]] = {}
    for first in (2, 12):
        with recorded_selects(db) as statements:
            data = await gql(LIST, {"first": first})
        assert len(nodes(data)) == first
        assert all(n["data"]["middle"]["leaf"] == {"token": "********"} for n in nodes(data))
        counted[first] = statements

    assert len(counted[2]) == len(counted[12]), counted[12]
    # page, count, 3 levels x (schemas, references, documents), types, nested type, nested schema
    assert len(counted[12]) <= 14, counted[12]
