"""Client-side orchestration of one task run, with the server's own pure rules.

Every accepted state is noted in the recorder and committed in the next
batch; nothing here waits for the network.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any

from flowql import orchestration as o
from flowql.core.ids import new_id
from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.sdk.recorder import Recorder, StateRecord, TaskRunRecord
from flowql.sdk.states import State

_FLOW_RUNNING = o.StateSnapshot(type=StateType.RUNNING, name="Running", timestamp=utcnow())


class Waited(Exception):
    def __init__(self, delay: float, reason: str) -> None:
        super().__init__(reason)
        self.delay = delay


class Aborted(Exception):
    pass


def task_run_orchestrator(
    registry: dict[tuple[str, str], TaskRunOrchestrator],
    key: tuple[str, str],
    flow_run_count: int,
    recorder: Recorder,
    build: Callable[[], TaskRunRecord],
) -> TaskRunOrchestrator:
    """The task run for ``key`` in this flow run: the one a previous flow attempt
    ran (started over as a rerun), or a new one built by ``build``."""
    previous = registry.get(key)
    if previous is not None:
        previous.rerun(flow_run_count)
        return previous
    orchestrator = TaskRunOrchestrator(build(), recorder)
    registry[key] = orchestrator
    return orchestrator


@functools.lru_cache(maxsize=256)
def _retry_policy(retries: int, delays: tuple[float, ...], jitter: float | None) -> o.RetryPolicy:
    # One per task configuration, not per run: a flow keeps its runs' orchestrators.
    return o.RetryPolicy(retries=retries, retry_delay_seconds=delays, retry_jitter_factor=jitter)


class TaskRunOrchestrator:
    __slots__ = ("current", "policy", "record", "recorder", "rerunning")

    def __init__(self, record: TaskRunRecord, recorder: Recorder) -> None:
        self.record = record
        self.recorder = recorder
        self.current: o.StateSnapshot | None = None
        self.rerunning = False
        self.policy = _retry_policy(
            record.retries, tuple(record.retry_delay_seconds), record.retry_jitter_factor
        )

    def propose(
        self,
        state: State[Any],
        *,
        force: bool = False,
        cached_state: o.StateSnapshot | None = None,
    ) -> State[Any]:
        """Write ``state`` or what the rules choose instead; returns the state written.

        ``cached_state``: a valid cached COMPLETED state for the run's cache key;
        the rules adopt it (named Cached) instead of a RUNNING proposal."""
        record = self.record
        transition = o.Transition(
            run=o.RunSnapshot(
                kind=o.RunKind.TASK_RUN,
                run_count=record.run_count,
                start_time=record.start_time,
                end_time=record.end_time,
                total_run_time=record.total_run_time,
                retry_policy=self.policy,
                flow_run_state=_FLOW_RUNNING if record.flow_run_id else None,
                rerun=self.rerunning,
            ),
            initial=self.current,
            proposed=state.to_snapshot(),
            now=utcnow(),
            jitter_sample=random.random(),
            force=force,
            cached_state=cached_state,
        )
        result = o.evaluate(o.TASK_RUN_POLICY, transition)
        decision = result.decision
        if isinstance(decision, o.Wait):
            raise Waited(decision.delay_seconds, decision.reason)
        if result.run_updates is None or isinstance(decision, o.Abort):
            raise Aborted(getattr(decision, "reason", "aborted"))
        written = decision.state
        assert written is not None
        self.rerunning = False
        self._note(written, result.run_updates)
        data = state.data if written.type == state.type else None
        return State.from_snapshot(written, data=data)

    def rerun(self, flow_run_count: int) -> None:
        """Start over as a new attempt of a retrying flow (run count from zero, as Prefect)."""
        self.rerunning = True
        self.recorder.update(self.record, run_count=0, flow_run_run_count=flow_run_count)

    def _note(self, written: o.StateSnapshot, updates: o.RunUpdates) -> None:
        self.current = written
        state = StateRecord(
            id=new_id(),
            type=written.type.value,
            name=written.name,
            timestamp=written.timestamp,
            message=written.message,
            scheduled_time=written.scheduled_time,
            details=dict(written.details),
            data=written.data,
        )
        self.recorder.record(
            self.record,
            state,
            run_count=updates.run_count,
            start_time=updates.start_time,
            end_time=updates.end_time,
            total_run_time=updates.total_run_time,
        )
