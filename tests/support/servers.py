"""A real flowql server (uvicorn, in a subprocess) on a free port of 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"


@contextlib.contextmanager
def live_server(home: Path, *, database_url: str | None = None, **env: str) -> Iterator[LiveServer]:
    """Start ``flowql server start`` and wait until /health answers."""
    port = free_port()
    full_env = {**os.environ, "FLOWQL_HOME": str(home), **env}
    full_env.pop("FLOWQL_API_URL", None)
    if database_url:
        full_env["FLOWQL_DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "flowql", "server", "start", "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    log = open(home / f"server-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(command, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", process, full_env)
    try:
        _wait_healthy(server, home / f"server-{port}.log")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@dataclass
class RestartableServer:
    """``flowql server start`` on a fixed port, which can be killed and started again
    (on the same home and port: clients reconnect to the same URL)."""

    home: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def graphql_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    def start(self) -> None:
        env = {**os.environ, "FLOWQL_HOME": str(self.home)}
        env.pop("FLOWQL_API_URL", None)
        command = [sys.executable, "-m", "flowql", "server", "start", "--host", "127.0.0.1",
                   "--port", str(self.port)]  # fmt: skip
        log_path = self.home / "server.log"
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        _wait_healthy(LiveServer(f"http://127.0.0.1:{self.port}", self.process, env), log_path)

    def kill(self) -> None:
        """SIGKILL: no shutdown, connections drop."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()


@contextlib.contextmanager
def restartable_server(home: Path) -> Iterator[RestartableServer]:
    server = RestartableServer(home)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            server.process.terminate()
            server.process.wait(timeout=10)


def _wait_healthy(server: LiveServer, log_path: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(f"server not healthy after {timeout}s:\n{log_path.read_text()}")
