"""Subscribers with the same document and variables share each message's execution.

graphql-core executes every subscription message once per subscriber: with
500 subscribers on one subscription that was ~45 % of the server's time
(completing every run's fields 500 times over). Subscribers that share a
read (``events.shared_reads``) are handed the same message object
(``resolvers.subscription``), and this execution context remembers the
result of executing a message for an operation and its variables, so the
next subscriber with the same document text, operation and variables gets
that result. Messages carry
no per-subscriber data, and every subscriber is allowed the same reads.

Only messages (``LiveMessage`` root values) are remembered, a few hundred at
most, each held alive with its entry so its id cannot pass to another.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
from typing import Any

from graphql import ExecutionResult
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from flowql.core.recent import Recent
from flowql.schema.types.live import LiveMessage

_REMEMBER = 256
_results: Recent[tuple[int, Any, str], tuple[Any, Any]] = Recent(_REMEMBER)


def _operation_key(operation: Any) -> Any:
    """The operation's document text and name (the same text parsed twice is two
    objects), or the node itself when it carries no source."""
    location = operation.loc
    if location is None:
        return operation
    name = operation.name.value if operation.name else ""
    return (location.source.body, name)


class SharedEventExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, remembering subscription message results."""

    def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        message = self.root_value
        if not isinstance(message, LiveMessage):
            return super().execute_operation(*args, **kwargs)
        key = (id(message), _operation_key(self.operation), repr(self.variable_values))
        found = _results.get(key)
        if found is None:
            result = super().execute_operation(*args, **kwargs)
            if inspect.isawaitable(result):
                result = asyncio.ensure_future(result)
            found = _results.add(key, (message, result))
        result = found[1]
        if isinstance(result, asyncio.Future):
            return _own_copy(result)
        return _copy(result)


async def _own_copy(shared: asyncio.Future[Any]) -> Any:
    # Shielded: one subscriber leaving must not cancel the others' result.
    return _copy(await asyncio.shield(shared))


def _copy(result: Any) -> Any:
    """A copy per subscriber (Strawberry sets fields, extensions and errors, on the
    result each one gets) sharing ``data``; built directly, as ``copy.copy`` is several
    times slower and this runs once per subscriber per message."""
    if type(result) is ExecutionResult:
        errors = None if result.errors is None else list(result.errors)
        return ExecutionResult(result.data, errors, result.extensions)
    return copy.copy(result)
