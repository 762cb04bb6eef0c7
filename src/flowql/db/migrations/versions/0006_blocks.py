"""block_type, block_schema, block_document, block_document_reference: saved blocks

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 01:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import flowql.db.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated", flowql.db.types.UTCDateTime(timezone=True), nullable=False),
    ]


def _fk(column: str, table: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}__{column}__{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "block_type",
        *_timestamps(),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("logo_url", sa.Text(), nullable=True),
        sa.Column("documentation_url", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("code_example", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_block_type")),
        sa.UniqueConstraint("slug", name=op.f("uq_block_type__slug")),
    )
    op.create_table(
        "block_schema",
        *_timestamps(),
        sa.Column("checksum", sa.String(length=255), nullable=False),
        sa.Column("fields", JSON, nullable=False),
        sa.Column("block_type_id", sa.Uuid(), nullable=False),
        sa.Column("capabilities", JSON, nullable=False),
        sa.Column("version", sa.String(length=255), nullable=True),
        _fk("block_type_id", "block_schema", "block_type"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_block_schema")),
        sa.UniqueConstraint("checksum", name=op.f("uq_block_schema__checksum")),
    )
    op.create_index(op.f("ix_block_schema__block_type_id"), "block_schema", ["block_type_id"])
    op.create_table(
        "block_document",
        *_timestamps(),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("is_anonymous", sa.Boolean(), nullable=False),
        sa.Column("block_schema_id", sa.Uuid(), nullable=False),
        sa.Column("block_type_id", sa.Uuid(), nullable=False),
        _fk("block_schema_id", "block_document", "block_schema"),
        _fk("block_type_id", "block_document", "block_type"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_block_document")),
        sa.UniqueConstraint(
            "block_type_id", "name", name=op.f("uq_block_document__block_type_id_name")
        ),
    )
    op.create_index(
        op.f("ix_block_document__block_schema_id"), "block_document", ["block_schema_id"]
    )
    op.create_index(op.f("ix_block_document__block_type_id"), "block_document", ["block_type_id"])
    op.create_table(
        "block_document_reference",
        *_timestamps(),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("parent_block_document_id", sa.Uuid(), nullable=False),
        sa.Column("reference_block_document_id", sa.Uuid(), nullable=False),
        _fk("parent_block_document_id", "block_document_reference", "block_document"),
        _fk("reference_block_document_id", "block_document_reference", "block_document"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_block_document_reference")),
        sa.UniqueConstraint(
            "parent_block_document_id",
            "name",
            name=op.f("uq_block_document_reference__parent_block_document_id_name"),
        ),
    )
    op.create_index(
        op.f("ix_block_document_reference__reference_block_document_id"),
        "block_document_reference",
        ["reference_block_document_id"],
    )


def downgrade() -> None:
    op.drop_table("block_document_reference")
    op.drop_table("block_document")
    op.drop_table("block_schema")
    op.drop_table("block_type")
