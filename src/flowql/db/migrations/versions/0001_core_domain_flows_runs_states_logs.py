"""core domain: flows, runs, states, logs

Revision ID: 0001
Revises:
Create Date: 2026-11-24 19:41:01.214174
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import flowql.db.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flow",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow")),
        sa.UniqueConstraint("name", name=op.f("uq_flow__name")),
    )
    op.create_table(
        "flow_run",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("flow_id", sa.Uuid(), nullable=False),
        sa.Column(
            "parameters",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("parent_task_run_id", sa.Uuid(), nullable=True),
        sa.Column("parent_flow_run_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("run_count", sa.Integer(), nullable=False),
        sa.Column(
            "empirical_policy",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("expected_start_time", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("start_time", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_time", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("total_run_time", sa.Double(), nullable=False),
        sa.Column("state_id", sa.Uuid(), nullable=True),
        sa.Column(
            "state_type",
            sa.Enum(
                "SCHEDULED",
                "PENDING",
                "RUNNING",
                "COMPLETED",
                "FAILED",
                "CANCELLED",
                "CANCELLING",
                "CRASHED",
                "PAUSED",
                name="statetype",
                native_enum=False,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("state_name", sa.String(length=100), nullable=True),
        sa.Column("state_timestamp", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["flow_id"], ["flow.id"], name=op.f("fk_flow_run__flow_id__flow"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_flow_run_id"],
            ["flow_run.id"],
            name=op.f("fk_flow_run__parent_flow_run_id__flow_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_run")),
        sa.UniqueConstraint(
            "flow_id", "idempotency_key", name=op.f("uq_flow_run__flow_id_idempotency_key")
        ),
    )
    with op.batch_alter_table("flow_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flow_run__created"), ["created"], unique=False)
        batch_op.create_index(batch_op.f("ix_flow_run__end_time"), ["end_time"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_flow_run__expected_start_time_id"),
            ["expected_start_time", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_flow_run__flow_id_expected_start_time"),
            ["flow_id", "expected_start_time"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_flow_run__name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_flow_run__parent_flow_run_id"), ["parent_flow_run_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_flow_run__parent_task_run_id"), ["parent_task_run_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_flow_run__start_time"), ["start_time"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_flow_run__state_type_expected_start_time"),
            ["state_type", "expected_start_time"],
            unique=False,
        )

    op.create_table(
        "flow_run_state",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("flow_run_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "SCHEDULED",
                "PENDING",
                "RUNNING",
                "COMPLETED",
                "FAILED",
                "CANCELLED",
                "CANCELLING",
                "CRASHED",
                "PAUSED",
                name="statetype",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("timestamp", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("scheduled_time", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("transition_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["flow_run_id"],
            ["flow_run.id"],
            name=op.f("fk_flow_run_state__flow_run_id__flow_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_run_state")),
        sa.UniqueConstraint(
            "flow_run_id",
            "transition_id",
            name=op.f("uq_flow_run_state__flow_run_id_transition_id"),
        ),
    )
    with op.batch_alter_table("flow_run_state", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_flow_run_state__flow_run_id_timestamp"),
            ["flow_run_id", "timestamp"],
            unique=False,
        )

    op.create_table(
        "task_run",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("flow_run_id", sa.Uuid(), nullable=True),
        sa.Column("task_key", sa.String(length=200), nullable=False),
        sa.Column("dynamic_key", sa.String(length=200), nullable=False),
        sa.Column("cache_key", sa.String(length=500), nullable=True),
        sa.Column("cache_expiration", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "task_inputs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("flow_run_run_count", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("run_count", sa.Integer(), nullable=False),
        sa.Column(
            "empirical_policy",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("expected_start_time", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("start_time", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_time", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("total_run_time", sa.Double(), nullable=False),
        sa.Column("state_id", sa.Uuid(), nullable=True),
        sa.Column(
            "state_type",
            sa.Enum(
                "SCHEDULED",
                "PENDING",
                "RUNNING",
                "COMPLETED",
                "FAILED",
                "CANCELLED",
                "CANCELLING",
                "CRASHED",
                "PAUSED",
                name="statetype",
                native_enum=False,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("state_name", sa.String(length=100), nullable=True),
        sa.Column("state_timestamp", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["flow_run_id"],
            ["flow_run.id"],
            name=op.f("fk_task_run__flow_run_id__flow_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_run")),
        sa.UniqueConstraint(
            "flow_run_id",
            "task_key",
            "dynamic_key",
            name=op.f("uq_task_run__flow_run_id_task_key_dynamic_key"),
        ),
    )
    with op.batch_alter_table("task_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_run__cache_key"), ["cache_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_run__created"), ["created"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_task_run__expected_start_time_id"),
            ["expected_start_time", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_task_run__flow_run_id_expected_start_time"),
            ["flow_run_id", "expected_start_time"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_task_run__start_time"), ["start_time"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_task_run__state_type_expected_start_time"),
            ["state_type", "expected_start_time"],
            unique=False,
        )

    op.create_table(
        "log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("flow_run_id", sa.Uuid(), nullable=True),
        sa.Column("task_run_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("timestamp", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["flow_run_id"],
            ["flow_run.id"],
            name=op.f("fk_log__flow_run_id__flow_run"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_run_id"],
            ["task_run.id"],
            name=op.f("fk_log__task_run_id__task_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log")),
    )
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_log__flow_run_id_timestamp"), ["flow_run_id", "timestamp"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_log__task_run_id_timestamp"), ["task_run_id", "timestamp"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_log__timestamp"), ["timestamp"], unique=False)

    op.create_table(
        "task_run_state",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("task_run_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "SCHEDULED",
                "PENDING",
                "RUNNING",
                "COMPLETED",
                "FAILED",
                "CANCELLED",
                "CANCELLING",
                "CRASHED",
                "PAUSED",
                name="statetype",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("timestamp", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("scheduled_time", flowql.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("transition_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["task_run_id"],
            ["task_run.id"],
            name=op.f("fk_task_run_state__task_run_id__task_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_run_state")),
        sa.UniqueConstraint(
            "task_run_id",
            "transition_id",
            name=op.f("uq_task_run_state__task_run_id_transition_id"),
        ),
    )
    with op.batch_alter_table("task_run_state", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_task_run_state__task_run_id_timestamp"),
            ["task_run_id", "timestamp"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("task_run_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_run_state__task_run_id_timestamp"))

    op.drop_table("task_run_state")
    with op.batch_alter_table("log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log__timestamp"))
        batch_op.drop_index(batch_op.f("ix_log__task_run_id_timestamp"))
        batch_op.drop_index(batch_op.f("ix_log__flow_run_id_timestamp"))

    op.drop_table("log")
    with op.batch_alter_table("task_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_run__state_type_expected_start_time"))
        batch_op.drop_index(batch_op.f("ix_task_run__start_time"))
        batch_op.drop_index(batch_op.f("ix_task_run__flow_run_id_expected_start_time"))
        batch_op.drop_index(batch_op.f("ix_task_run__expected_start_time_id"))
        batch_op.drop_index(batch_op.f("ix_task_run__created"))
        batch_op.drop_index(batch_op.f("ix_task_run__cache_key"))

    op.drop_table("task_run")
    with op.batch_alter_table("flow_run_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flow_run_state__flow_run_id_timestamp"))

    op.drop_table("flow_run_state")
    with op.batch_alter_table("flow_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flow_run__state_type_expected_start_time"))
        batch_op.drop_index(batch_op.f("ix_flow_run__start_time"))
        batch_op.drop_index(batch_op.f("ix_flow_run__parent_task_run_id"))
        batch_op.drop_index(batch_op.f("ix_flow_run__parent_flow_run_id"))
        batch_op.drop_index(batch_op.f("ix_flow_run__name"))
        batch_op.drop_index(batch_op.f("ix_flow_run__flow_id_expected_start_time"))
        batch_op.drop_index(batch_op.f("ix_flow_run__expected_start_time_id"))
        batch_op.drop_index(batch_op.f("ix_flow_run__end_time"))
        batch_op.drop_index(batch_op.f("ix_flow_run__created"))

    op.drop_table("flow_run")
    op.drop_table("flow")
