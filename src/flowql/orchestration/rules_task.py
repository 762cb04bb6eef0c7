"""Rules that only apply to task runs: pausing, the cache and the enclosing flow."""

from __future__ import annotations

from types import MappingProxyType

from flowql.core.states import StateName, StateType
from flowql.orchestration.rules_common import PAUSE_TIMEOUT
from flowql.orchestration.transition import (
    Abort,
    Reject,
    RunKind,
    StateSnapshot,
    Transition,
)

NOT_READY = "NotReady"


def prevent_pausing_tasks(t: Transition) -> Abort | None:
    """Abort PAUSED proposals for task runs.

    Pausing is a flow run feature: a task runs inside its flow's process and
    waits when its flow pauses. A paused task run would have nobody to resume it.
    """
    if t.run.kind is RunKind.TASK_RUN and t.proposed_type is StateType.PAUSED:
        return Abort("Task runs cannot be paused; pause the flow run instead.")
    return None


def use_cached_result(t: Transition) -> Reject | None:
    """Serve a valid cached COMPLETED state instead of running the task again.

    The caller looked up the proposal's cache key and put a hit in
    ``t.cached_state``. Running the task would repeat work whose result is
    known, so the client is told to adopt a fresh copy of the cached state,
    named Cached and stamped now.
    """
    cached = t.cached_state
    if t.run.kind is not RunKind.TASK_RUN or t.proposed_type is not StateType.RUNNING:
        return None
    if cached is None or cached.type is not StateType.COMPLETED:
        return None
    return Reject(
        "Retrieved the result from the cache.",
        state=cached.evolve(name=StateName.CACHED, timestamp=t.now),
    )


def prevent_running_tasks_from_stopped_flows(t: Transition) -> Abort | Reject | None:
    """A task run may only start while its flow run is RUNNING.

    A running task implies a running flow: tasks of a cancelled, crashed or
    finished flow must stop (Abort). Tasks of a PAUSED flow wait instead: the
    client adopts a PAUSED state named NotReady, carrying the flow's pause
    timeout, and proposes again after the flow resumes.
    """
    flow_state = t.run.flow_run_state
    if t.run.kind is not RunKind.TASK_RUN or t.proposed_type is not StateType.RUNNING:
        return None
    if flow_state is None or flow_state.type is StateType.RUNNING:
        return None
    if flow_state.type is StateType.PAUSED:
        return Reject("The flow run is paused; tasks run after it resumes.", _not_ready(t))
    return Abort(
        f"The enclosing flow run is {flow_state.type.value} ({flow_state.name}); "
        "tasks only run while their flow run is RUNNING."
    )


def _not_ready(t: Transition) -> StateSnapshot:
    flow_state = t.run.flow_run_state
    timeout = flow_state.details.get(PAUSE_TIMEOUT) if flow_state else None
    details = {PAUSE_TIMEOUT: timeout} if timeout is not None else {}
    return StateSnapshot(
        type=StateType.PAUSED,
        name=NOT_READY,
        timestamp=t.now,
        details=MappingProxyType(details),
    )
