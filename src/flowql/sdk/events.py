"""``emit_event``: report something that happened, as Prefect's ``prefect.events``.

Inside a flow or task run the event is related to that run (and its flow run)
automatically, as in Prefect. The event is stored before the call returns
(embedded mode: in the local database; remote: through ``emitEvents``); a
refusal raises with the API's message.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flowql.core.resources import related
from flowql.sdk import context as ctx


@dataclass(frozen=True)
class Event:
    """An event as emitted: what happened (``event``), to what (``resource``), when."""

    event: str
    resource: dict[str, str]
    occurred: datetime
    related: list[dict[str, str]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    follows: uuid.UUID | None = None


def emit_event(
    event: str,
    resource: Mapping[str, str],
    occurred: datetime | None = None,
    related: Sequence[Mapping[str, str]] | None = None,
    payload: Mapping[str, Any] | None = None,
    id: uuid.UUID | None = None,
    follows: Event | uuid.UUID | None = None,
) -> Event:
    """Store an event and return it. ``resource`` needs a ``flowql.resource.id`` label
    (Prefect's ``prefect.resource.id`` is accepted too)."""
    from flowql.sdk.engine.runtime import get_runtime

    emitted = Event(
        event=event,
        resource=dict(resource),
        occurred=occurred or datetime.now(UTC),
        related=[dict(item) for item in related or ()] + _run_resources(),
        payload=dict(payload or {}),
        id=id or uuid.uuid4(),
        follows=follows.id if isinstance(follows, Event) else follows,
    )
    runtime = get_runtime()
    runtime.call(runtime.api.emit_events([_input(emitted)]))
    return emitted


def _run_resources() -> list[dict[str, str]]:
    resources = []
    flow_context = ctx.current_flow_run_context()
    if flow_context is not None and flow_context.flow_run is not None:
        run = flow_context.flow_run
        resources.append(related("flow-run", run.id, role="flow-run"))
    task_context = ctx.current_task_run_context()
    if task_context is not None:
        run_id = task_context.task_run.id
        resources.append(related("task-run", run_id, role="task-run"))
    return resources


def _input(event: Event) -> dict[str, Any]:
    return {
        "id": str(event.id),
        "event": event.event,
        "resource": event.resource,
        "occurred": event.occurred.isoformat(),
        "related": event.related,
        "payload": event.payload,
        "follows": None if event.follows is None else str(event.follows),
    }
