"""Events for the creation, update and deletion of domain objects.

``flowql.flow.created``, ``flowql.flow.updated`` (the payload names the
fields that changed), ``flowql.flow-run.deleted``... about
``flowql.<kind>.<id>``. A run's creation is reported by its first state's
event (``flowql.flow-run.Pending`` with no initial state), as in Prefect; a
cascade (a flow's runs deleted with it) by the deleted event of the object
that was asked to go.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from flowql.core.resources import RESOURCE_ID, RESOURCE_NAME, resource_id
from flowql.core.time import utcnow
from flowql.events.outbox import NewEvent

Action = Literal["created", "updated", "deleted"]


def lifecycle_event(
    kind: str,
    id: uuid.UUID,
    name: str,
    action: Action,
    payload: Mapping[str, Any] | None = None,
    related: Sequence[Mapping[str, str]] = (),
) -> NewEvent:
    """``flowql.<kind>.<action>`` about ``flowql.<kind>.<id>``, with ``related``
    resources (an artifact's flow run and task run)."""
    return NewEvent(
        event=f"flowql.{kind}.{action}",
        resource={RESOURCE_ID: resource_id(kind, id), RESOURCE_NAME: name},
        occurred=utcnow(),
        payload=dict(payload or {}),
        related=tuple(related),
        flow_run_id=id if kind == "flow-run" else None,
    )
