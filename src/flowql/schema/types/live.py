"""The messages subscriptions send: a page of changes, its cursor, and where it stands."""

from __future__ import annotations

import uuid

import strawberry

from flowql.schema.types.event import EventEdge
from flowql.schema.types.flow_run import FlowRun
from flowql.schema.types.log import Log
from flowql.schema.types.task_run import TaskRun

_CURSOR = "Resubscribe with `after:` this cursor to continue without a gap or a repeat."
_HISTORY = "More missed items follow in the next messages (still replaying)."
_LIVE = "These happened after the subscription caught up."


@strawberry.type(description="Events, in commit order.")
class EventsMessage:
    edges: list[EventEdge]
    end_cursor: str = strawberry.field(description=_CURSOR)
    more_history: bool = strawberry.field(description=_HISTORY)
    live: bool = strawberry.field(description=_LIVE)


@strawberry.type(description="Flow runs that were created or changed, as they are now.")
class FlowRunUpdatesMessage:
    flow_runs: list[FlowRun]
    deleted_ids: list[uuid.UUID] = strawberry.field(description="Flow runs deleted.")
    end_cursor: str = strawberry.field(description=_CURSOR)
    more_history: bool = strawberry.field(description=_HISTORY)
    live: bool = strawberry.field(description=_LIVE)


@strawberry.type(
    description="Task runs of a flow run that were created or changed, as they are now."
)
class TaskRunUpdatesMessage:
    task_runs: list[TaskRun]
    end_cursor: str = strawberry.field(description=_CURSOR)
    more_history: bool = strawberry.field(description=_HISTORY)
    live: bool = strawberry.field(description=_LIVE)


@strawberry.type(description="Log records of a flow run, in the order they were stored.")
class LogsMessage:
    logs: list[Log]
    end_cursor: str = strawberry.field(description=_CURSOR)
    more_history: bool = strawberry.field(description=_HISTORY)
    live: bool = strawberry.field(description=_LIVE)
