"""``blocking``: turn a ``FlowqlClient`` coroutine method into a ``SyncFlowqlClient`` one."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

if TYPE_CHECKING:
    from flowql.client.core import ClientCore
    from flowql.client.sync_client import SyncFlowqlClient

P = ParamSpec("P")
T = TypeVar("T")
C = TypeVar("C", bound="ClientCore")


def blocking(
    method: Callable[Concatenate[C, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[SyncFlowqlClient, P], T]:
    """The method run to completion on the sync client's private loop thread."""

    def call(self: SyncFlowqlClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        coroutine = method(self._client, *args, **kwargs)  # type: ignore[arg-type]
        result: T = self._run(coroutine)
        return result

    call.__name__ = method.__name__
    call.__qualname__ = f"SyncFlowqlClient.{method.__name__}"
    call.__doc__ = method.__doc__
    return call
