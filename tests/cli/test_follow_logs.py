"""``flowql flow-run logs --follow``: a real flow in another process logs, the CLI (a
subprocess too) prints each line as it is stored and exits with the run's final state,
in embedded mode and against a real server, also across a server restart."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flowql.settings import Settings
from tests.cli.conftest import Invoke, cli_env, error_line
from tests.cli.seed import Runs, seed
from tests.support.servers import free_port, live_server, restartable_server

FLOW = textwrap.dedent(
    """
    import pathlib, sys, time
    from flowql import flow, get_run_logger
    from flowql.runtime import flow_run

    @flow(name="follow-me")
    def follow_me(gate: str) -> None:
        logger = get_run_logger()
        print("RUN-ID", flow_run.id, flush=True)
        logger.info("step 1")
        while not pathlib.Path(gate).exists():  # the test opens the gate
            time.sleep(0.02)
        logger.warning("step 2")

    if __name__ == "__main__":
        follow_me(sys.argv[1])
    """
)
TIMEOUT = 15.0


def process_env(home: Path, **overrides: str) -> dict[str, str]:
    """The environment of ``cli_env`` (no other FLOWQL_ variable) for a subprocess."""
    env = {**os.environ, **cli_env(home, PYTHONDONTWRITEBYTECODE="1", **overrides)}
    return {name: value for name, value in env.items() if value is not None}


@dataclass
class Lines:
    """A subprocess's stdout, line by line, read by a thread as it comes."""

    process: subprocess.Popen[str]
    seen: list[str] = field(default_factory=list)
    _queue: queue.Queue[str | None] = field(default_factory=queue.Queue)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, text: str) -> str:
        """The first line (from here on) containing ``text``; fails after TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        while (left := deadline - time.monotonic()) > 0:
            with contextlib.suppress(queue.Empty):
                line = self._queue.get(timeout=left)
                if line is None:
                    break
                self.seen.append(line)
                if text in line:
                    return line
        raise AssertionError(f"no line with {text!r} in {self.seen}")

    def finish(self) -> tuple[int, list[str], str]:
        """Exit code, every stdout line, stderr (once the process has exited)."""
        try:
            returncode = self.process.wait(timeout=TIMEOUT)
            while (line := self._queue.get(timeout=TIMEOUT)) is not None:
                self.seen.append(line)
            assert self.process.stderr is not None
            return returncode, self.seen, self.process.stderr.read()
        finally:
            self.close()

    def close(self) -> None:
        """Kill the process if it still runs; close its pipes."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


def spawn(command: list[str], env: dict[str, str]) -> Lines:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return Lines(process)


@contextlib.contextmanager
def running_flow(tmp_path: Path, env: dict[str, str]) -> Iterator[tuple[str, Path]]:
    """A flow run in another process, logging "step 1" then waiting for the gate file
    to exist to log "step 2" and finish: (its id, the gate)."""
    script, gate = tmp_path / "follow_me.py", tmp_path / "gate"
    script.write_text(FLOW)
    flow = spawn([sys.executable, str(script), str(gate)], env)
    try:
        yield flow.wait_for("RUN-ID").split()[1], gate
        gate.touch()
        returncode, _, stderr = flow.finish()
        assert returncode == 0, stderr
    finally:
        gate.touch()
        flow.close()


def follow(run_id: str, env: dict[str, str], *options: str) -> Lines:
    return spawn([sys.executable, "-m", "flowql", "flow-run", "logs", run_id, *options], env)


@pytest.fixture(params=["embedded", "remote"])
def mode_env(
    request: pytest.FixtureRequest, home: Path, tmp_path: Path
) -> Iterator[dict[str, str]]:
    """The environment of the flow and the CLI: the same FLOWQL_HOME (embedded), or
    a real server they both talk to (remote)."""
    if request.param == "embedded":
        yield process_env(home)
        return
    with live_server(home) as server:
        yield process_env(tmp_path / "client", FLOWQL_API_URL=server.graphql_url)


