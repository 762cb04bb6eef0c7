"""Run the client's GraphQL documents through the transport the settings choose.

Queries and mutations with ``execute``; subscriptions with ``subscribe`` (over a
websocket in remote mode, resumed after a dropped connection; in-process on the
local database in embedded mode: see ``flowql.sdk.client.subscriptions``).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from flowql.cli.database import database_errors
from flowql.cli.errors import CliError
from flowql.cli.output import print_note
from flowql.sdk.client import subscriptions
from flowql.sdk.client.operations import operation
from flowql.sdk.client.transport import Transport, transport_from_settings
from flowql.settings import Settings


def _open(settings: Settings) -> Transport:
    try:
        return transport_from_settings(settings)
    except ValueError as error:  # embedded mode on an unsupported database URL
        raise CliError(str(error)) from None


@contextlib.asynccontextmanager
async def connect(settings: Settings) -> AsyncIterator[Transport]:
    """Embedded (in-process) or HTTP transport; always closed afterwards."""
    embedded = not settings.api_url  # as transport_from_settings decides
    with database_errors(settings) if embedded else contextlib.nullcontext():
        transport = _open(settings)
        try:
            yield transport
        finally:
            await transport.close()


async def execute(transport: Transport, name: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The ``data`` of the operation in ``operations/<name>.graphql``."""
    data: dict[str, Any] = await transport.execute(operation(name), variables)
    return data


async def execute_once(settings: Settings, name: str, variables: dict[str, Any]) -> dict[str, Any]:
    """Connect, run one operation, close."""
    async with connect(settings) as transport:
        return await execute(transport, name, variables)


def _note(sentence: str) -> None:
    print_note(sentence[:1].upper() + sentence[1:] + ".")


def _quiet(sentence: str) -> None:
    pass


def subscribe(
    transport: Transport, name: str, variables: dict[str, Any], *, quiet: bool = False
) -> AsyncGenerator[subscriptions.Message, None]:
    """The messages of the subscription in ``operations/<name>.graphql``; a lost
    connection and its return are noted on stderr (unless ``quiet``: another
    subscription to the same server says it already)."""
    notify = _quiet if quiet else _note
    return subscriptions.subscribe(transport, operation(name), variables, notify=notify)
