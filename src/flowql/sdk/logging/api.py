"""Sending run logs to the API in batches: ``LogBatcher`` and ``APILogHandler``.

Run-logger records become ``createLogs`` inputs (dicts) in a thread-safe buffer.
A daemon thread sends the buffer in batches of at most ``batch_size`` records,
as soon as a batch is full or every ``interval`` seconds; the engine calls
``flush()`` before a flow call returns and ``close()`` at exit. A failed send
keeps its records for the next attempt; past ``max_buffered`` records the oldest
are dropped and one warning says how many.
"""

from __future__ import annotations

import collections
import logging
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

LogDict = dict[str, Any]
SendLogs = Callable[[list[LogDict]], None]

DEFAULT_BATCH_SIZE = 500
DEFAULT_INTERVAL = 0.5
DEFAULT_MAX_BUFFERED = 100_000


class LogBatcher:
    """A buffer of log dicts, sent through ``send(batch)`` in ordered batches.

    ``send`` is called from one thread at a time, with batches in the order the
    records were added. The background thread starts with the first record.
    """

    def __init__(
        self,
        send: SendLogs,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        interval: float = DEFAULT_INTERVAL,
        max_buffered: int = DEFAULT_MAX_BUFFERED,
    ) -> None:
        if batch_size < 1 or max_buffered < batch_size or interval <= 0:
            raise ValueError("need batch_size >= 1, max_buffered >= batch_size, interval > 0")
        self._send = send
        self.batch_size = batch_size
        self.interval = interval
        self.max_buffered = max_buffered
        self._buffer: collections.deque[LogDict] = collections.deque()
        self._lock = threading.Lock()  # guards the buffer and counters
        self._send_lock = threading.Lock()  # one sender at a time keeps batches in order
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._dropped = 0
        self._failing = False

    def __len__(self) -> int:
        with self._lock:
            return len(self._buffer)

    def add(self, log: LogDict) -> None:
        """Buffer one log; wakes the sender when a full batch is waiting."""
        with self._lock:
            self._buffer.append(log)
            self._trim()
            full = len(self._buffer) >= self.batch_size
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(
                    target=self._run, name="flowql-log-batcher", daemon=True
                )
                self._thread.start()
        if full:
            self._wake.set()

    def flush(self) -> None:
        """Send everything buffered now, in batches, from the calling thread.

        Never raises: a failed batch stays buffered for the next flush.
        """
        self._send_batches(full_only=False)

    def close(self) -> None:
        """Stop the background thread and send what is left (final flush)."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        self.flush()
        self._report_dropped()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._failing:  # retry on the timer only, not on every new record
                woken = False
                self._stop.wait(self.interval)
            else:
                woken = self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            self._send_batches(full_only=woken)

    def _send_batches(self, *, full_only: bool) -> None:
        with self._send_lock:
            while True:
                batch = self._take(full_only=full_only)
                if not batch:
                    return
                try:
                    self._send(batch)
                except Exception as error:
                    self._put_back(batch, error)
                    return
                self._sent()

    def _take(self, *, full_only: bool) -> list[LogDict]:
        with self._lock:
            if full_only and len(self._buffer) < self.batch_size:
                return []
            count = min(self.batch_size, len(self._buffer))
            return [self._buffer.popleft() for _ in range(count)]

    def _put_back(self, batch: list[LogDict], error: Exception) -> None:
        with self._lock:
            self._buffer.extendleft(reversed(batch))
            self._trim()
            first_failure = not self._failing
            self._failing = True
            pending = len(self._buffer)
        if first_failure:
            _warn(
                f"sending logs to the API failed ({type(error).__name__}: {error}); "
                f"{pending} log(s) kept and retried every {self.interval}s"
            )

    def _sent(self) -> None:
        with self._lock:
            recovered = self._failing
            self._failing = False
        if recovered:
            _warn("sending logs to the API works again")
        self._report_dropped()

    def _trim(self) -> None:
        """Drop the oldest records past ``max_buffered`` (caller holds ``_lock``)."""
        while len(self._buffer) > self.max_buffered:
            self._buffer.popleft()
            self._dropped += 1

    def _report_dropped(self) -> None:
        with self._lock:
            dropped, self._dropped = self._dropped, 0
        if dropped:
            _warn(
                f"dropped the {dropped} oldest log(s): more than {self.max_buffered} "
                "were waiting to be sent to the API"
            )


def _warn(message: str) -> None:
    stream = sys.stderr
    if stream is not None:
        stream.write(f"flowql: {message}\n")
        stream.flush()


_active_batcher: LogBatcher | None = None


def set_log_batcher(batcher: LogBatcher | None) -> None:
    """Make ``batcher`` receive run logs (the engine's runtime); ``None`` stops sending."""
    global _active_batcher
    _active_batcher = batcher


def get_log_batcher() -> LogBatcher | None:
    """The batcher run logs are sent to, if any."""
    return _active_batcher


class APILogHandler(logging.Handler):
    """Hands run-logger records to the active ``LogBatcher`` as ``createLogs`` inputs.

    Records without a ``flow_run_id``, or logged with ``extra={"send_to_api": False}``,
    stay local.
    """

    def __init__(self, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        batcher = _active_batcher
        if batcher is None or not getattr(record, "send_to_api", True):
            return
        try:
            log = self.prepare(record)
            if log is not None:
                batcher.add(log)
        except Exception:
            self.handleError(record)

    def prepare(self, record: logging.LogRecord) -> LogDict | None:
        """The ``createLogs`` input of ``record``, or ``None`` if it has no flow run."""
        flow_run_id = getattr(record, "flow_run_id", None)
        if not flow_run_id:
            return None
        task_run_id = getattr(record, "task_run_id", None)
        return {
            "name": record.name,
            "level": record.levelno,
            "message": self.format(record),
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "flowRunId": str(flow_run_id),
            "taskRunId": str(task_run_id) if task_run_id else None,
        }
