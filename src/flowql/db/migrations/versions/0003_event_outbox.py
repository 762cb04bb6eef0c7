"""event: the outbox of every change, read by cursor

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 21:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("tx", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("occurred", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event", sa.String(length=1024), nullable=False),
        sa.Column("resource_id", sa.String(length=1024), nullable=False),
        sa.Column("resource", JSON, nullable=False),
        sa.Column("related", JSON, nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("follows", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_event")),
        sa.UniqueConstraint("id", name=op.f("uq_event__id")),
        sqlite_autoincrement=True,
    )
    if op.get_bind().dialect.name == "postgresql":  # SQLite: seq order is commit order
        op.create_index(op.f("ix_event__tx_seq"), "event", ["tx", "seq"])
    op.create_index(op.f("ix_event__occurred"), "event", ["occurred"])
    op.create_index(op.f("ix_event__resource_id_occurred"), "event", ["resource_id", "occurred"])
    op.create_index(op.f("ix_event__event_occurred"), "event", ["event", "occurred"])


def downgrade() -> None:
    op.drop_table("event")