def test_follow_prints_logs_as_they_arrive_then_the_final_state(
    mode_env: dict[str, str], tmp_path: Path, cli: Invoke
) -> None:
    with running_flow(tmp_path, mode_env) as (run_id, gate):
        follower = follow(run_id, mode_env, "--follow")
        follower.wait_for("step 1")  # printed while the flow is still waiting for the gate
        gate.touch()
        returncode, lines, stderr = follower.finish()

    assert returncode == 0, stderr
    messages = [line.rsplit(" - ", 1)[1] for line in lines]
    assert messages[0].startswith("Beginning flow run")
    assert messages[1:] == ["step 1", "step 2", "Finished in state Completed()"]
    assert lines == cli("flow-run", "logs", run_id, env=mode_env).stdout.splitlines()
    assert f"({run_id}) finished in state COMPLETED." in stderr


def test_follow_resumes_after_the_server_restarts_without_repeats(
    home: Path, tmp_path: Path, cli: Invoke
) -> None:
    embedded = Settings(home=home, api_url=None, database_url=None, api_key=None)
    with restartable_server(home) as server:
        env = process_env(tmp_path / "client", FLOWQL_API_URL=server.graphql_url)
        with running_flow(tmp_path, env) as (run_id, gate):
            follower = follow(run_id, env, "-f")
            follower.wait_for("step 1")
            server.kill()
            while_down = [(datetime.now(UTC), 20, "stored while the server was down")]
            seed(embedded, lambda seeder: seeder.logs(run_id, while_down))
            server.start()  # same database, same port
            follower.wait_for("stored while the server was down")  # missed, not lost
            gate.touch()
            returncode, lines, stderr = follower.finish()
        expected = cli("flow-run", "logs", run_id, env=env).stdout.splitlines()

    assert returncode == 0, stderr
    assert lines == expected  # each line once, none missing
    assert [line.rsplit(" - ", 1)[1] for line in lines][1:] == [
        "step 1", "stored while the server was down", "step 2", "Finished in state Completed()",
    ]  # fmt: skip
    assert f"Lost the connection to ws://127.0.0.1:{server.port}/graphql" in stderr
    assert "Reconnected" in stderr
    assert "finished in state COMPLETED" in stderr


def test_ctrl_c_stops_following_quietly(home: Path, tmp_path: Path) -> None:
    env = process_env(home)
    with running_flow(tmp_path, env) as (run_id, _):
        follower = follow(run_id, env, "--follow")
        follower.wait_for("step 1")
        follower.process.send_signal(signal.SIGINT)
        returncode, _, stderr = follower.finish()

    assert returncode == 130
    assert stderr == ""


def test_following_a_finished_run_prints_its_logs_and_state(cli: Invoke, runs: Runs) -> None:
    followed = cli("flow-run", "logs", runs.completed, "--follow")
    tail = cli("flow-run", "logs", runs.completed, "--follow", "--tail", "2")

    assert followed.exit_code == 0, followed.output
    # stored out of order, printed in time order: as without --follow
    assert followed.stdout == cli("flow-run", "logs", runs.completed).stdout
    assert "finished in state COMPLETED: all good." in followed.stderr
    assert tail.stdout == cli("flow-run", "logs", runs.completed, "--tail", "2").stdout


def test_following_a_run_without_logs_says_so(cli: Invoke, runs: Runs) -> None:
    result = cli("flow-run", "logs", runs.failed, "-f")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "No logs for flow run" in result.stderr
    assert "finished in state FAILED: boom." in result.stderr


def test_following_an_unknown_run_is_not_found(cli: Invoke, runs: Runs) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    assert f"flow run {unknown} not found" in error_line(cli("flow-run", "logs", unknown, "-f"))


def test_following_on_an_unreachable_server_is_a_clear_error(cli: Invoke) -> None:
    url = f"http://127.0.0.1:{free_port()}/graphql"
    line = error_line(
        cli("flow-run", "logs", "00000000-0000-4000-8000-000000000000", "-f",
            env={"FLOWQL_API_URL": url})
    )  # fmt: skip
    # whichever comes first: the websocket or the HTTP read of the run's state
    assert f"127.0.0.1:{url.split(':')[2]}" in line
    assert "cannot open a websocket to the flowql API at ws://" in line or (
        "cannot reach the flowql API at http://" in line
    )
