"""``flowql export-schema`` and ``flowql db upgrade|downgrade|current``."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowql.db.migrate import head_revision
from flowql.schema.build import build_schema
from tests.cli.conftest import Invoke, error_line


def test_export_schema_writes_schema_graphql_in_the_current_directory(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("export-schema")
    assert result.exit_code == 0, result.output
    written = tmp_path / "schema.graphql"
    assert written.read_text() == build_schema().as_str() + "\n"
    assert str(written) in result.stdout


def test_export_schema_to_a_chosen_file(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "api.graphql"
    result = cli("export-schema", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text() == build_schema().as_str() + "\n"


def test_export_schema_into_a_missing_directory_is_one_error_line(
    cli: Invoke, tmp_path: Path
) -> None:
    result = cli("export-schema", "-o", str(tmp_path / "missing" / "schema.graphql"))
    assert "cannot write" in error_line(result)


def test_db_upgrade_current_and_downgrade(cli: Invoke, home: Path) -> None:
    head = head_revision()
    database = f"sqlite+aiosqlite:///{home / 'flowql.db'}"

    before = cli("db", "current")
    assert before.exit_code == 0, before.output
    assert database in before.stdout
    assert "revision none" in before.stdout

    upgraded = cli("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert f"revision {head} (head)" in upgraded.stdout
    assert f"revision {head} (head)" in cli("db", "current").stdout

    downgraded = cli("db", "downgrade", "--revision", "base")
    assert downgraded.exit_code == 0, downgraded.output
    assert "revision none" in cli("db", "current").stdout

    again = cli("db", "upgrade", "--revision", head)
    assert again.exit_code == 0, again.output
    assert f"revision {head} (head)" in again.stdout


def test_db_downgrade_requires_a_revision(cli: Invoke) -> None:
    assert "Missing option '--revision'" in error_line(cli("db", "downgrade"))


def test_db_unknown_revision_is_one_error_line(cli: Invoke) -> None:
    assert "'nope'" in error_line(cli("db", "upgrade", "--revision", "nope"))


def test_db_unsupported_database_url_is_one_error_line(cli: Invoke) -> None:
    result = cli("db", "current", env={"FLOWQL_DATABASE_URL": "mysql://user:pw@db/flowql"})
    line = error_line(result)
    assert "unsupported database URL" in line
    assert "pw" not in line
