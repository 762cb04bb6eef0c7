"""flowql.variables.Variable, as Prefect 3's: set / get / unset and their async
variants, JSON values, name and size checks, overwrite; embedded and remote."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tests.sdk.conftest import query

from flowql import flow, task
from flowql.variables import Variable


def test_set_get_unset_round_trip(sdk_mode: str) -> None:
    stored = Variable.set("config", {"retries": 3, "hosts": ["a", "b"]}, tags=["prod"])

    assert stored == Variable(
        name="config", value={"retries": 3, "hosts": ["a", "b"]}, tags=["prod"]
    )
    assert Variable.get("config") == {"retries": 3, "hosts": ["a", "b"]}
    assert Variable.get("missing") is None
    assert Variable.get("missing", default="fallback") == "fallback"
    assert Variable.unset("config") is True
    assert Variable.unset("config") is False
    assert Variable.get("config", default=0) == 0


def test_every_json_value_comes_back_as_it_went(sdk_mode: str) -> None:
    values = ["text", 7, 2.5, True, None, [1, None], {"nested": {"x": [1.5]}}]
    for n, value in enumerate(values):
        Variable.set(f"v{n}", value)
    assert [Variable.get(f"v{n}", default="unset") for n in range(len(values))] == values


def test_a_name_in_use_needs_overwrite(sdk_mode: str) -> None:
    Variable.set("region", "eu", tags=["a"])

    with pytest.raises(ValueError, match=r"'region' already exists.*overwrite=True"):
        Variable.set("region", "us")
    assert Variable.get("region") == "eu"

    replaced = Variable.set("region", "us", overwrite=True)
    assert (replaced.value, replaced.tags) == ("us", [])
    stored = query('{ variable(name: "region") { value tags } }')["variable"]
    assert stored == {"value": "us", "tags": []}


def test_bad_names_and_values_are_refused_before_sending(sdk_mode: str) -> None:
    with pytest.raises(ValueError, match=r"'My Var' must only contain lowercase letters"):
        Variable.set("My Var", 1)
    with pytest.raises(ValueError, match=r"'big' is 5002 characters long as JSON"):
        Variable.set("big", "x" * 5000)
    with pytest.raises(ValueError, match=r"'odd'.*value is a set"):
        Variable.set("odd", {1, 2})
    with pytest.raises(ValueError, match=r"'nan'.*value\[0\] is nan"):
        Variable.set("nan", [float("nan")])
    assert query("{ variables { totalCount } }")["variables"]["totalCount"] == 0


def test_variables_inside_flows_and_tasks(sdk_mode: str) -> None:
    Variable.set("threshold", 10)

    @task
    def over(value: int) -> bool:
        limit: int = Variable.get("threshold")
        return value > limit

    @flow
    def check() -> list[bool]:
        Variable.set("last-run", "check", overwrite=True)
        return [over(5), over(50)]

    assert check() == [False, True]
    assert Variable.get("last-run") == "check"


def test_async_variants_and_dispatch(sdk_mode: str) -> None:
    async def main() -> tuple[object, object, object, bool]:
        await Variable.aset("a", [1], tags=["t"])
        await Variable.set("b", 2)  # the sync name returns an awaitable in async code
        got = (await Variable.aget("a"), await Variable.get("b"), await Variable.aget("c", 3))
        return (*got, await Variable.aunset("a"))

    assert asyncio.run(main()) == ([1], 2, 3, True)
    assert Variable.get("a") is None
    assert Variable.get("b", _sync=True) == 2


async def test_local_api_answers_as_the_graphql_documents(home: Any) -> None:
    """Embedded mode's direct calls (LocalApi) return what the operations select."""
    from flowql.sdk.client.api import FlowqlApi
    from flowql.sdk.client.local_api import LocalApi
    from flowql.sdk.client.transport import EmbeddedTransport
    from flowql.settings import Settings

    transport = EmbeddedTransport(Settings(home=home, api_url=None, database_url=None))
    local, graphql = LocalApi(transport), FlowqlApi(transport)
    try:
        for api, name in ((local, "via-local"), (graphql, "via-graphql")):
            created = await api.set_variable(name, {"a": [1]}, tags=["t"])
            assert created == {**(await api.read_variable_by_name(name) or {}), "created": True}
            assert await local.read_variable_by_name(name) == await graphql.read_variable_by_name(
                name
            )
            artifact = await api.create_artifact("progress", 5, key=name, description="d")
            updated = await api.update_artifact(artifact["id"], data=6)
            assert updated == {**artifact, "data": 6}
            assert set(artifact) == {
                "id", "key", "type", "description", "data", "flowRunId", "taskRunId"
            }  # fmt: skip
            assert await api.delete_variable_by_name(name) is True
            assert await api.delete_variable_by_name(name) is False
    finally:
        await transport.close()
