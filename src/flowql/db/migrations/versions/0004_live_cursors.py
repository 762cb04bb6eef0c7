"""log: numbered as committed (seq, tx); event: the flow run it belongs to

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:50:00.000000

The log table gets a new primary key, so it is rebuilt: rows are copied in
timestamp order, which becomes their seq order. Foreign keys into the old
table are only on its own columns, so the rename is safe.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_FIELDS = "id, created, flow_run_id, task_run_id, name, level, message, timestamp"
_OLD_INDEXES = [("flow_run_id", "timestamp"), ("task_run_id", "timestamp"), ("timestamp",)]


def upgrade() -> None:
    op.add_column("event", sa.Column("flow_run_id", sa.Uuid(), nullable=True))
    op.create_index("ix_event__flow_run_id_tx_seq", "event", ["flow_run_id", "tx", "seq"])
    _set_aside_log()
    op.create_table(
        "log",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("tx", sa.BigInteger(), nullable=False),
        *_log_columns(),
        sa.PrimaryKeyConstraint("seq", name="pk_log"),
        sa.UniqueConstraint("id", name="uq_log__id"),
        sqlite_autoincrement=True,
    )
    op.execute(
        f"INSERT INTO log (tx, {_FIELDS}) SELECT 0, {_FIELDS} FROM log_old ORDER BY timestamp"
    )
    op.drop_table("log_old")
    _create_log_indexes([*_OLD_INDEXES, ("flow_run_id", "tx", "seq")])


def downgrade() -> None:
    _set_aside_log()
    op.create_table("log", *_log_columns(), sa.PrimaryKeyConstraint("id", name="pk_log"))
    op.execute(f"INSERT INTO log ({_FIELDS}) SELECT {_FIELDS} FROM log_old")
    op.drop_table("log_old")
    _create_log_indexes(_OLD_INDEXES)
    op.drop_index("ix_event__flow_run_id_tx_seq", table_name="event")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("flow_run_id")


def _set_aside_log() -> None:
    """Rename the log table to log_old, freeing the names its successor takes."""
    op.rename_table("log", "log_old")
    if op.get_bind().dialect.name == "postgresql":  # index names are per schema there
        op.execute("ALTER INDEX pk_log RENAME TO pk_log_old")
        op.execute("ALTER INDEX IF EXISTS uq_log__id RENAME TO uq_log_old__id")
        for columns in (*_OLD_INDEXES, ("flow_run_id", "tx", "seq")):
            name = f"ix_log__{'_'.join(columns)}"
            op.execute(f"DROP INDEX IF EXISTS {name}")
    else:  # SQLite: the indexes keep their names on the renamed table
        for columns in (*_OLD_INDEXES, ("flow_run_id", "tx", "seq")):
            op.execute(f"DROP INDEX IF EXISTS ix_log__{'_'.join(columns)}")


def _log_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "flow_run_id",
            sa.Uuid(),
            sa.ForeignKey("flow_run.id", name="fk_log__flow_run_id__flow_run", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column(
            "task_run_id",
            sa.Uuid(),
            sa.ForeignKey("task_run.id", name="fk_log__task_run_id__task_run", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
    ]


def _create_log_indexes(indexes: list[tuple[str, ...]]) -> None:
    for columns in indexes:
        op.create_index(f"ix_log__{'_'.join(columns)}", "log", list(columns))
