"""GraphQL enums, made from the enums the rest of flowql already uses."""

from __future__ import annotations

import strawberry

from flowql.core import sorting
from flowql.core.errors import ErrorCode as _ErrorCode
from flowql.core.states import StateType as _StateType
from flowql.services.states import SetStateStatus as _SetStateStatus

StateType = strawberry.enum(_StateType, description="The type of a run state.")
ErrorCode = strawberry.enum(_ErrorCode, description="Why a mutation refused its input.")
SetStateStatus = strawberry.enum(
    _SetStateStatus,
    description="The orchestration decision on a proposed state: ACCEPT writes it, REJECT "
    "keeps the current state (or writes the state returned instead), WAIT asks to propose "
    "again after delaySeconds, ABORT says the proposal makes no sense.",
)
FlowSort = strawberry.enum(sorting.FlowSort)
FlowRunSort = strawberry.enum(sorting.FlowRunSort)
TaskRunSort = strawberry.enum(sorting.TaskRunSort)
LogSort = strawberry.enum(sorting.LogSort)
StateSort = strawberry.enum(sorting.StateSort)
