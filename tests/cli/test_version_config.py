"""``flowql version`` and ``flowql config view``."""

from __future__ import annotations

import platform
from pathlib import Path

from flowql import __version__
from tests.cli.conftest import Invoke, error_line


def row(output: str, setting: str) -> str:
    """The table line of one setting."""
    lines = [line for line in output.splitlines() if f" {setting} " in f" {line} "]
    assert len(lines) == 1, output
    return lines[0]


def test_version_in_embedded_mode(cli: Invoke, home: Path) -> None:
    result = cli("version")
    assert result.exit_code == 0, result.output
    assert __version__ in result.stdout
    assert platform.python_version() in result.stdout
    assert f"sqlite+aiosqlite:///{home / 'flowql.db'}" in result.stdout
    assert "embedded" in result.stdout


def test_version_hides_the_database_password_and_shows_the_api(cli: Invoke) -> None:
    env = {
        "FLOWQL_DATABASE_URL": "postgresql://flowql:s3cret@db.example:5432/flowql",
        "FLOWQL_API_URL": "http://flowql.example:4200/graphql",
    }
    result = cli("version", env=env)
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output
    assert "postgresql://flowql:***@db.example:5432/flowql" in result.stdout
    assert "http://flowql.example:4200/graphql" in result.stdout
    assert "embedded" not in result.stdout


def test_config_view_names_each_source(cli: Invoke, home: Path) -> None:
    settings_file = home / "settings.toml"
    settings_file.write_text('server_port = 5000\nbroadcast_url = "redis://cache:6379"\n')
    env = {"FLOWQL_LOGGING_LEVEL": "DEBUG", "FLOWQL_BROADCAST_URL": "memory://"}
    result = cli("config", "view", env=env)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"Settings file: {settings_file}" in out
    assert "5000" in row(out, "FLOWQL_SERVER_PORT")
    assert "settings file" in row(out, "FLOWQL_SERVER_PORT")
    assert "DEBUG" in row(out, "FLOWQL_LOGGING_LEVEL")
    assert "env FLOWQL_LOGGING_LEVEL" in row(out, "FLOWQL_LOGGING_LEVEL")
    # The environment wins over the file.
    assert "memory://" in row(out, "FLOWQL_BROADCAST_URL")
    assert "env FLOWQL_BROADCAST_URL" in row(out, "FLOWQL_BROADCAST_URL")
    assert "127.0.0.1" in row(out, "FLOWQL_SERVER_HOST")
    assert row(out, "FLOWQL_SERVER_HOST").split()[-2] == "default"
    assert str(home) in row(out, "FLOWQL_HOME")
    assert "env FLOWQL_HOME" in row(out, "FLOWQL_HOME")


def test_config_view_masks_secrets(cli: Invoke) -> None:
    env = {
        "FLOWQL_API_KEY": "top-secret-key",
        "FLOWQL_DATABASE_URL": "postgresql://flowql:s3cret@db/flowql",
    }
    result = cli("config", "view", env=env)
    assert result.exit_code == 0, result.output
    assert "top-secret-key" not in result.output
    assert "s3cret" not in result.output
    assert "********" in row(result.stdout, "FLOWQL_API_KEY")
    assert "postgresql://flowql:***@db/flowql" in row(result.stdout, "FLOWQL_DATABASE_URL")


def test_config_view_shows_unset_api_key_as_unset(cli: Invoke) -> None:
    result = cli("config", "view")
    assert result.exit_code == 0, result.output
    assert "(unset)" in row(result.stdout, "FLOWQL_API_KEY")
    assert "********" not in result.stdout


def test_invalid_setting_is_one_error_line(cli: Invoke) -> None:
    result = cli("config", "view", env={"FLOWQL_SERVER_PORT": "not-a-port"})
    assert result.exit_code == 1
    assert "server_port" in error_line(result)


def test_malformed_settings_file_is_one_error_line(cli: Invoke, home: Path) -> None:
    (home / "settings.toml").write_text("server_port = = 1\n")
    result = cli("version")
    assert result.exit_code == 1
    assert f"cannot read {home / 'settings.toml'}" in error_line(result)
