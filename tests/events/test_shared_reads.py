"""SharedReads: identical subscription reads coalesce, but never serve a stale answer."""

from __future__ import annotations

import asyncio

import pytest

from flowql.events.shared_reads import SharedReads, ticket


class CountingRead:
    """A read that counts its calls and can be held open until released."""

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.release = asyncio.Event()
        self.release.set()
        self.running = 0
        self.most_running = 0

    async def __call__(self, cursor: int) -> str:
        self.calls.append(cursor)
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        try:
            await self.release.wait()
            return f"after {cursor} (read {len(self.calls)})"
        finally:
            self.running -= 1


async def test_subscribers_woken_together_share_one_read() -> None:
    shared, read = SharedReads(), CountingRead()
    read.release.clear()
    woken = ticket()
    waiters = [asyncio.create_task(shared.read("q", 5, woken, read)) for _ in range(50)]
    await asyncio.sleep(0)
    read.release.set()
    answers = await asyncio.gather(*waiters)
    assert read.calls == [5] and set(answers) == {"after 5 (read 1)"}


async def test_a_read_begun_before_a_wake_up_is_not_reused() -> None:
    shared, read = SharedReads(), CountingRead()
    first = await shared.read("q", 5, ticket(), read)
    woken_later = ticket()  # a commit, then its wake-up, after the first read began
    second = await shared.read("q", 5, woken_later, read)
    again = await shared.read("q", 5, woken_later, read)  # the second read began after
    assert (first, second, again) == ("after 5 (read 1)", "after 5 (read 2)", "after 5 (read 2)")


async def test_other_queries_and_cursors_read_on_their_own() -> None:
    shared, read = SharedReads(), CountingRead()
    woken = ticket()
    await asyncio.gather(
        shared.read("q", 5, woken, read), shared.read("q", 6, woken, read),
        shared.read("other", 5, woken, read),
    )  # fmt: skip
    assert sorted(read.calls) == [5, 5, 6]


async def test_a_failed_read_is_not_remembered() -> None:
    shared, calls = SharedReads(), []

    async def flaky(cursor: int) -> str:
        calls.append(cursor)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return "fine"

    woken = ticket()
    with pytest.raises(ConnectionError):
        await shared.read("q", 1, woken, flaky)
    assert await shared.read("q", 1, woken, flaky) == "fine"


async def test_a_leaving_subscriber_does_not_cancel_the_others_read() -> None:
    shared, read = SharedReads(), CountingRead()
    read.release.clear()
    woken = ticket()
    leaving = asyncio.create_task(shared.read("q", 1, woken, read))
    staying = asyncio.create_task(shared.read("q", 1, woken, read))
    await asyncio.sleep(0)
    leaving.cancel()
    read.release.set()
    assert await staying == "after 1 (read 1)"


async def test_at_most_limit_reads_run_at_once() -> None:
    shared, read = SharedReads(limit=3), CountingRead()
    read.release.clear()
    woken = ticket()
    waiters = [asyncio.create_task(shared.read("q", n, woken, read)) for n in range(10)]
    await asyncio.sleep(0.01)
    assert read.running == 3
    read.release.set()
    await asyncio.gather(*waiters)
    assert read.most_running == 3 and len(read.calls) == 10
