"""Batched, durable recording of client-orchestrated task runs.

Task runs are orchestrated in this process with the server's own pure rules;
their states are recorded in batches (``recordTaskRuns``) flushed every
``interval`` seconds by the background loop, and flushed synchronously before
a flow call returns, so every task run and state is committed by then. A
failed send keeps what it could not record for the next flush; the
synchronous flush raises when the send still fails: a run is never silently
unrecorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from flowql.sdk.loop import BackgroundLoop

Send = Callable[[list["TaskRunRecord"]], Awaitable[None]]


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True, slots=True)
class StateRecord:
    """A state a task run entered (the fields of the API's StateRecordInput)."""

    id: uuid.UUID
    type: str
    name: str
    timestamp: datetime
    message: str | None = None
    scheduled_time: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)
    data: Any = None

    def to_input(self) -> dict[str, Any]:
        """The StateRecordInput as JSON; only what is set (every field sent is coerced)."""
        given = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "timestamp": self.timestamp.isoformat(),
            "message": self.message,
            "scheduledTime": _iso(self.scheduled_time),
            "details": self.details or None,
            "data": self.data,
        }
        return {key: value for key, value in given.items() if value is not None}


@dataclass(slots=True)
class TaskRunRecord:
    id: uuid.UUID
    flow_run_id: uuid.UUID | None
    task_key: str
    dynamic_key: str
    name: str
    tags: list[str]
    task_inputs: dict[str, Any]
    retries: int
    retry_delay_seconds: list[float]
    retry_jitter_factor: float | None
    flow_run_run_count: int
    expected_start_time: datetime
    cache_key: str | None = None
    run_count: int = 0
    start_time: datetime | None = None
    end_time: datetime | None = None
    total_run_time: float = 0.0
    cache_expiration: datetime | None = None
    new_states: tuple[StateRecord, ...] = ()
    """A tuple, and the shared empty one between batches: a flow keeps every record."""

    @property
    def states(self) -> tuple[StateRecord, ...]:
        """The states entered since the last batch (the API input's name for them)."""
        return self.new_states

    def to_input(self) -> dict[str, Any]:
        """The TaskRunRecordInput; unset optional fields are left out (less to coerce)."""
        given = {
            "id": str(self.id),
            "flowRunId": None if self.flow_run_id is None else str(self.flow_run_id),
            "taskKey": self.task_key,
            "dynamicKey": self.dynamic_key,
            "name": self.name,
            "tags": self.tags,
            "cacheKey": self.cache_key,
            "cacheExpiration": _iso(self.cache_expiration),
            "taskInputs": self.task_inputs,
            "retries": self.retries,
            "retryDelaySeconds": self.retry_delay_seconds,
            "retryJitterFactor": self.retry_jitter_factor,
            "runCount": self.run_count,
            "flowRunRunCount": self.flow_run_run_count,
            "expectedStartTime": _iso(self.expected_start_time),
            "startTime": _iso(self.start_time),
            "endTime": _iso(self.end_time),
            "totalRunTime": self.total_run_time,
            "states": [state.to_input() for state in self.new_states],
        }
        return {key: value for key, value in given.items() if value is not None}


class Recorder:
    def __init__(
        self, send: Send, loop: BackgroundLoop, *, interval: float = 0.2, batch_size: int = 1000
    ) -> None:
        self._send = send
        self._loop = loop
        self._interval = interval
        self._batch_size = batch_size
        self._lock = threading.Lock()
        self._dirty: dict[uuid.UUID, TaskRunRecord] = {}
        self._flushing = asyncio.Lock()
        self._unsent: list[TaskRunRecord] = []
        self._ticker = loop.submit(self._tick())

    def record(self, run: TaskRunRecord, state: StateRecord, **updates: Any) -> None:
        """Note ``state`` and run field ``updates`` for the next batch."""
        with self._lock:
            for name, value in updates.items():
                setattr(run, name, value)
            run.new_states = (*run.new_states, state)
            self._dirty[run.id] = run

    def update(self, run: TaskRunRecord, **fields: Any) -> None:
        """Change run fields (sent with its next state)."""
        with self._lock:
            for name, value in fields.items():
                setattr(run, name, value)

    def flush(self) -> None:
        """Send everything noted so far and wait until it is committed; raise if it cannot be."""
        with self._lock:
            idle = not self._dirty and not self._unsent
        # Checked after the queue: a background flush that took it still holds the lock.
        if idle and not self._flushing.locked():
            return
        self._loop.run(self._flush())

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            if self._dirty or self._unsent:
                # A failure keeps the batch in _unsent: the next flush sends it
                # again, and the synchronous one raises if it still fails.
                with contextlib.suppress(Exception):
                    await self._flush()

    async def _flush(self) -> None:
        async with self._flushing:
            batch = _merge(self._unsent, self._take())
            sent = 0
            try:
                while sent < len(batch):
                    await self._send(batch[sent : sent + self._batch_size])
                    sent += self._batch_size
            except BaseException:
                self._unsent = batch[sent:]
                raise
            self._unsent = []

    def _take(self) -> list[TaskRunRecord]:
        """Snapshots of the changed runs, each with the states noted since the last batch."""
        with self._lock:
            runs, self._dirty = list(self._dirty.values()), {}
            snapshots = [replace(run) for run in runs]
            for run in runs:
                run.new_states = ()
        return snapshots


def _merge(older: list[TaskRunRecord], newer: list[TaskRunRecord]) -> list[TaskRunRecord]:
    """One snapshot per task run: newer fields win, states keep their order (older first)."""
    if not older:
        return newer
    merged = {run.id: run for run in older}
    for run in newer:
        previous = merged.get(run.id)
        if previous is not None:
            run = replace(run, new_states=(*previous.new_states, *run.new_states))
        merged[run.id] = run
    return list(merged.values())
