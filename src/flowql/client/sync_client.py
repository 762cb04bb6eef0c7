"""``get_client(sync_client=True)``: ``SyncFlowqlClient``, the blocking facade.

Each method of :class:`~flowql.client.orchestration.FlowqlClient` is run to
completion on a private event loop thread (a
:class:`~flowql.sdk.loop.BackgroundLoop`), so scripts without ``async`` can
read runs as with Prefect's ``SyncPrefectClient``.
"""

from __future__ import annotations

from collections.abc import Coroutine, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

from flowql.client.artifacts import SyncArtifactMethods
from flowql.client.blocking import blocking
from flowql.client.blocks import SyncBlockMethods
from flowql.client.orchestration import FlowqlClient
from flowql.client.variables import SyncVariableMethods
from flowql.sdk.loop import BackgroundLoop
from flowql.settings import Settings

__all__ = ["SyncFlowqlClient", "SyncPrefectClient"]

T = TypeVar("T")


class SyncFlowqlClient(SyncVariableMethods, SyncArtifactMethods, SyncBlockMethods):
    """``FlowqlClient``'s methods, blocking: each runs on a private event loop thread.

    Use it as ``with get_client(sync_client=True) as client:`` (or call
    ``close()``); the thread and the transport end with it.
    """

    def __init__(
        self, settings: Settings | None = None, *, httpx_settings: Mapping[str, Any] | None = None
    ) -> None:
        self._client = FlowqlClient(settings, httpx_settings=httpx_settings)
        self._loop: BackgroundLoop | None = None
        self._depth = 0

    def __enter__(self) -> Self:
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.close()

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            self._loop = BackgroundLoop()
        return self._loop.run(coroutine)

    def close(self) -> None:
        """Close the transport and stop the loop thread."""
        loop, self._loop = self._loop, None
        if loop is None:
            return
        try:
            loop.run(self._client.aclose())
        finally:
            loop.stop()
            loop.loop.close()

    api_healthcheck = blocking(FlowqlClient.api_healthcheck)
    read_flow_runs = blocking(FlowqlClient.read_flow_runs)
    count_flow_runs = blocking(FlowqlClient.count_flow_runs)
    read_flow_run = blocking(FlowqlClient.read_flow_run)
    read_flow_run_states = blocking(FlowqlClient.read_flow_run_states)
    delete_flow_run = blocking(FlowqlClient.delete_flow_run)
    set_flow_run_state = blocking(FlowqlClient.set_flow_run_state)
    read_task_runs = blocking(FlowqlClient.read_task_runs)
    read_task_run = blocking(FlowqlClient.read_task_run)
    read_logs = blocking(FlowqlClient.read_logs)
    read_flows = blocking(FlowqlClient.read_flows)
    read_flow = blocking(FlowqlClient.read_flow)
    read_flow_by_name = blocking(FlowqlClient.read_flow_by_name)


SyncPrefectClient = SyncFlowqlClient
