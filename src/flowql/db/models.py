"""SQLAlchemy models: storage only. The GraphQL types are the API contract.

Current state is denormalised onto each run (``state_type``, ``state_name``,
``state_timestamp``, ``state_id``) so that lists filter and sort without a
join; the state tables are the append-only history.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.db.types import JSONType, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s__%(column_0_N_name)s",
    "uq": "uq_%(table_name)s__%(column_0_N_name)s",
    "ck": "ck_%(table_name)s__%(constraint_name)s",
    "fk": "fk_%(table_name)s__%(column_0_name)s__%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

StateTypeColumn = sa.Enum(StateType, native_enum=False, length=16, validate_strings=True)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType}


class _Timestamps:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4, sort_order=-3)
    created: Mapped[datetime] = mapped_column(default=utcnow, sort_order=-2)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, sort_order=-1)


class _RunFields(_Timestamps):
    """Fields flow runs and task runs share."""

    name: Mapped[str] = mapped_column(sa.String(200))
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    run_count: Mapped[int] = mapped_column(default=0)
    empirical_policy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    expected_start_time: Mapped[datetime | None]
    start_time: Mapped[datetime | None]
    end_time: Mapped[datetime | None]
    total_run_time: Mapped[float] = mapped_column(default=0.0)
    state_id: Mapped[uuid.UUID | None]
    state_type: Mapped[StateType | None] = mapped_column(StateTypeColumn)
    state_name: Mapped[str | None] = mapped_column(sa.String(100))
    state_timestamp: Mapped[datetime | None]


class _StateFields:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4, sort_order=-1)
    type: Mapped[StateType] = mapped_column(StateTypeColumn)
    name: Mapped[str] = mapped_column(sa.String(100))
    message: Mapped[str | None] = mapped_column(sa.Text)
    timestamp: Mapped[datetime]
    scheduled_time: Mapped[datetime | None]
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    """A reference to the state's result (filled in by the results issue)."""
    transition_id: Mapped[str | None] = mapped_column(sa.String(100))


class Flow(_Timestamps, Base):
    __tablename__ = "flow"

    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str | None] = mapped_column(sa.Text)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    parameter_schema: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    """JSON Schema of the flow function's parameters, as last recorded by the SDK."""
    version: Mapped[str | None] = mapped_column(sa.String(200))


class FlowRun(_RunFields, Base):
    __tablename__ = "flow_run"

    flow_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("flow.id", ondelete="CASCADE"))
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(200))
    # No database-level foreign key: task_run references flow_run, and a cycle
    # of constraints cannot be created portably. Deleting a task run leaves the
    # link dangling, which readers treat as "no parent".
    parent_task_run_id: Mapped[uuid.UUID | None]
    parent_flow_run_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("flow_run.id", ondelete="SET NULL")
    )

    __table_args__ = (
        sa.UniqueConstraint("flow_id", "idempotency_key"),
        sa.Index(None, "flow_id", "expected_start_time"),
        sa.Index(None, "expected_start_time", "id"),
        sa.Index(None, "state_type", "expected_start_time"),
        sa.Index(None, "start_time"),
        sa.Index(None, "end_time"),
        sa.Index(None, "created"),
        sa.Index(None, "name"),
        sa.Index(None, "parent_task_run_id"),
        sa.Index(None, "parent_flow_run_id"),
    )


class TaskRun(_RunFields, Base):
    __tablename__ = "task_run"

    flow_run_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("flow_run.id", ondelete="CASCADE")
    )
    task_key: Mapped[str] = mapped_column(sa.String(200))
    dynamic_key: Mapped[str] = mapped_column(sa.String(200))
    cache_key: Mapped[str | None] = mapped_column(sa.String(500))
    cache_expiration: Mapped[datetime | None]
    task_inputs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    flow_run_run_count: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        sa.UniqueConstraint("flow_run_id", "task_key", "dynamic_key"),
        sa.Index(None, "flow_run_id", "expected_start_time"),
        sa.Index(None, "expected_start_time", "id"),
        sa.Index(None, "state_type", "expected_start_time"),
        sa.Index(None, "start_time"),
        sa.Index(None, "created"),
        sa.Index(None, "cache_key"),
    )


class FlowRunState(_StateFields, Base):
    __tablename__ = "flow_run_state"

    flow_run_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("flow_run.id", ondelete="CASCADE"))

    __table_args__ = (
        sa.UniqueConstraint("flow_run_id", "transition_id"),
        sa.Index(None, "flow_run_id", "timestamp"),
    )


class TaskRunState(_StateFields, Base):
    __tablename__ = "task_run_state"

    task_run_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("task_run.id", ondelete="CASCADE"))

    __table_args__ = (
        sa.UniqueConstraint("task_run_id", "transition_id"),
        sa.Index(None, "task_run_id", "timestamp"),
    )


def _sequence() -> Any:
    """A never-reused insertion number (see Event): SQLite AUTOINCREMENT needs INTEGER."""
    return mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    )


