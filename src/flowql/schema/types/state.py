"""State: one entry of a run's append-only state history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from flowql.schema.enums import StateType
from flowql.schema.rows import from_row
from flowql.schema.types.result import StateResult, state_result


@strawberry.type(description="A state of a flow run or task run.")
class State:
    id: uuid.UUID
    type: StateType
    name: str
    message: str | None
    timestamp: datetime
    scheduled_time: datetime | None = strawberry.field(
        description="When a SCHEDULED state is due (e.g. an AwaitingRetry)."
    )
    details: JSON = strawberry.field(description="Extra facts about the state (free form).")
    data: JSON | None = strawberry.field(
        description="A reference to the state's result, when it has one."
    )

    @strawberry.field
    def is_terminal(self) -> bool:
        return bool(self.type.is_terminal)

    @strawberry.field(
        description="The persisted result `data` points at (null when it points at none)."
    )
    def result(self) -> StateResult | None:
        return state_result(self.data)


def state_or_none(row: Any) -> State | None:
    return None if row is None else from_row(State, row)
