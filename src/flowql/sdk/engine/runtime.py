"""The process-wide runtime: API client, background loop, task-run recorder, log batcher.

Created on first use (so ``import flowql`` stays cheap) and closed at exit,
after a final flush.
"""

from __future__ import annotations

import atexit
import threading
import uuid
from typing import Any

from flowql.sdk.loop import BackgroundLoop
from flowql.sdk.recorder import Recorder
from flowql.settings import Settings


class Runtime:
    def __init__(self, settings: Settings) -> None:
        from flowql.sdk.client.local_api import api_for
        from flowql.sdk.client.transport import transport_from_settings
        from flowql.sdk.logging import LogBatcher, set_log_batcher, setup_logging

        self.settings = settings
        self.loop = BackgroundLoop()
        self.transport = transport_from_settings(settings)
        self.api = api_for(self.transport)
        self.recorder = Recorder(self.api.record_task_runs, self.loop)
        self.logs = LogBatcher(send=self._send_logs)
        setup_logging()
        set_log_batcher(self.logs)
        self._flow_ids: dict[str, uuid.UUID] = {}
        self._lock = threading.Lock()

    def call(self, coroutine: Any) -> Any:
        """Run an API coroutine on the background loop and return its result."""
        return self.loop.run(coroutine)

    def _send_logs(self, batch: list[dict[str, Any]]) -> None:
        # Logs reference task runs: those must be recorded first.
        self.recorder.flush()
        self.call(self.api.create_logs(batch))

    def flow_id(self, flow: Any) -> uuid.UUID:
        with self._lock:
            known = self._flow_ids.get(flow.name)
        if known is not None:
            return known
        schema = None
        try:
            schema = flow.parameters()
        except Exception:  # an unschemable signature must not stop the run
            schema = None
        created = self.call(
            self.api.create_flow(
                flow.name,
                description=flow.description,
                parameter_schema=schema,
                version=flow.version,
            )
        )
        flow_id = uuid.UUID(created["id"])
        with self._lock:
            self._flow_ids[flow.name] = flow_id
        return flow_id

    def close(self) -> None:
        from flowql.sdk.logging import set_log_batcher

        try:
            self.recorder.flush()
            self.logs.close()
        finally:
            set_log_batcher(None)
            self.call(self.transport.close())
            self.loop.stop()


_runtime: Runtime | None = None
_runtime_lock = threading.Lock()


def get_runtime() -> Runtime:
    global _runtime
    with _runtime_lock:
        if _runtime is None:
            _runtime = Runtime(Settings())
            atexit.register(close_runtime)
        return _runtime


def close_runtime() -> None:
    """Flush and close the runtime (at exit, or between test sessions)."""
    global _runtime
    with _runtime_lock:
        runtime, _runtime = _runtime, None
    if runtime is not None:
        runtime.close()
