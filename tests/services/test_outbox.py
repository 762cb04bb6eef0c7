"""The outbox: every run state change and every flow / flow run lifecycle change
stores its event in the same transaction, and wakes the bus only after commit."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from flowql.core.states import StateType
from flowql.db import models as m
from flowql.db.database import Database
from flowql.services import flows, record, runs, states
from tests.services.factories import make_flow, make_flow_run, state
from tests.services.test_record import completed_run


async def stored_events(db: Database) -> list[m.Event]:
    async with db.session() as session:
        return list(await session.scalars(sa.select(m.Event).order_by(m.Event.tx, m.Event.seq)))


async def test_a_flow_runs_states_are_events_that_follow_each_other(db: Database) -> None:
    flow = await make_flow(db, "etl")
    run = await make_flow_run(db, flow, tags=["nightly"])
    await states.set_flow_run_state(db, run.id, state(StateType.RUNNING))
    await states.set_flow_run_state(db, run.id, state(StateType.COMPLETED))

    events = [e for e in await stored_events(db) if e.event.startswith("flowql.flow-run.")]

    assert [e.event for e in events] == [
        "flowql.flow-run.Pending", "flowql.flow-run.Running", "flowql.flow-run.Completed",
    ]  # fmt: skip
    async with db.session() as session:
        state_ids = (
            await session.scalars(
                sa.select(m.FlowRunState.id)
                .where(m.FlowRunState.flow_run_id == run.id)
                .order_by(m.FlowRunState.timestamp)
            )
        ).all()
    assert [e.id for e in events] == list(state_ids)
    assert [e.follows for e in events] == [None, *state_ids[:2]]
    completed = events[-1]
    assert completed.resource_id == f"flowql.flow-run.{run.id}"
    assert completed.resource["flowql.state-type"] == "COMPLETED"
    assert completed.resource["flowql.resource.name"] == run.name
    assert {r["flowql.resource.id"]: r["flowql.resource.role"] for r in completed.related} == {
        f"flowql.flow.{flow.id}": "flow",
        "flowql.tag.nightly": "tag",
    }
    assert completed.payload["intended"] == {"from": "RUNNING", "to": "COMPLETED"}
    assert events[0].payload["initial_state"] is None


async def test_a_refused_proposal_stores_no_event(db: Database) -> None:
    run = await make_flow_run(db)
    before = len(await stored_events(db))

    change = await states.set_flow_run_state(db, run.id, state(StateType.PENDING))

    assert change.status is not states.SetStateStatus.ACCEPT
    assert len(await stored_events(db)) == before


async def test_recorded_task_runs_emit_one_event_per_state_once(db: Database) -> None:
    flow_run = await make_flow_run(db)
    batch = [completed_run(flow_run.id, str(n)) for n in range(3)]

    await record.record_task_runs(db, batch)
    await record.record_task_runs(db, batch)  # a retried batch

    events = [e for e in await stored_events(db) if e.event.startswith("flowql.task-run.")]
    assert len(events) == 9
    assert {e.id for e in events} == {s.id for r in batch for s in r.states}
    first = batch[0]
    chain = [e for e in events if e.resource_id == f"flowql.task-run.{first.id}"]
    assert [e.event for e in chain] == [
        "flowql.task-run.Pending", "flowql.task-run.Running", "flowql.task-run.Completed",
    ]  # fmt: skip
    assert [e.follows for e in chain] == [None, first.states[0].id, first.states[1].id]
    # Stored small: labels, related resources and payload are rebuilt from the rows.
    assert (chain[0].resource, chain[0].related, chain[0].payload) == ({}, [], {})


async def test_flow_and_flow_run_lifecycle_events(db: Database) -> None:
    flow = await flows.create_flow(db, name="etl")
    await flows.create_flow(db, name="etl")  # nothing changed: no event
    await flows.create_flow(db, name="etl", version="2")
    await flows.update_flow(db, flow.id, tags=["a"])
    run = await make_flow_run(db, flow)
    await runs.delete_flow_run(db, run.id)
    await flows.delete_flow(db, flow.id)

    names = [(e.event, e.payload) for e in await stored_events(db) if "flow-run.P" not in e.event]
    assert names == [
        ("flowql.flow.created", {}),
        ("flowql.flow.updated", {"fields": ["version"]}),
        ("flowql.flow.updated", {"fields": ["tags"]}),
        ("flowql.flow-run.deleted", {}),
        ("flowql.flow.deleted", {}),
    ]


async def test_channels_are_woken_after_commit_and_not_after_rollback(db: Database) -> None:
    woken: list[frozenset[str]] = []

    async def listener(channels: frozenset[str]) -> None:
        async with db.session() as session:  # the change is visible when woken
            count = await session.scalar(sa.select(sa.func.count()).select_from(m.Event))
        woken.append(channels | {f"events={count}"})

    db.on_commit(listener)
    run = await make_flow_run(db)
    assert woken[-1] >= {"events", "flow_runs"}
    events_then = len(await stored_events(db))
    assert f"events={events_then}" in woken[-1]

    woken.clear()
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await states.propose_state(session, run, None, state(StateType.RUNNING))
            raise RuntimeError("the caller fails after proposing")
    assert woken == []
    assert len(await stored_events(db)) == events_then


async def test_events_are_numbered_in_insertion_order(db: Database) -> None:
    for _ in range(3):
        await make_flow_run(db)
    events = await stored_events(db)
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    if db.dialect == "postgresql":
        assert all(e.tx > 0 for e in events)  # the inserting transaction's id
    else:
        assert {e.tx for e in events} == {0}


async def test_task_run_events_follow_across_batches_in_batch_order(db: Database) -> None:
    """On SQLite the database builds these events from the state rows, on PostgreSQL
    Python does: both must store the same rows."""
    flow_run = await make_flow_run(db)
    first, second = completed_run(flow_run.id, "a"), completed_run(flow_run.id, "b")
    pending_only = [dataclasses.replace(run, states=run.states[:1]) for run in (first, second)]
    await record.record_task_runs(db, pending_only)
    await record.record_task_runs(db, [dataclasses.replace(second, states=second.states[1:])])
    await record.record_task_runs(db, [dataclasses.replace(first, states=first.states[1:])])

    events = [e for e in await stored_events(db) if e.event.startswith("flowql.task-run.")]
    order = [first.states[0], second.states[0], *second.states[1:], *first.states[1:]]
    assert [e.id for e in events] == [s.id for s in order]
    by_id = {e.id: e for e in events}
    for run in (first, second):
        chain = [by_id[s.id] for s in run.states]
        assert [e.follows for e in chain] == [None, run.states[0].id, run.states[1].id]
        assert {e.resource_id for e in chain} == {f"flowql.task-run.{run.id}"}
        assert [e.occurred for e in chain] == [s.timestamp for s in run.states]
        assert [e.event for e in chain] == [f"flowql.task-run.{s.name}" for s in run.states]
        assert all(e.flow_run_id == flow_run.id and e.received is not None for e in chain)
        assert all((e.resource, e.related, e.payload) == ({}, [], {}) for e in chain)
