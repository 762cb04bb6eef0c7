"""Variables through GraphQL: create, set (upsert), read, list, update, delete, with
Prefect's name and value rules, errors as data and lifecycle events."""

from __future__ import annotations

from typing import Any

from api_factories import ERRORS
from tests.support.graphql import GraphQLClient

VARIABLE = "id name value tags created updated"


async def mutate(gql: GraphQLClient, field: str, input_type: str, input: Any) -> Any:
    selection = "deletedId" if field == "deleteVariable" else f"variable {{ {VARIABLE} }} created"
    data = await gql(
        f"mutation($input: {input_type}!) {{ {field}(input: $input) {{ {selection} {ERRORS} }} }}",
        {"input": input},
    )
    return data[field]


async def create(gql: GraphQLClient, name: str, value: Any, **fields: Any) -> dict[str, Any]:
    payload = await mutate(
        gql, "createVariable", "CreateVariableInput", {"name": name, "value": value, **fields}
    )
    assert payload["errors"] == [], payload
    return dict(payload["variable"])


async def test_create_and_read_any_json_value(gql: GraphQLClient) -> None:
    values = {"s": "text", "i": 3, "f": 2.5, "b": False, "n": None, "l": [1, "a"], "d": {"k": [1]}}
    for suffix, value in values.items():
        created = await create(gql, f"var-{suffix}", value, tags=["x", "x", "y"])
        assert (created["value"], created["tags"]) == (value, ["x", "y"])
        by_name = await gql(
            f"query($n: String) {{ variable(name: $n) {{ {VARIABLE} }} }}", {"n": f"var-{suffix}"}
        )
        by_id = await gql(
            f"query($id: UUID) {{ variable(id: $id) {{ {VARIABLE} }} }}", {"id": created["id"]}
        )
        assert by_name["variable"] == by_id["variable"] == created
    assert (await gql('{ variable(name: "missing") { id } }'))["variable"] is None


async def test_variable_lookup_needs_exactly_one_of_id_and_name(gql: GraphQLClient) -> None:
    [error] = await gql.errors("{ variable { id } }")
    assert "id or its name" in error["message"]
    assert error["extensions"]["code"] == "INVALID_INPUT"


async def test_a_taken_name_is_a_conflict(gql: GraphQLClient) -> None:
    await create(gql, "region", "eu")
    payload = await mutate(gql, "createVariable", "CreateVariableInput", {"name": "region"})

    assert payload["variable"] is None
    [error] = payload["errors"]
    assert (error["code"], error["field"]) == ("CONFLICT", ["name"])
    assert "'region' already exists" in error["message"]


async def test_invalid_names_and_values_are_refused_naming_the_field(gql: GraphQLClient) -> None:
    cases = [
        ({"name": "My Var"}, "name", "lowercase letters, numbers, dashes and underscores"),
        ({"name": "x" * 256}, "name", "the limit is 255"),
        ({"name": ""}, "name", "must not be empty"),
        ({"name": "big", "value": "x" * 5000}, "value", "the limit is 5000"),
        ({"name": "tagged", "tags": [""]}, "tags", "invalid tag"),
    ]
    for input, field, message in cases:
        payload = await mutate(gql, "createVariable", "CreateVariableInput", input)
        [error] = payload["errors"]
        assert (error["code"], error["field"]) == ("INVALID_INPUT", [field]), input
        assert message in error["message"]
    assert (await gql("{ variables { totalCount } }"))["variables"]["totalCount"] == 0


async def test_set_variable_creates_or_overwrites(gql: GraphQLClient) -> None:
    first = await mutate(gql, "setVariable", "SetVariableInput", {"name": "a", "value": 1})
    assert (first["created"], first["variable"]["value"]) == (True, 1)

    refused = await mutate(gql, "setVariable", "SetVariableInput", {"name": "a", "value": 2})
    assert refused["errors"][0]["code"] == "CONFLICT"
    assert "overwrite=True" in refused["errors"][0]["message"]

    input = {"name": "a", "value": True, "tags": ["t"], "overwrite": True}
    second = await mutate(gql, "setVariable", "SetVariableInput", input)
    assert second["created"] is False
    assert second["variable"]["id"] == first["variable"]["id"]
    assert (second["variable"]["value"], second["variable"]["tags"]) == (True, ["t"])


