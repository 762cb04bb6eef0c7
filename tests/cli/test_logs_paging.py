"""``flowql flow-run logs`` pages through the ``logs`` connection (200 per page) until done."""

from __future__ import annotations

import pytest

from flowql.settings import Settings
from tests.cli.conftest import Invoke
from tests.cli.seed import Seeder, log_records, seed

LOG_COUNT = 450  # three pages


async def run_with_many_logs(seeder: Seeder) -> str:
    flow_run_id = await seeder.flow_run(await seeder.flow("chatty"), "chatty-run")
    await seeder.logs(flow_run_id, log_records(LOG_COUNT))
    return flow_run_id


@pytest.fixture
def chatty_run(settings: Settings) -> str:
    return seed(settings, run_with_many_logs)


def messages(output: str) -> list[str]:
    return [line.rsplit(" - ", 1)[1] for line in output.splitlines()]


def test_all_logs_across_pages(cli: Invoke, chatty_run: str) -> None:
    result = cli("flow-run", "logs", chatty_run)
    assert result.exit_code == 0, result.output
    assert messages(result.stdout) == [f"line {index:03d}" for index in range(LOG_COUNT)]


def test_head_and_tail_across_pages(cli: Invoke, chatty_run: str) -> None:
    head = cli("flow-run", "logs", chatty_run, "--head", "250")
    assert messages(head.stdout) == [f"line {index:03d}" for index in range(250)]
    tail = cli("flow-run", "logs", chatty_run, "--tail", "250")
    assert messages(tail.stdout) == [f"line {index:03d}" for index in range(200, LOG_COUNT)]


def test_one_full_page_needs_no_cursor(cli: Invoke, chatty_run: str) -> None:
    head = cli("flow-run", "logs", chatty_run, "--head", "200")
    assert head.exit_code == 0, head.output
    assert messages(head.stdout) == [f"line {index:03d}" for index in range(200)]
    tail = cli("flow-run", "logs", chatty_run, "--tail", "200")
    assert messages(tail.stdout) == [f"line {index:03d}" for index in range(250, LOG_COUNT)]
