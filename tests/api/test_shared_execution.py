"""Subscribers with the same document and variables share a message's execution."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import strawberry

from flowql.schema.shared_execution import SharedEventExecution
from flowql.schema.types.live import LiveMessage

resolved: list[str] = []


@strawberry.type
class CountedMessage(LiveMessage):
    @strawberry.field
    def value(self, label: str = "") -> str:
        resolved.append(label)
        return f"seen {label}"


SHARED = CountedMessage(end_cursor="c1", more_history=False, live=True)


@strawberry.type
class Query:
    @strawberry.field
    def ping(self) -> int:
        return 1


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def messages(self) -> AsyncGenerator[CountedMessage, None]:
        yield SHARED


schema = strawberry.Schema(
    query=Query, subscription=Subscription, execution_context_class=SharedEventExecution
)
DOCUMENT = "subscription($l: String!) { messages { endCursor value(label: $l) } }"


async def first_message(document: str, variables: dict[str, Any]) -> Any:
    stream = await schema.subscribe(document, variable_values=variables)
    async for result in stream:
        await stream.aclose()
        assert not result.errors, result.errors
        return result.data["messages"]
    raise AssertionError("no message")


async def test_the_same_message_is_executed_once_per_document_and_variables() -> None:
    resolved.clear()
    first = await first_message(DOCUMENT, {"l": "a"})
    second = await first_message(DOCUMENT, {"l": "a"})
    other_variables = await first_message(DOCUMENT, {"l": "b"})
    other_document = await first_message('subscription { messages { value(label: "a") } }', {})

    assert first == second == {"endCursor": "c1", "value": "seen a"}
    assert other_variables["value"] == "seen b" and other_document == {"value": "seen a"}
    assert resolved == ["a", "b", "a"]  # the second subscriber reused the first's result


async def test_other_root_values_are_executed_every_time() -> None:
    resolved.clear()
    for _ in range(2):
        result = await schema.execute("{ ping }")
        assert result.data == {"ping": 1}
    assert resolved == []
