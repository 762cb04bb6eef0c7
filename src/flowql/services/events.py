"""Events sent by clients (``emitEvents``, the SDK's ``emit_event``): checked and stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flowql.core.errors import InvalidInputError
from flowql.core.resources import RESOURCE_ID
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.outbox import NewEvent

MAX_EVENT_BATCH = 1_000
MAX_NAME = 1_024
_PREFECT_RESOURCE_ID = "prefect.resource.id"


async def emit_events(db: Database, events: Sequence[NewEvent]) -> int:
    """Store ``events`` in one transaction (an id stored already is skipped)."""
    if len(events) > MAX_EVENT_BATCH:
        raise InvalidInputError(
            f"{len(events)} events in one batch; the limit is {MAX_EVENT_BATCH}", field=("events",)
        )
    async with db.transaction() as session:
        await outbox.emit(session, events)
    return len(events)


def check_labels(value: Any, *, field: tuple[str, ...]) -> dict[str, str]:
    """A resource: string labels with ``flowql.resource.id`` (Prefect's
    ``prefect.resource.id`` is accepted and copied to it, so Prefect code works)."""
    if not isinstance(value, Mapping) or not value:
        raise InvalidInputError(
            f"{'.'.join(field)} must be a non-empty object of labels", field=field
        )
    labels = {}
    for key, label in value.items():
        if not isinstance(label, str):
            raise InvalidInputError(
                f"{'.'.join(field)}.{key} must be a string, got {type(label).__name__}",
                field=(*field, str(key)),
            )
        labels[str(key)] = label
    if RESOURCE_ID not in labels and _PREFECT_RESOURCE_ID in labels:
        labels[RESOURCE_ID] = labels[_PREFECT_RESOURCE_ID]
    if not labels.get(RESOURCE_ID):
        raise InvalidInputError(
            f"{'.'.join(field)} needs a {RESOURCE_ID!r} label naming the resource",
            field=(*field, RESOURCE_ID),
        )
    return labels


def check_event_name(name: str, *, field: tuple[str, ...]) -> str:
    if not name or len(name) > MAX_NAME:
        raise InvalidInputError(
            f"{'.'.join(field)} must be 1 to {MAX_NAME} characters long", field=field
        )
    return name
