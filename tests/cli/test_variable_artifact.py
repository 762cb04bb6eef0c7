"""``flowql variable ls|get|set|unset|inspect`` and ``flowql artifact ls|inspect|delete``,
embedded (SQLite in the test's home) and against a live server over HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from flowql.client.orchestration import FlowqlClient
from flowql.client.schemas.artifacts import ArtifactCreate
from flowql.settings import Settings
from tests.cli.conftest import Invoke, error_line
from tests.support.servers import live_server


@dataclass
class Mode:
    """The CLI's environment and the settings that reach the same API."""

    env: dict[str, str]
    settings: Settings


@pytest.fixture(params=["embedded", "remote"])
def mode(request: pytest.FixtureRequest, home: Path, tmp_path: Path) -> Iterator[Mode]:
    if request.param == "embedded":
        yield Mode({}, Settings(home=home, api_url=None, database_url=None, api_key=None))
        return
    client_home = tmp_path / "client-home"  # no database here: everything goes over HTTP
    client_home.mkdir()
    with live_server(home) as server:
        env = {"FLOWQL_HOME": str(client_home), "FLOWQL_API_URL": server.graphql_url}
        yield Mode(env, Settings(home=client_home, api_url=server.graphql_url, api_key=None))


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def test_variable_commands(cli: Invoke, mode: Mode) -> None:
    def flowql(*args: str) -> Result:
        return cli("variable", *args, env=mode.env)

    assert "No variables found." in ok(flowql("ls"))
    assert ok(flowql("set", "region", "eu-west", "--tag", "prod")) == (
        "Created variable 'region'.\n"
    )
    assert ok(flowql("set", "limits", '{"cpu": 2}')) == "Created variable 'limits'.\n"
    assert ok(flowql("get", "region")) == '"eu-west"\n'  # not JSON: kept as a string
    assert json.loads(ok(flowql("get", "limits"))) == {"cpu": 2}

    refused = flowql("set", "region", "us-east")
    assert "already exists; use --overwrite" in error_line(refused)
    assert ok(flowql("set", "region", "42", "--overwrite")) == "Updated variable 'region'.\n"
    inspected = json.loads(ok(flowql("inspect", "region")))
    assert (inspected["name"], inspected["value"], inspected["tags"]) == ("region", 42, [])
    assert {"id", "created", "updated"} <= inspected.keys()

    listed = ok(flowql("ls")).splitlines()
    assert listed[0].split()[:3] == ["Name", "Value", "Tags"]
    assert [line.split()[0] for line in listed[1:]] == ["limits", "region"]
    assert "Showing 1 of 2 variables." in ok(flowql("ls", "--limit", "1"))

    assert ok(flowql("unset", "region")) == "Deleted variable 'region'.\n"
    assert error_line(flowql("unset", "region")) == "Error: variable 'region' not found"
    assert error_line(flowql("get", "region")) == "Error: variable 'region' not found"
    assert error_line(flowql("inspect", "nope")) == "Error: variable 'nope' not found"
    assert "lowercase letters" in error_line(flowql("set", "Bad Name", "1"))
    assert ok(flowql("get", "limits"))  # the other one is untouched


def _create(settings: Settings, *artifacts: ArtifactCreate) -> list[str]:
    async def create() -> list[str]:
        async with FlowqlClient(settings) as client:
            return [str((await client.create_artifact(a)).id) for a in artifacts]

    return asyncio.run(create())


def _markdown(key: str | None, data: str, **extra: Any) -> ArtifactCreate:
    return ArtifactCreate(type="markdown", key=key, data=data, **extra)


def test_artifact_commands(cli: Invoke, mode: Mode) -> None:
    def flowql(*args: str) -> Result:
        return cli("artifact", *args, env=mode.env)

    assert "No artifacts found." in ok(flowql("ls"))
    v1, v2, table, bare = _create(
        mode.settings,
        _markdown("report", "v1"),
        _markdown("report", "v2", description="second"),
        ArtifactCreate(type="table", key="numbers", data=[[1, 2]]),
        _markdown(None, "no key"),
    )

    latest = ok(flowql("ls")).splitlines()
    assert latest[0].split() == ["ID", "Key", "Type", "Description", "Updated"]
    assert [line.split()[:3] for line in latest[1:]] == [
        [table, "numbers", "table"],
        [v2, "report", "markdown"],
    ]
    every = ok(flowql("ls", "--all")).splitlines()
    assert [line.split()[0] for line in every[1:]] == [bare, table, v2, v1]
    assert "Showing 1 of 4 artifacts." in ok(flowql("ls", "--all", "--limit", "1"))

    versions = json.loads(ok(flowql("inspect", "report")))
    assert [(v["id"], v["data"], v["description"]) for v in versions] == [
        (v2, "v2", "second"),
        (v1, "v1", None),
    ]
    assert [v["id"] for v in json.loads(ok(flowql("inspect", "report", "--limit", "1")))] == [v2]
    assert error_line(flowql("inspect", "nope")) == "Error: no artifact with key 'nope'"

    assert ok(flowql("delete", "--id", v2)) == f"Deleted artifact {v2}.\n"
    assert [v["id"] for v in json.loads(ok(flowql("inspect", "report")))] == [v1]
    assert v2 in error_line(flowql("delete", "--id", v2))
    assert ok(flowql("delete", "numbers")) == "Deleted 1 artifact with key 'numbers'.\n"
    assert error_line(flowql("delete", "numbers")) == "Error: no artifact with key 'numbers'"
    assert "one of them" in error_line(flowql("delete"))
    assert "one of them" in error_line(flowql("delete", "report", "--id", v1))
    assert "not a valid UUID" in error_line(flowql("delete", "--id", "nope"))
    assert [line.split()[0] for line in ok(flowql("ls", "--all")).splitlines()[1:]] == [bare, v1]


def test_deleting_a_key_deletes_every_version(cli: Invoke, mode: Mode) -> None:
    _create(mode.settings, *[_markdown("many", f"v{n}") for n in range(3)], _markdown("kept", "k"))

    result = cli("artifact", "delete", "many", env=mode.env)

    assert ok(result) == "Deleted 3 artifacts with key 'many'.\n"
    listed = ok(cli("artifact", "ls", "--all", env=mode.env)).splitlines()
    assert [line.split()[1] for line in listed[1:]] == ["kept"]
