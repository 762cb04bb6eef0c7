"""``async_dispatch``: one public name that is sync in sync code and async in async
code, as Prefect 3's (``Variable.get`` in an async flow returns an awaitable).

Code with a running event loop in its thread gets the async implementation's
coroutine; other code gets the sync implementation's result. ``_sync=True`` /
``_sync=False`` chooses explicitly.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")


def in_async_context() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def async_dispatch(async_impl: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Call ``async_impl`` instead of the decorated function in async code."""
    impl = async_impl.__func__ if isinstance(async_impl, classmethod) else async_impl

    def decorate(sync_fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(sync_fn)
        def wrapper(*args: Any, _sync: bool | None = None, **kwargs: Any) -> Any:
            if _sync is False or (_sync is None and in_async_context()):
                return impl(*args, **kwargs)
            return sync_fn(*args, **kwargs)

        wrapper.aio = impl  # type: ignore[attr-defined]
        return cast(Callable[P, R], wrapper)

    return decorate
