"""``flowql block ls|inspect|delete|register`` and ``flowql block type ls``, embedded
and against a live server: secrets masked in every output, bad input one error line.

``cli/main.py`` registers ``block.app`` as ``flowql block``; these tests mount it
the same way on a root with the CLI's error reporting."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent

import pytest
import typer
from pydantic import SecretStr
from typer.testing import CliRunner, Result

from flowql.blocks.core import Block
from flowql.blocks.system import Secret
from flowql.cli import block
from flowql.cli.errors import ReportErrorsGroup
from flowql.settings import ENV_PREFIX
from tests.cli.conftest import cli_env, error_line
from tests.support.servers import live_server

root = typer.Typer(cls=ReportErrorsGroup, no_args_is_help=True)
root.add_typer(block.app, name="block")


class Database(Block):
    """Where the data is."""

    host: str
    password: SecretStr


class Pipeline(Block):
    """A pipeline and its database."""

    name: str
    database: Database


def _close_runtime() -> None:
    from flowql.sdk.engine.runtime import close_runtime

    close_runtime()


@pytest.fixture(params=["embedded", "remote"])
def env(
    request: pytest.FixtureRequest, home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str | None]]:
    """The environment of the SDK (which saves the blocks) and of the CLI."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIX):
            monkeypatch.delenv(name)
    if request.param == "embedded":
        chosen: dict[str, str | None] = {"FLOWQL_HOME": str(home)}
        yield from _with(chosen, monkeypatch)
        return
    (home / "server").mkdir()
    (home / "client").mkdir()
    with live_server(home / "server") as server:
        chosen = {"FLOWQL_HOME": str(home / "client"), "FLOWQL_API_URL": server.graphql_url}
        yield from _with(chosen, monkeypatch)


def _with(
    chosen: dict[str, str | None], monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str | None]]:
    for name, value in chosen.items():
        monkeypatch.setenv(name, str(value))
    _close_runtime()
    yield chosen
    _close_runtime()


def cli(home: Path, env: dict[str, str | None], *args: str) -> Result:
    return CliRunner().invoke(root, ["block", *args], env=cli_env(home, **env))


def test_ls_inspect_and_delete_mask_secrets(home: Path, env: dict[str, str | None]) -> None:
    canary = f"canary-{uuid.uuid4().hex}"
    Secret(value=SecretStr(canary)).save("token")
    Pipeline(name="etl", database=Database(host="db", password=SecretStr(canary))).save("etl")

    listed = cli(home, env, "ls")
    only_secrets = cli(home, env, "ls", "--type", "secret")
    inspected = cli(home, env, "inspect", "pipeline/etl")
    types = cli(home, env, "type", "ls")
    deleted = cli(home, env, "delete", "secret/token")
    after = cli(home, env, "ls")

    for result in (listed, only_secrets, inspected, types, deleted, after):
        assert result.exit_code == 0, result.output
        assert canary not in result.output
    assert "pipeline/etl" in listed.stdout and "secret/token" in listed.stdout
    assert "anonymous" not in listed.stdout
    assert "pipeline/etl" not in only_secrets.stdout and "secret/token" in only_secrets.stdout
    assert '"password": "********"' in inspected.stdout and '"host": "db"' in inspected.stdout
    assert "Pipeline" in inspected.stdout and "sha256:" in inspected.stdout
    assert {"database", "pipeline", "secret"} <= set(types.stdout.split())
    assert "Deleted block 'secret/token'." in deleted.stdout
    assert "secret/token" not in after.stdout and "pipeline/etl" in after.stdout


def test_delete_by_id_and_errors(home: Path, env: dict[str, str | None]) -> None:
    block_id = Secret(value=SecretStr("x")).save("token")

    deleted = cli(home, env, "delete", "--id", str(block_id))
    again = cli(home, env, "delete", "--id", str(block_id))
    missing = cli(home, env, "inspect", "secret/missing")
    malformed = cli(home, env, "inspect", "no-slash")
    both = cli(home, env, "delete", "secret/token", "--id", str(block_id))

    assert deleted.exit_code == 0, deleted.output
    assert error_line(again) == f"Error: no block with id {block_id}"
    assert error_line(missing) == "Error: no block named 'missing' of block type 'secret'"
    assert "expected SLUG/NAME" in error_line(malformed)
    assert "one of them" in error_line(both)
    assert "No blocks found." in cli(home, env, "ls").stdout


def test_register_from_a_file_and_a_module(
    home: Path, env: dict[str, str | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = dedent(
        '''
        from pydantic import SecretStr
        from flowql.blocks.core import Block
        from flowql.blocks.system import Secret  # imported: not registered

        class Warehouse(Block):
            """A warehouse."""
            url: str
            token: SecretStr

        class Lake(Block):
            """A lake holding a warehouse."""
            _block_type_slug = "data-lake"
            warehouse: Warehouse
        '''
    )
    (tmp_path / "my_blocks.py").write_text(source)
    (tmp_path / "empty_blocks.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    from_file = cli(home, env, "register", "-f", str(tmp_path / "my_blocks.py"))
    from_module = cli(home, env, "register", "-m", "my_blocks")
    types = cli(home, env, "type", "ls")
    nothing = cli(home, env, "register", "-m", "empty_blocks")
    no_module = cli(home, env, "register", "-m", "no_such_module_here")
    no_file = cli(home, env, "register", "-f", str(tmp_path / "missing.py"))
    neither = cli(home, env, "register")

    assert from_file.exit_code == 0, from_file.output
    assert "Registered 2 block type(s)" in from_file.stdout
    assert from_module.exit_code == 0, from_module.output
    assert {"data-lake", "warehouse"} <= set(types.stdout.split())
    assert "secret" not in types.stdout.split()
    assert "defines no Block subclass" in error_line(nothing)
    assert "cannot import module 'no_such_module_here'" in error_line(no_module)
    assert "no Python file at" in error_line(no_file)
    assert "one of them" in error_line(neither)
