"""The events a flow run or task run emits when its state changes or it is deleted.

As Prefect's: ``flowql.flow-run.Running`` about ``flowql.flow-run.<id>``,
with the state in the resource's labels, the flow (or flow run) and the tags
as related resources, and ``{intended: {from, to}, initial_state,
validated_state}`` as payload.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flowql.core.resources import (
    RESOURCE_ID,
    RESOURCE_NAME,
    related,
    resource_id,
    tag_resources,
)
from flowql.events.outbox import NewEvent


@dataclass(frozen=True, slots=True)
class StateFacts:
    """What an event says about a state."""

    id: uuid.UUID
    type: str
    name: str
    message: str | None
    timestamp: datetime

    @classmethod
    def of(cls, row: Any) -> StateFacts:
        """A stored flow-run or task-run state row, as its event describes it."""
        return cls(row.id, row.type.value, row.name, row.message, row.timestamp)


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What an event says about the run: its kind, identity and context."""

    kind: str  # "flow-run" or "task-run"
    id: uuid.UUID
    name: str
    tags: Sequence[str]
    flow_id: uuid.UUID | None = None
    flow_run_id: uuid.UUID | None = None


def state_event(
    run: RunFacts, initial: StateFacts | None, state: StateFacts, intended: str | None = None
) -> NewEvent:
    """The event of ``run`` entering ``state`` from ``initial``; ``intended``: the
    state type that was proposed (the rules may have written another)."""
    resource = {
        RESOURCE_ID: resource_id(run.kind, run.id),
        RESOURCE_NAME: run.name,
        "flowql.state-message": state.message or "",
        "flowql.state-name": state.name,
        "flowql.state-timestamp": state.timestamp.isoformat(),
        "flowql.state-type": state.type,
    }
    return NewEvent(
        id=state.id,
        event=f"flowql.{run.kind}.{state.name}",
        resource=resource,
        occurred=state.timestamp,
        related=_related(run),
        payload={
            "intended": {
                "from": None if initial is None else initial.type,
                "to": intended or state.type,
            },
            "initial_state": None if initial is None else _state(initial),
            "validated_state": _state(state),
        },
        follows=None if initial is None else initial.id,
        flow_run_id=run.id if run.kind == "flow-run" else run.flow_run_id,
    )


def _related(run: RunFacts) -> list[dict[str, str]]:
    items = []
    if run.flow_run_id is not None:
        items.append(related("flow-run", run.flow_run_id, role="flow-run"))
    if run.flow_id is not None:
        items.append(related("flow", run.flow_id, role="flow"))
    return items + tag_resources(run.tags)


def _state(state: StateFacts) -> dict[str, Any]:
    return {"type": state.type, "name": state.name, "message": state.message}
