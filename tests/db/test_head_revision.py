"""The start-up fast path knows the head revision without reading Alembic's scripts."""

from flowql.db import migrate


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    assert migrate.head_revision() == migrate.HEAD_REVISION, (
        "a migration was added: set HEAD_REVISION in flowql/db/migrate.py to its revision"
    )
