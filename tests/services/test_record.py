"""Recording batches of client-orchestrated task runs: upserts, idempotent states,
conflicts, all-or-nothing, and how fast a large flow records (printed, not asserted)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from flowql.core.errors import ConflictError, InvalidInputError, NotFoundError
from flowql.core.states import StateType
from flowql.db import models as m
from flowql.db.database import Database
from flowql.services import flows, record
from flowql.services.runs import RetrySettings
from tests.services.factories import (
    count_rows,
    make_flow_run,
    make_task_run,
    reload,
    task_run_states,
)

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def state(type: StateType, seconds: float, **fields: Any) -> record.StateRecord:
    return record.StateRecord(
        id=uuid.uuid4(), type=type, name=type.default_name, timestamp=at(seconds), **fields
    )


def task_run(
    flow_run_id: uuid.UUID | None, key: str = "0", *states: record.StateRecord, **fields: Any
) -> record.TaskRunRecord:
    fields.setdefault("id", uuid.uuid4())
    return record.TaskRunRecord(
        flow_run_id=flow_run_id, task_key="add", dynamic_key=key, states=states, **fields
    )


def completed_run(flow_run_id: uuid.UUID, key: str) -> record.TaskRunRecord:
    return task_run(
        flow_run_id,
        key,
        state(StateType.PENDING, 0),
        state(StateType.RUNNING, 1),
        state(StateType.COMPLETED, 2),
        run_count=1,
        start_time=at(1),
        end_time=at(2),
        total_run_time=1.0,
    )


async def test_a_batch_inserts_runs_with_their_states_and_current_state(db: Database) -> None:
    flow_run = await make_flow_run(db)
    runs = [completed_run(flow_run.id, str(n)) for n in range(3)]

    result = await record.record_task_runs(db, runs)

    assert result == record.RecordResult(count=3, state_count=9)
    stored = await reload(db, m.TaskRun, runs[0].id)
    assert (stored.state_type, stored.state_name, stored.state_id) == (
        StateType.COMPLETED,
        "Completed",
        runs[0].states[-1].id,
    )
    assert stored.state_timestamp == at(2)
    assert (stored.run_count, stored.start_time, stored.end_time) == (1, at(1), at(2))
    assert stored.name == "add"
    history = await task_run_states(db, runs[0].id)
    assert [row.id for row in history] == [s.id for s in runs[0].states]


async def test_a_later_batch_updates_the_run_and_appends_states(db: Database) -> None:
    flow_run = await make_flow_run(db)
    first = task_run(flow_run.id, "0", state(StateType.PENDING, 0), tags=["a"])
    await record.record_task_runs(db, [first])
    later = task_run(
        flow_run.id,
        "0",
        state(StateType.RUNNING, 1),
        state(StateType.FAILED, 2, message="boom"),
        id=first.id,
        tags=["a", "b"],
        run_count=1,
        retry=RetrySettings(retries=2, retry_delay_seconds=(5,)),
    )

    result = await record.record_task_runs(db, [later])

    assert result.state_count == 2
    stored = await reload(db, m.TaskRun, first.id)
    assert (stored.state_type, stored.tags, stored.run_count) == (StateType.FAILED, ["a", "b"], 1)
    assert stored.empirical_policy["retries"] == 2
    history = await task_run_states(db, first.id)
    assert [row.type for row in history] == [StateType.PENDING, StateType.RUNNING, StateType.FAILED]
    assert history[-1].message == "boom"


async def test_a_run_without_new_states_keeps_its_current_state(db: Database) -> None:
    flow_run = await make_flow_run(db)
    first = task_run(flow_run.id, "0", state(StateType.RUNNING, 0))
    await record.record_task_runs(db, [first])

    await record.record_task_runs(db, [task_run(flow_run.id, "0", id=first.id, run_count=1)])

    stored = await reload(db, m.TaskRun, first.id)
    assert (stored.state_type, stored.state_id, stored.run_count) == (
        StateType.RUNNING,
        first.states[0].id,
        1,
    )


async def test_retrying_a_batch_writes_nothing_twice(db: Database) -> None:
    flow_run = await make_flow_run(db)
    batch = [completed_run(flow_run.id, str(n)) for n in range(2)]
    await record.record_task_runs(db, batch)

    again = await record.record_task_runs(db, batch)

    assert again == record.RecordResult(count=2, state_count=0)
    assert await count_rows(db, m.TaskRun) == 2
    assert await count_rows(db, m.TaskRunState) == 6


async def test_a_late_retry_does_not_move_a_run_back(db: Database) -> None:
    flow_run = await make_flow_run(db)
    early = task_run(flow_run.id, "0", state(StateType.RUNNING, 0))
    late = task_run(flow_run.id, "0", *early.states, state(StateType.COMPLETED, 1), id=early.id)
    await record.record_task_runs(db, [late])  # the retry merged with newer states won

    await record.record_task_runs(db, [early])  # the first attempt arrives after all

    stored = await reload(db, m.TaskRun, early.id)
    assert stored.state_type is StateType.COMPLETED


async def test_history_keeps_the_given_order_when_clocks_disagree(db: Database) -> None:
    flow_run = await make_flow_run(db)
    first = task_run(flow_run.id, "0", state(StateType.PENDING, 10), state(StateType.RUNNING, 10))
    await record.record_task_runs(db, [first])
    then = task_run(flow_run.id, "0", state(StateType.COMPLETED, 5), id=first.id)

    await record.record_task_runs(db, [then])

    history = await task_run_states(db, first.id)
    assert [row.type for row in history] == [
        StateType.PENDING,
        StateType.RUNNING,
        StateType.COMPLETED,
    ]
    assert history[0].timestamp < history[1].timestamp < history[2].timestamp
    stored = await reload(db, m.TaskRun, first.id)
    assert stored.state_timestamp == history[2].timestamp


async def test_a_key_taken_by_another_id_refuses_the_whole_batch(db: Database) -> None:
    flow_run = await make_flow_run(db)
    existing = await make_task_run(db, flow_run, task_key="add", dynamic_key="7")
    fine = completed_run(flow_run.id, "1")

    with pytest.raises(ConflictError) as raised:
        await record.record_task_runs(db, [fine, completed_run(flow_run.id, "7")])

    assert "'add'" in raised.value.message and "'7'" in raised.value.message
    assert str(existing.id) in raised.value.message
    assert raised.value.field == ("taskRuns", "1", "id")
    assert await count_rows(db, m.TaskRun) == 1


async def test_an_id_cannot_change_its_key(db: Database) -> None:
    flow_run = await make_flow_run(db)
    first = completed_run(flow_run.id, "0")
    await record.record_task_runs(db, [first])

    with pytest.raises(ConflictError, match="already has"):
        await record.record_task_runs(db, [task_run(flow_run.id, "other", id=first.id)])


async def test_two_ids_with_one_key_in_a_batch_are_a_conflict(db: Database) -> None:
    flow_run = await make_flow_run(db)

    with pytest.raises(ConflictError, match="share"):
        await record.record_task_runs(
            db, [completed_run(flow_run.id, "0"), completed_run(flow_run.id, "0")]
        )


async def test_an_unknown_flow_run_is_named_and_nothing_is_written(db: Database) -> None:
    flow_run = await make_flow_run(db)
    unknown = uuid.uuid4()

    with pytest.raises(NotFoundError) as raised:
        await record.record_task_runs(
            db, [completed_run(flow_run.id, "0"), completed_run(unknown, "0")]
        )

    assert str(unknown) in raised.value.message
    assert raised.value.field == ("taskRuns", "1", "flowRunId")
    assert await count_rows(db, m.TaskRun) == 0


async def test_task_runs_outside_a_flow_run(db: Database) -> None:
    runs = [task_run(None, "0", state(StateType.COMPLETED, 0)) for _ in range(2)]

    result = await record.record_task_runs(db, runs)

    assert result.count == 2
    assert await count_rows(db, m.TaskRun) == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"run_count": -1}, "runCount"),
        ({"tags": [""]}, "tags"),
        ({"retry": RetrySettings(retries=-1)}, "retries"),
        ({"name": " "}, "name"),
    ],
)
async def test_invalid_records_name_their_index(
    sqlite_db: Database, fields: dict[str, Any], field: str
) -> None:
    flow_run = await make_flow_run(sqlite_db)
    runs = [completed_run(flow_run.id, "0"), task_run(flow_run.id, "1", **fields)]

    with pytest.raises(InvalidInputError) as raised:
        await record.record_task_runs(sqlite_db, runs)

    assert raised.value.field == ("taskRuns", "1", field)


async def test_a_batch_is_capped(sqlite_db: Database) -> None:
    runs = [task_run(None, str(n)) for n in range(record.MAX_TASK_RUN_BATCH + 1)]

    with pytest.raises(InvalidInputError, match="limit is 5000"):
        await record.record_task_runs(sqlite_db, runs)


async def test_create_flow_records_the_latest_signature(db: Database) -> None:
    first = await flows.create_flow(db, name="etl", description="d", tags=["a"], version="1")

    second = await flows.create_flow(
        db, name="etl", parameter_schema={"type": "object"}, version="2"
    )

    assert second.id == first.id
    stored = await reload(db, m.Flow, first.id)
    assert (stored.description, stored.tags, stored.version) == ("d", ["a"], "2")
    assert stored.parameter_schema == {"type": "object"}


async def test_recording_speed(db: Database) -> None:
    """10,000 task runs of 3 states in batches of 1,000 (the number is printed)."""
    flow_run = await make_flow_run(db)
    runs = [completed_run(flow_run.id, str(n)) for n in range(10_000)]

    started = time.perf_counter()
    for start in range(0, len(runs), 1_000):
        await record.record_task_runs(db, runs[start : start + 1_000])
    elapsed = time.perf_counter() - started

    print(f"\n{db.dialect}: 10,000 task runs + 30,000 states recorded in {elapsed:.2f}s")
    assert await count_rows(db, m.TaskRunState) == 30_000