async def test_update_variable_changes_only_what_is_given(gql: GraphQLClient) -> None:
    created = await create(gql, "limit", 10, tags=["a"])
    update = "UpdateVariableInput"

    tags_only = await mutate(gql, "updateVariable", update, {"name": "limit", "tags": ["b"]})
    assert (tags_only["variable"]["value"], tags_only["variable"]["tags"]) == (10, ["b"])
    to_null = await mutate(gql, "updateVariable", update, {"name": "limit", "value": None})
    assert (to_null["variable"]["value"], to_null["variable"]["tags"]) == (None, ["b"])
    renamed = await mutate(gql, "updateVariable", update, {"name": "limit", "newName": "cap"})
    assert (renamed["variable"]["id"], renamed["variable"]["name"]) == (created["id"], "cap")

    await create(gql, "other", 1)
    taken = await mutate(gql, "updateVariable", update, {"name": "cap", "newName": "other"})
    assert (taken["errors"][0]["code"], taken["errors"][0]["field"]) == ("CONFLICT", ["newName"])
    missing = await mutate(gql, "updateVariable", update, {"name": "limit", "value": 1})
    assert missing["errors"][0]["code"] == "NOT_FOUND"
    nothing = await mutate(gql, "updateVariable", update, {"name": "cap"})
    assert "nothing to update" in nothing["errors"][0]["message"]


async def test_delete_variable_by_name_or_id(gql: GraphQLClient) -> None:
    a = await create(gql, "a", 1)
    await create(gql, "b", 2)

    by_id = await mutate(gql, "deleteVariable", "DeleteVariableInput", {"id": a["id"]})
    by_name = await mutate(gql, "deleteVariable", "DeleteVariableInput", {"name": "b"})
    again = await mutate(gql, "deleteVariable", "DeleteVariableInput", {"name": "b"})

    assert by_id == {"deletedId": a["id"], "errors": []}
    assert by_name["errors"] == []
    assert (again["errors"][0]["code"], again["errors"][0]["field"]) == ("NOT_FOUND", ["name"])
    assert (await gql("{ variables { totalCount } }"))["variables"]["totalCount"] == 0


async def test_variables_filter_and_order(gql: GraphQLClient) -> None:
    for name, tags in [("db-host", ["prod"]), ("db-port", ["prod", "db"]), ("api-key", [])]:
        await create(gql, name, name, tags=tags)

    async def names(filter: dict[str, Any], order: str = "NAME_ASC") -> list[str]:
        data = await gql(
            "query($f: VariableFilter, $o: VariableSort!) { variables(filter: $f, orderBy: $o) "
            "{ totalCount edges { node { name } } } }",
            {"f": filter, "o": order},
        )
        return [edge["node"]["name"] for edge in data["variables"]["edges"]]

    assert await names({}) == ["api-key", "db-host", "db-port"]
    assert await names({}, "NAME_DESC") == ["db-port", "db-host", "api-key"]
    assert await names({"name": {"like": "DB-"}}) == ["db-host", "db-port"]
    assert await names({"name": {"any": ["api-key", "nope"]}}) == ["api-key"]
    assert await names({"tags": {"all": ["prod", "db"]}}) == ["db-port"]
    assert await names({"tags": {"isNull": True}}) == ["api-key"]


async def test_every_change_is_an_event(gql: GraphQLClient) -> None:
    created = await create(gql, "flag", False)
    await mutate(gql, "updateVariable", "UpdateVariableInput", {"name": "flag", "value": True})
    await mutate(gql, "updateVariable", "UpdateVariableInput", {"name": "flag", "value": True})
    await mutate(gql, "deleteVariable", "DeleteVariableInput", {"name": "flag"})

    data = await gql(
        '{ events(filter: {eventPrefix: ["flowql.variable."]}) '
        "{ edges { node { event resource payload } } } }"
    )
    nodes = [edge["node"] for edge in data["events"]["edges"]]
    assert [node["event"] for node in nodes] == [
        "flowql.variable.created",
        "flowql.variable.updated",  # the second update changed nothing: no event
        "flowql.variable.deleted",
    ]
    assert {node["resource"]["flowql.resource.id"] for node in nodes} == {
        f"flowql.variable.{created['id']}"
    }
    assert nodes[1]["payload"] == {"fields": ["value"]}
    assert nodes[0]["resource"]["flowql.resource.name"] == "flag"
