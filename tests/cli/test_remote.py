"""The CLI against a real server: ``flowql server start`` in a subprocess, HTTP transport."""

from __future__ import annotations

from pathlib import Path

from flowql.settings import Settings
from tests.cli.conftest import Invoke
from tests.cli.seed import seed, standard_runs
from tests.support.servers import live_server


def test_ls_and_inspect_over_http(cli: Invoke, home: Path, tmp_path: Path) -> None:
    client_home = tmp_path / "client-home"  # no database here: everything goes over HTTP
    with live_server(home) as server:
        remote = Settings(home=client_home, api_url=server.graphql_url, api_key=None)
        runs = seed(remote, standard_runs)
        env = {"FLOWQL_HOME": str(client_home), "FLOWQL_API_URL": server.graphql_url}

        listed = cli("flow-run", "ls", "--flow", "etl", env=env)
        inspected = cli("flow-run", "inspect", runs.completed, env=env)
        logs = cli("flow-run", "logs", runs.completed, "--tail", "1", env=env)

    assert listed.exit_code == 0, listed.output
    assert runs.completed in listed.stdout
    assert runs.failed in listed.stdout
    assert runs.scheduled not in listed.stdout
    assert inspected.exit_code == 0, inspected.output
    assert "etl-completed" in inspected.stdout
    assert '"source": "s3://bucket"' in inspected.stdout
    assert logs.stdout.rstrip().endswith("line 004")
    assert not (client_home / "flowql.db").exists()
    server_log = next(home.glob("server-*.log")).read_text()
    assert f"GraphQL API at {server.graphql_url}" in server_log
