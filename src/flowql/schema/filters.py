"""Filter inputs of the list queries (read by flowql.db.queries.filters).

Shaped like Prefect's filter objects (``FlowRunFilter(state=...)``), with
Prefect's ``any_``/``not_any_``/``like_``/``before_``... spelled ``any``,
``notAny``, ``like``, ``before`` in GraphQL. All conditions are ANDed.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from flowql.schema.enums import StateType


@strawberry.input(description="Match an id (or a reference to one).")
class IdFilter:
    any: list[uuid.UUID] | None = strawberry.field(default=None, description="One of these.")
    not_any: list[uuid.UUID] | None = strawberry.field(default=None, description="None of these.")
    is_null: bool | None = strawberry.field(default=None, description="Unset (true) or set.")


@strawberry.input(description="Match a string.")
class StringFilter:
    any: list[str] | None = strawberry.field(default=None, description="Equal to one of these.")
    not_any: list[str] | None = strawberry.field(default=None, description="Equal to none.")
    like: str | None = strawberry.field(
        default=None, description="Contains this text, case-insensitively."
    )


@strawberry.input(description="Match tags.")
class TagsFilter:
    all: list[str] | None = strawberry.field(default=None, description="Has every one.")
    any: list[str] | None = strawberry.field(default=None, description="Has at least one.")
    is_null: bool | None = strawberry.field(default=None, description="Has no tags (true).")


@strawberry.input(description="Match a time range (inclusive).")
class TimeFilter:
    before: datetime | None = None
    after: datetime | None = None
    is_null: bool | None = None


@strawberry.input
class StateTypeFilter:
    any: list[StateType] | None = None
    not_any: list[StateType] | None = None


@strawberry.input(description="Match the current state of a run.")
class StateFilter:
    type: StateTypeFilter | None = None
    name: StringFilter | None = None


@strawberry.input
class FlowFilter:
    id: IdFilter | None = None
    name: StringFilter | None = None
    tags: TagsFilter | None = None


@strawberry.input
class FlowRunFilter:
    id: IdFilter | None = None
    name: StringFilter | None = None
    tags: TagsFilter | None = None
    state: StateFilter | None = None
    flow_id: IdFilter | None = None
    flow: FlowFilter | None = strawberry.field(
        default=None, description="Runs of the flows this matches (e.g. by flow name)."
    )
    start_time: TimeFilter | None = None
    end_time: TimeFilter | None = None
    expected_start_time: TimeFilter | None = None
    created: TimeFilter | None = None
    parent_task_run_id: IdFilter | None = None
    parent_flow_run_id: IdFilter | None = strawberry.field(
        default=None, description="Subflow runs of these flow runs; isNull: top-level runs."
    )
    idempotency_key: StringFilter | None = None


@strawberry.input
class TaskRunFilter:
    id: IdFilter | None = None
    name: StringFilter | None = None
    tags: TagsFilter | None = None
    state: StateFilter | None = None
    flow_run_id: IdFilter | None = None
    flow_run: FlowRunFilter | None = strawberry.field(
        default=None, description="Task runs of the flow runs this matches."
    )
    task_key: StringFilter | None = None
    cache_key: StringFilter | None = None
    start_time: TimeFilter | None = None
    end_time: TimeFilter | None = None
    expected_start_time: TimeFilter | None = None
    created: TimeFilter | None = None


@strawberry.input(description="Match a log level (standard logging numbers: INFO is 20).")
class LevelFilter:
    ge: int | None = None
    le: int | None = None


@strawberry.input
class LogFilter:
    flow_run_id: IdFilter | None = None
    task_run_id: IdFilter | None = None
    level: LevelFilter | None = None
    timestamp: TimeFilter | None = None
    name: StringFilter | None = strawberry.field(default=None, description="Logger name.")
    message: StringFilter | None = None


@strawberry.input(description="Match events: every field given must match.")
class EventFilter:
    event_prefix: list[str] | None = strawberry.field(
        default=None, description="Event names starting with any of these (`flowql.flow-run.`)."
    )
    resource_id: list[str] | None = strawberry.field(
        default=None, description="About one of these resources (`flowql.flow-run.<id>`)."
    )
    related_id: list[str] | None = strawberry.field(
        default=None, description="Related to one of these resources (`flowql.flow.<id>`)."
    )
    occurred: TimeFilter | None = None


@strawberry.input(description="Match variables: every field given must match.")
class VariableFilter:
    id: IdFilter | None = None
    name: StringFilter | None = None
    tags: TagsFilter | None = None


@strawberry.input(description="Match artifacts: every field given must match.")
class ArtifactFilter:
    id: IdFilter | None = None
    key: StringFilter | None = None
    type: StringFilter | None = strawberry.field(
        default=None, description="markdown, table, link, progress, image..."
    )
    flow_run_id: IdFilter | None = None
    task_run_id: IdFilter | None = None
    created: TimeFilter | None = None
