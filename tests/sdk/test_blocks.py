"""flowql.blocks, as Prefect 3's: Block.save / load, overwrite, duplicate names,
nested blocks, the built-in blocks, LocalFileSystem as result storage, and a
canary secret found nowhere in plain text. The round trips run embedded and
against a live server (through the GraphQL block operations)."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from tests.sdk.conftest import query

from flowql import flow, get_run_logger, task
from flowql.blocks.core import Block, SecretDict
from flowql.blocks.system import JSON, DateTime, Secret, String
from flowql.client.orchestration import get_client
from flowql.filesystems import LocalFileSystem


class Credentials(Block):
    """Who to log in as."""

    user: str
    password: SecretStr
    headers: SecretDict | None = None


class Warehouse(Block):
    """Where the data is, and how to log in."""

    _block_type_slug = "warehouse"

    host: str
    credentials: Credentials


def test_save_and_load_round_trip(sdk_mode: str) -> None:
    block_id = Credentials(user="ada", password=SecretStr("pw"), headers={"k": "v"}).save("prod")

    loaded = Credentials.load("prod")

    assert isinstance(block_id, uuid.UUID)
    assert loaded.user == "ada" and loaded.password.get_secret_value() == "pw"
    assert loaded.headers is not None and loaded.headers.get_secret_value() == {"k": "v"}
    assert Block.load("credentials/prod") == loaded
    assert Credentials.load("credentials/prod") == loaded
    masked = query('{ blockDocument(name: "prod", blockTypeSlug: "credentials") { id data } }')
    assert masked["blockDocument"] == {
        "id": str(block_id),
        "data": {"user": "ada", "password": "********", "headers": {"k": "********"}},
    }


def test_a_name_in_use_needs_overwrite(sdk_mode: str) -> None:
    String(value="one").save("greeting")

    with pytest.raises(ValueError, match=r"'greeting' of block type 'string' already exists"):
        String(value="two").save("greeting")
    assert String.load("greeting").value == "one"

    String(value="two").save("greeting", overwrite=True)
    assert String.load("greeting").value == "two"
    with pytest.raises(ValueError, match=r"no block document named 'missing'"):
        String.load("missing")


def test_nested_blocks_are_saved_and_loaded_by_reference(sdk_mode: str) -> None:
    credentials = Credentials(user="u", password=SecretStr("nested-pw"))
    Warehouse(host="db.example", credentials=credentials).save("main")

    loaded = Warehouse.load("main")

    assert loaded.host == "db.example"
    assert loaded.credentials.password.get_secret_value() == "nested-pw"
    assert "credentials.password" in Warehouse.secret_fields()
    assert (
        Warehouse.block_schema_fields()["block_schema_references"]["credentials"]["block_type_slug"]
        == "credentials"
    )

    named = Credentials(user="shared", password=SecretStr("s"))
    named.save("shared")
    Warehouse(host="h2", credentials=named).save("second")
    named.password = SecretStr("changed")
    named.save("shared", overwrite=True)
    assert Warehouse.load("second").credentials.password.get_secret_value() == "changed"


def test_builtin_blocks(embedded: Path) -> None:
    when = datetime(2026, 11, 30, 1, 2, 3, tzinfo=UTC)
    Secret(value=SecretStr("tok")).save("token")
    JSON(value={"a": [1, 2.5, None]}).save("config")
    DateTime(value=when).save("launch")

    assert Secret.load("token").get() == "tok"
    assert JSON.load("config").value == {"a": [1, 2.5, None]}
    assert DateTime.load("launch").value == when
    assert DateTime.get_block_type_slug() == "date-time"
    assert Secret.secret_fields() == ["value"]


def test_blocks_work_in_async_code(embedded: Path) -> None:
    async def main() -> str:
        await Secret(value=SecretStr("async-secret")).asave("a")
        loaded = await Secret.aload("a")
        dispatched: Any = Secret.load("a")  # an awaitable in async code, as in Prefect
        assert (await dispatched) == loaded
        return loaded.get()

    assert asyncio.run(main()) == "async-secret"


def test_local_file_system_reads_writes_and_stores_results(embedded: Path, tmp_path: Path) -> None:
    storage = LocalFileSystem(basepath=str(tmp_path / "results"))
    storage.save("results")
    loaded = LocalFileSystem.load("results")
    written = loaded.write_path("a/b.txt", b"hello")

    assert Path(written).read_bytes() == b"hello"
    assert loaded.read_path("a/b.txt") == b"hello"
    with pytest.raises(ValueError, match="outside the basepath"):
        loaded.read_path("../escape")

    @task(persist_result=True, result_storage=loaded)
    def double(x: int) -> int:
        return 2 * x

    @flow
    def doubling() -> int:
        return double(21)

    assert doubling() == 42
    assert any(path.is_file() for path in (tmp_path / "results").rglob("*"))


def test_a_canary_secret_is_nowhere_in_plain_text(
    embedded: Path, caplog: pytest.LogCaptureFixture
) -> None:
    canary = f"canary-{uuid.uuid4().hex}"
    caplog.set_level(logging.DEBUG)
    Secret(value=SecretStr(canary)).save("canary")
    with pytest.raises(ValueError) as duplicate:
        Secret(value=SecretStr(canary)).save("canary")
    Secret(value=SecretStr(canary)).save("canary", overwrite=True)

    @flow
    def uses_the_secret() -> int:
        secret = Secret.load("canary")
        get_run_logger().info("loaded %r", secret)
        return len(secret.get())

    assert uses_the_secret() == len(canary)
    assert Secret.load("canary").get() == canary
    assert canary not in str(duplicate.value)
    assert canary not in caplog.text
    assert canary not in repr(Secret.load("canary"))
    listed = query("{ blockDocuments(filter: {isAnonymous: null}) { edges { node { data } } } }")
    with get_client(sync_client=True) as client:
        documents = client.read_block_documents(include_anonymous=True)
        masked = client.read_block_document_by_name("canary", "secret", include_secrets=False)
    assert canary not in json.dumps(listed) and '"********"' in json.dumps(listed)
    assert canary not in repr(documents) and canary not in repr(masked)
    found_in = _plain_text_in_database(embedded / "flowql.db", canary)
    assert found_in == []
    visible = f"visible-{uuid.uuid4().hex}"  # the search does find what is not secret
    String(value=visible).save("visible")
    assert "table block_document" in _plain_text_in_database(embedded / "flowql.db", visible)


def _plain_text_in_database(path: Path, needle: str) -> list[str]:
    """Where ``needle`` is, in the database file, its WAL, and every text column."""
    places = [
        str(file)
        for file in (path, Path(f"{path}-wal"))
        if file.exists() and needle.encode() in file.read_bytes()
    ]
    with closing(sqlite3.connect(path)) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                if needle in repr(row):
                    places.append(f"table {table}")
    assert {"event", "log", "block_document"} <= set(tables)
    return places
