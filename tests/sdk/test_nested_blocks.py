"""Blocks nested below the top level (a block holding a block holding a block), run
embedded and against a live server: saved as references at every depth, loaded
back whole, secrets masked at every depth; shapes that cannot be saved
(blocks or secrets inside containers) refused when the class is defined or
before anything is saved."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pydantic import SecretStr, create_model
from tests.sdk.conftest import query

from flowql.blocks.core import Block
from flowql.blocks.system import JSON


class ApiKey(Block):
    """The innermost block: a key."""

    key: SecretStr


class Account(Block):
    """An account and its key."""

    user: str
    password: SecretStr
    api_key: ApiKey


class Service(Block):
    """A service reached through an account."""

    url: str
    account: Account | None = None


LIST = """{ blockDocuments(filter: {isAnonymous: null}) {
  totalCount edges { node { name isAnonymous data blockType { slug } } } } }"""


def three_levels(secret: str) -> Service:
    key = ApiKey(key=SecretStr(f"key-{secret}"))
    account = Account(user="ada", password=SecretStr(f"pw-{secret}"), api_key=key)
    return Service(url="https://example", account=account)


def test_three_levels_round_trip_with_secrets_masked_at_every_depth(sdk_mode: str) -> None:
    secret = f"canary-{uuid.uuid4().hex}"
    three_levels(secret).save("svc")

    loaded = Service.load("svc")
    listed = query(LIST)["blockDocuments"]
    read = query('{ blockDocument(name: "svc", blockTypeSlug: "service") { data } }')

    assert loaded.account is not None
    assert loaded.account.password.get_secret_value() == f"pw-{secret}"
    assert loaded.account.api_key.key.get_secret_value() == f"key-{secret}"
    masked = {
        "url": "https://example",
        "account": {"user": "ada", "password": "********", "api_key": {"key": "********"}},
    }
    assert read["blockDocument"]["data"] == masked
    assert listed["totalCount"] == 3 and secret not in str(listed)
    top = [edge["node"] for edge in listed["edges"] if not edge["node"]["isAnonymous"]]
    assert top == [
        {"name": "svc", "isAnonymous": False, "data": masked, "blockType": {"slug": "service"}}
    ]
    assert "account.api_key.key" in Service.secret_fields()


def test_resaving_a_loaded_nested_block_replaces_its_anonymous_children(sdk_mode: str) -> None:
    three_levels("one").save("svc")
    loaded = Service.load("svc")
    assert loaded.account is not None
    loaded.account.api_key = ApiKey(key=SecretStr("key-two"))

    loaded.save("svc", overwrite=True)
    Service(url="https://bare").save("bare")

    reloaded = Service.load("svc")
    assert reloaded.account is not None
    assert reloaded.account.api_key.key.get_secret_value() == "key-two"
    assert reloaded.account.password.get_secret_value() == "pw-one"
    assert Service.load("bare").account is None
    anonymous = query("{ blockDocuments(filter: {isAnonymous: true}) { totalCount } }")
    assert anonymous["blockDocuments"]["totalCount"] == 2  # the old children were deleted


def test_register_type_and_schema_registers_the_blocks_held_too(sdk_mode: str) -> None:
    Service.register_type_and_schema()
    Service.register_type_and_schema()  # again: nothing changes

    found = query("{ blockTypes { slug } blockSchemas { blockType { slug } } }")

    assert [t["slug"] for t in found["blockTypes"]] == ["account", "apikey", "service"]
    assert len(found["blockSchemas"]) == 3


@pytest.mark.parametrize(
    "annotation",
    [list[ApiKey], dict[str, ApiKey], list[ApiKey] | None, tuple[int, SecretStr]],
    ids=str,
)
def test_blocks_or_secrets_inside_containers_are_refused_at_definition(annotation: Any) -> None:
    with pytest.raises(TypeError, match=r"Holder\.keys: \w+ inside .* is not supported"):
        create_model("Holder", __base__=Block, keys=(annotation, None))


def test_blocks_or_secrets_held_where_undeclared_are_refused_before_saving(embedded: Any) -> None:
    with pytest.raises(TypeError, match=r"JSON\.value holds ApiKey inside a list"):
        JSON(value=[ApiKey(key=SecretStr("hidden"))]).save("keys")
    with pytest.raises(TypeError, match=r"JSON\.value holds SecretStr but is not declared"):
        JSON(value=SecretStr("hidden")).save("key")

    assert query("{ blockDocuments(filter: {isAnonymous: null}) { totalCount } }") == {
        "blockDocuments": {"totalCount": 0}
    }
