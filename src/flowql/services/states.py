"""Propose a new state for a flow run or task run: lock, orchestrate, write.

The run row is locked (``FOR NO KEY UPDATE`` on PostgreSQL; on SQLite the
transaction holds the database write lock), so concurrent proposals on one run
are decided one after the other against the state the previous one wrote:
exactly one of two conflicting proposals wins. A proposal may carry a
client-chosen ``transition_id``; retrying it returns the state it wrote the
first time instead of proposing again.
"""

from __future__ import annotations

import enum
import random
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from flowql import orchestration as o
from flowql.core.errors import NotFoundError
from flowql.core.ids import new_id
from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.db import models as m
from flowql.db.database import Database
from flowql.events import outbox
from flowql.events.run_events import RunFacts, StateFacts, state_event

Run = m.FlowRun | m.TaskRun
StateRow = m.FlowRunState | m.TaskRunState


class SetStateStatus(enum.StrEnum):
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"
    WAIT = "WAIT"
    ABORT = "ABORT"


@dataclass(frozen=True)
class StateChange:
    """What happened to a proposal, and the run's state afterwards."""

    status: SetStateStatus
    run: Any
    state: Any
    reason: str | None = None
    delay_seconds: float | None = None


async def set_flow_run_state(
    db: Database,
    flow_run_id: uuid.UUID,
    proposed: o.StateSnapshot,
    *,
    force: bool = False,
    transition_id: str | None = None,
) -> StateChange:
    async with db.transaction() as session:
        run, current = await _lock_run(session, m.FlowRun, flow_run_id)
        return await propose_state(
            session, run, current, proposed, force=force, transition_id=transition_id
        )


async def set_task_run_state(
    db: Database,
    task_run_id: uuid.UUID,
    proposed: o.StateSnapshot,
    *,
    force: bool = False,
    transition_id: str | None = None,
) -> StateChange:
    async with db.transaction() as session:
        run, current = await _lock_run(session, m.TaskRun, task_run_id)
        return await propose_state(
            session, run, current, proposed, force=force, transition_id=transition_id
        )


async def _lock_run(
    session: AsyncSession, model: type[Run], run_id: uuid.UUID
) -> tuple[Any, StateRow | None]:
    """The run, locked, and its current state row."""
    # FOR NO KEY UPDATE: proposals queue on each other, but inserting task runs,
    # states or logs (whose foreign key checks take FOR KEY SHARE) does not wait.
    state_model = m.FlowRunState if model is m.FlowRun else m.TaskRunState
    statement = (
        sa.select(model, state_model)
        .outerjoin(state_model, state_model.id == model.state_id)
        .where(model.id == run_id)
        .with_for_update(key_share=True, of=model)
    )
    found = (await session.execute(statement)).first()
    if found is None:
        kind = "flow run" if model is m.FlowRun else "task run"
        raise NotFoundError(f"{kind} {run_id} not found", field=("id",))
    run: Any = found[0]
    current: Any = found[1]
    if run.state_id is not None and (current is None or current.id != run.state_id):
        # A lock that had to wait (PostgreSQL) returns the run's new version but
        # not the state that version points to: read it now.
        current = await session.get(state_model, run.state_id)
    return run, current


async def propose_state(
    session: AsyncSession,
    run: Run,
    current: StateRow | None,
    proposed: o.StateSnapshot,
    *,
    force: bool = False,
    transition_id: str | None = None,
) -> StateChange:
    """Orchestrate ``proposed`` for a locked ``run`` inside an open transaction;
    ``current`` is the run's current state row (None for a new run)."""
    state_model = _state_model(run)
    if transition_id is not None:
        replay = await _state_by_transition_id(session, run, transition_id)
        if replay is not None:
            reason = f"already applied (transition id {transition_id!r})"
            return StateChange(_write_status(proposed, replay.type), run, replay, reason)
    initial = snapshot_of(current) if current is not None else None
    if initial is not None and proposed.timestamp < initial.timestamp:
        # History is ordered by timestamp: a lagging client clock must not reorder it.
        proposed = proposed.evolve(timestamp=initial.timestamp)
    transition = o.Transition(
        run=await _run_snapshot(session, run),
        initial=initial,
        proposed=proposed,
        now=utcnow(),
        force=force,
        jitter_sample=random.random(),
    )
    result = o.evaluate(o.policy_for(transition.run.kind), transition)
    decision = result.decision
    if isinstance(decision, o.Accept | o.Reject) and result.run_updates is not None:
        written_state = decision.state
        assert written_state is not None
        row = _write_state(session, run, state_model, written_state, transition_id)
        _apply_run_updates(run, row, result.run_updates)
        await session.flush()
        await _emit_state_event(session, run, current, row, proposed.type)
        reasons = [*result.rewrites, *([decision.reason] if isinstance(decision, o.Reject) else [])]
        status = _write_status(proposed, written_state.type)
        return StateChange(status, run, row, "; ".join(reasons) or None)
    if isinstance(decision, o.Wait):
        return StateChange(
            SetStateStatus.WAIT, run, current, decision.reason, decision.delay_seconds
        )
    assert not isinstance(decision, o.Accept), "an Accept always writes its state"
    status = SetStateStatus.REJECT if isinstance(decision, o.Reject) else SetStateStatus.ABORT
    return StateChange(status, run, current, decision.reason)


