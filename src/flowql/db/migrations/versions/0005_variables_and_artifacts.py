"""variable and artifact: named JSON values, and what runs publish

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import flowql.db.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "variable",
        *_timestamps(),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("value", JSON, nullable=True),
        sa.Column("tags", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_variable")),
        sa.UniqueConstraint("name", name=op.f("uq_variable__name")),
    )
    op.create_table(
        "artifact",
        *_timestamps(),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("data", JSON, nullable=True),
        sa.Column("flow_run_id", sa.Uuid(), nullable=True),
        sa.Column("task_run_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artifact")),
    )
    op.create_index(op.f("ix_artifact__key_created"), "artifact", ["key", "created"])
    op.create_index(
        op.f("ix_artifact__flow_run_id_created"), "artifact", ["flow_run_id", "created"]
    )
    op.create_index(
        op.f("ix_artifact__task_run_id_created"), "artifact", ["task_run_id", "created"]
    )
    op.create_index(op.f("ix_artifact__created"), "artifact", ["created"])


def downgrade() -> None:
    op.drop_table("artifact")
    op.drop_table("variable")
