"""The messages subscriptions send: a page of changes, its cursor, and where it stands."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry

from flowql.schema.types.event import EventEdge
from flowql.schema.types.flow_run import FlowRun
from flowql.schema.types.log import Log
from flowql.schema.types.task_run import TaskRun


@strawberry.interface(description="What every subscription message says of where it stands.")
class LiveMessage:
    end_cursor: str = strawberry.field(
        description="Resubscribe with `after:` this cursor to continue without a gap or a repeat."
    )
    more_history: bool = strawberry.field(
        description="More missed items follow in the next messages (still replaying)."
    )
    live: bool = strawberry.field(description="These happened after the subscription caught up.")

    @staticmethod
    def position(page: Any) -> dict[str, Any]:
        """The interface's fields for a ``follow`` page."""
        return {
            "end_cursor": page.cursor.encode(),
            "more_history": page.more_history,
            "live": page.live,
        }


@strawberry.type(description="Events, in commit order.")
class EventsMessage(LiveMessage):
    edges: list[EventEdge]


@strawberry.type(description="Flow runs that were created or changed, as they are now.")
class FlowRunUpdatesMessage(LiveMessage):
    flow_runs: list[FlowRun]
    deleted_ids: list[uuid.UUID] = strawberry.field(description="Flow runs deleted.")


@strawberry.type(
    description="A flow run's task runs that were created or changed, as they are now."
)
class TaskRunUpdatesMessage(LiveMessage):
    task_runs: list[TaskRun]


@strawberry.type(description="Log records of a flow run, in the order they were stored.")
class LogsMessage(LiveMessage):
    logs: list[Log]
