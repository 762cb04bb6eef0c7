"""A background event loop that owns the API client's connections.

Sync flows and tasks (any thread) and async flows (their own loop) all talk
to the API through this one loop, so the database engine or HTTP client is
bound to a single loop for the life of the process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class BackgroundLoop:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="flowql-api-loop", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the background loop and wait for it (from any thread)."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("BackgroundLoop.run() called from the loop's own thread")
        return self.submit(coroutine).result()

    async def run_async(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Await ``coroutine`` on the background loop from another event loop."""
        return await asyncio.wrap_future(self.submit(coroutine))

    def stop(self) -> None:
        """Cancel what still runs on the loop, stop it and close it."""
        if self.loop.is_closed():
            return
        if self.loop.is_running():
            self.submit(_cancel_other_tasks()).result(timeout=5)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout=5)
        if not self.loop.is_running():
            self.loop.close()


async def _cancel_other_tasks() -> None:
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