class Log(Base):
    """A log record; (tx, seq) orders them as committed, as for events."""

    __tablename__ = "log"

    seq: Mapped[int] = _sequence()
    tx: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    flow_run_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("flow_run.id", ondelete="CASCADE")
    )
    task_run_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("task_run.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    level: Mapped[int]
    message: Mapped[str] = mapped_column(sa.Text)
    timestamp: Mapped[datetime]

    __table_args__ = (
        sa.Index(None, "flow_run_id", "timestamp"),
        sa.Index(None, "task_run_id", "timestamp"),
        sa.Index(None, "timestamp"),
        sa.Index(None, "flow_run_id", "tx", "seq"),
        {"sqlite_autoincrement": True},
    )


class Event(Base):
    """An event (the outbox): written in the transaction of the change it reports.

    ``seq`` numbers events in insertion order and is never reused (SQLite's
    AUTOINCREMENT; a PostgreSQL identity). On PostgreSQL, transactions commit
    in another order than they insert, so ``tx`` (the inserting transaction's
    id) orders them too: readers take only transactions older than every one
    still running, in (tx, seq) order, and nothing can appear behind a cursor.
    SQLite has one writer at a time, so there ``tx`` is 0 and seq order is
    commit order.
    """

    __tablename__ = "event"

    seq: Mapped[int] = _sequence()
    tx: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    id: Mapped[uuid.UUID] = mapped_column(unique=True)
    occurred: Mapped[datetime]
    received: Mapped[datetime] = mapped_column(default=utcnow)
    event: Mapped[str] = mapped_column(sa.String(1024))
    resource_id: Mapped[str] = mapped_column(sa.String(1024))
    resource: Mapped[dict[str, Any]] = mapped_column(default=dict)
    related: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    follows: Mapped[uuid.UUID | None]
    flow_run_id: Mapped[uuid.UUID | None]
    """The flow run the event is about or belongs to (a task run's): for live views."""

    __table_args__ = (
        # Cursor order where transactions commit out of order; on SQLite (tx
        # always 0) the table's own seq order is that order already.
        sa.Index(None, "tx", "seq").ddl_if(dialect="postgresql"),
        sa.Index(None, "occurred"),
        sa.Index(None, "resource_id", "occurred"),
        sa.Index(None, "event", "occurred"),
        sa.Index(None, "flow_run_id", "tx", "seq"),
        {"sqlite_autoincrement": True},
    )


class Variable(_Timestamps, Base):
    """A named, mutable JSON value (Prefect's Variable); ``value`` may be any JSON."""

    __tablename__ = "variable"

    name: Mapped[str] = mapped_column(sa.String(255), unique=True)
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)


class Artifact(_Timestamps, Base):
    """What a run published (markdown, table, link, progress, image...). Artifacts
    with the same ``key`` are versions of one another, the latest by ``created``
    first. The run ids have no foreign key: as in Prefect, an artifact outlives
    the runs that made it (a deleted run leaves its artifacts' history intact)."""

    __tablename__ = "artifact"

    key: Mapped[str | None] = mapped_column(sa.String(200))
    type: Mapped[str] = mapped_column(sa.String(64))
    description: Mapped[str | None] = mapped_column(sa.Text)
    data: Mapped[Any] = mapped_column(JSONType, nullable=True)
    flow_run_id: Mapped[uuid.UUID | None]
    task_run_id: Mapped[uuid.UUID | None]

    __table_args__ = (
        sa.Index(None, "key", "created"),
        sa.Index(None, "flow_run_id", "created"),
        sa.Index(None, "task_run_id", "created"),
        sa.Index(None, "created"),
    )


class BlockType(_Timestamps, Base):
    """A kind of block (Prefect's): ``slug`` names it, the rest describes it."""

    __tablename__ = "block_type"

    name: Mapped[str] = mapped_column(sa.String(255))
    slug: Mapped[str] = mapped_column(sa.String(255), unique=True)
    logo_url: Mapped[str | None] = mapped_column(sa.Text)
    documentation_url: Mapped[str | None] = mapped_column(sa.Text)
    description: Mapped[str | None] = mapped_column(sa.Text)
    code_example: Mapped[str | None] = mapped_column(sa.Text)


class BlockSchema(_Timestamps, Base):
    """One version of a block type's fields: ``fields`` is the JSON Schema (with
    ``secret_fields`` and ``block_schema_references``), registered once per
    ``checksum`` (``core.blocks.schema_checksum``)."""

    __tablename__ = "block_schema"

    checksum: Mapped[str] = mapped_column(sa.String(255), unique=True)
    fields: Mapped[dict[str, Any]]
    block_type_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("block_type.id", ondelete="CASCADE"), index=True
    )
    capabilities: Mapped[list[str]] = mapped_column(JSONType, default=list)
    version: Mapped[str | None] = mapped_column(sa.String(255))


class BlockDocument(_Timestamps, Base):
    """A saved block: its ``data``, in which secret fields hold Fernet tokens
    (``services.encryption``) and nested blocks are ``BlockDocumentReference``
    rows, not data. ``name`` is unique per block type; anonymous documents (the
    nested blocks saved with their parent) get generated names."""

    __tablename__ = "block_document"

    name: Mapped[str] = mapped_column(sa.String(255))
    data: Mapped[dict[str, Any]]
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    block_schema_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("block_schema.id", ondelete="CASCADE"), index=True
    )
    block_type_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("block_type.id", ondelete="CASCADE"), index=True
    )

    __table_args__ = (sa.UniqueConstraint("block_type_id", "name"),)


class BlockDocumentReference(_Timestamps, Base):
    """Field ``name`` of a parent block document holds another block document."""

    __tablename__ = "block_document_reference"

    name: Mapped[str] = mapped_column(sa.String(255))
    parent_block_document_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("block_document.id", ondelete="CASCADE")
    )
    reference_block_document_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("block_document.id", ondelete="CASCADE"), index=True
    )

    __table_args__ = (sa.UniqueConstraint("parent_block_document_id", "name"),)