def _write_status(proposed: o.StateSnapshot, written_type: StateType) -> SetStateStatus:
    """ACCEPT when the state written has the proposed type; REJECT when another was
    written instead (a retry, a cache hit, a pause), as Prefect reports it. Derived
    from what was written, so a replayed transition id answers as the first call did."""
    return SetStateStatus.ACCEPT if written_type == proposed.type else SetStateStatus.REJECT


def _state_model(run: Run) -> type[StateRow]:
    return m.FlowRunState if isinstance(run, m.FlowRun) else m.TaskRunState


def _run_foreign_key(state_model: type[StateRow]) -> Any:
    return (
        m.FlowRunState.flow_run_id if state_model is m.FlowRunState else m.TaskRunState.task_run_id
    )


async def _state_by_transition_id(
    session: AsyncSession, run: Run, transition_id: str
) -> StateRow | None:
    state_model = _state_model(run)
    statement = sa.select(state_model).where(
        _run_foreign_key(state_model) == run.id, state_model.transition_id == transition_id
    )
    return await session.scalar(statement)  # type: ignore[no-any-return]


def snapshot_of(row: StateRow) -> o.StateSnapshot:
    return o.StateSnapshot(
        type=row.type,
        name=row.name,
        timestamp=row.timestamp,
        message=row.message,
        scheduled_time=row.scheduled_time,
        details=row.details or {},
        data=row.data,
    )


async def _run_snapshot(session: AsyncSession, run: Run) -> o.RunSnapshot:
    policy = run.empirical_policy or {}
    flow_run_state = None
    if isinstance(run, m.TaskRun) and run.flow_run_id is not None:
        flow_run_state = await _flow_run_state_snapshot(session, run.flow_run_id)
    return o.RunSnapshot(
        kind=o.RunKind.FLOW_RUN if isinstance(run, m.FlowRun) else o.RunKind.TASK_RUN,
        run_count=run.run_count,
        start_time=run.start_time,
        end_time=run.end_time,
        total_run_time=run.total_run_time,
        retry_policy=o.RetryPolicy(
            retries=int(policy.get("retries", 0)),
            retry_delay_seconds=tuple(policy.get("retry_delay_seconds", ())),
            retry_jitter_factor=policy.get("retry_jitter_factor"),
        ),
        flow_run_state=flow_run_state,
    )


async def _flow_run_state_snapshot(
    session: AsyncSession, flow_run_id: uuid.UUID
) -> o.StateSnapshot | None:
    """The whole current state row: rules read its details (a pause's timeout)."""
    statement = (
        sa.select(m.FlowRunState)
        .join(m.FlowRun, m.FlowRun.state_id == m.FlowRunState.id)
        .where(m.FlowRun.id == flow_run_id)
    )
    row = await session.scalar(statement)
    return None if row is None else snapshot_of(row)


async def _emit_state_event(
    session: AsyncSession, run: Run, initial: StateRow | None, row: StateRow, intended: StateType
) -> None:
    if isinstance(run, m.FlowRun):
        facts = RunFacts("flow-run", run.id, run.name, run.tags, flow_id=run.flow_id)
        channel = outbox.FLOW_RUNS_CHANNEL
    else:
        facts = RunFacts("task-run", run.id, run.name, run.tags, flow_run_id=run.flow_run_id)
        channel = outbox.task_runs_channel(run.flow_run_id)
    before = None if initial is None else StateFacts.of(initial)
    event = state_event(facts, before, StateFacts.of(row), intended.value)
    await outbox.emit(session, [event], [channel])


def _write_state(
    session: AsyncSession,
    run: Run,
    state_model: type[StateRow],
    state: o.StateSnapshot,
    transition_id: str | None,
) -> StateRow:
    row = state_model(
        id=new_id(),
        type=state.type,
        name=state.name,
        message=state.message,
        timestamp=state.timestamp,
        scheduled_time=state.scheduled_time,
        details=dict(state.details),
        data=state.data,
        transition_id=transition_id,
    )
    setattr(row, _run_foreign_key(state_model).key, run.id)
    session.add(row)
    return row


def _apply_run_updates(run: Run, state: StateRow, updates: o.RunUpdates) -> None:
    run.state_id = state.id
    run.state_type = state.type
    run.state_name = state.name
    run.state_timestamp = state.timestamp
    run.run_count = updates.run_count
    run.start_time = updates.start_time
    run.end_time = updates.end_time
    run.total_run_time = updates.total_run_time
    if updates.expected_start_time is not None:
        run.expected_start_time = updates.expected_start_time
