"""Many clients propose conflicting transitions on one run at the same moment.

Exactly one proposal wins, every other one gets a REJECT or ABORT with a
reason, exactly one state row is written, and no client sees an exception
("database is locked", a deadlock, an IntegrityError). Clients are asyncio
tasks sharing one Database, and (the cross-process case SQLite's own locking
must handle) OS processes sharing one database file.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from asyncio.subprocess import Process
from collections import Counter
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any

import pytest

from flowql.core.states import StateType
from flowql.db import models as m
from flowql.db.database import Database
from flowql.services import flows, runs, states
from tests.services.factories import (
    count_rows,
    flow_run_in,
    flow_run_states,
    make_flow,
    make_task_run,
    reload,
    state,
    task_run_states,
)

CLIENTS = 50
PROCESSES = 5
ROOT = Path(__file__).resolve().parents[2]

RUNNING_RACE = ([StateType.RUNNING] * CLIENTS, StateType.PENDING, "ABORT")
FINISH_RACE = (
    [StateType.COMPLETED, StateType.FAILED] * (CLIENTS // 2),
    StateType.RUNNING,
    "REJECT",
)
RACES = {"pending-to-running": RUNNING_RACE, "running-to-finished": FINISH_RACE}


async def _run_at(db: Database, kind: str, start: StateType) -> tuple[str, uuid.UUID]:
    """A flow run or task run in PENDING (``start`` PENDING) or RUNNING."""
    if kind == "flow":
        types = [StateType.RUNNING] if start is StateType.RUNNING else []
        return "flow-state", (await flow_run_in(db, *types)).id
    task_run = await make_task_run(db, await flow_run_in(db, StateType.RUNNING))
    if start is StateType.RUNNING:
        await states.set_task_run_state(db, task_run.id, state(StateType.RUNNING))
    return "task-state", task_run.id


async def _history(db: Database, operation: str, run_id: uuid.UUID) -> list[Any]:
    if operation == "flow-state":
        return await flow_run_states(db, run_id)
    return await task_run_states(db, run_id)


async def _check_outcome(
    db: Database,
    operation: str,
    run_id: uuid.UUID,
    before: Sequence[Any],
    results: Sequence[dict[str, Any]],
    losers: str,
) -> None:
    errors = [result["error"] for result in results if "error" in result]
    assert not errors, errors
    assert Counter(result["status"] for result in results) == {
        "ACCEPT": 1,
        losers: CLIENTS - 1,
    }
    assert all(r["reason"] for r in results if r["status"] != "ACCEPT")
    (winner,) = [r for r in results if r["status"] == "ACCEPT"]
    known = {row.id for row in before}
    new_rows = [row for row in await _history(db, operation, run_id) if row.id not in known]
    assert [str(row.id) for row in new_rows] == [winner["state_id"]]
    model = m.FlowRun if operation == "flow-state" else m.TaskRun
    run = await reload(db, model, run_id)
    (row,) = new_rows
    assert (run.state_id, run.state_type, run.state_name, run.state_timestamp) == (
        row.id,
        row.type,
        row.name,
        row.timestamp,
    )


async def _in_tasks(calls: Sequence[Awaitable[dict[str, Any]]]) -> list[dict[str, Any]]:
    results = await asyncio.gather(*calls, return_exceptions=True)
    return [
        {"error": f"{type(r).__name__}: {r}"} if isinstance(r, BaseException) else r
        for r in results
    ]


async def _state_call(db: Database, operation: str, run_id: uuid.UUID, type: StateType) -> Any:
    setter = states.set_flow_run_state if operation == "flow-state" else states.set_task_run_state
    change = await setter(db, run_id, state(type))
    return {"status": str(change.status), "reason": change.reason, "state_id": str(change.state.id)}


@pytest.mark.parametrize("kind", ["flow", "task"])
@pytest.mark.parametrize("race", RACES)
async def test_conflicting_proposals_in_one_process(db: Database, race: str, kind: str) -> None:
    proposals, start, losers = RACES[race]
    operation, run_id = await _run_at(db, kind, start)
    before = await _history(db, operation, run_id)

    results = await _in_tasks([_state_call(db, operation, run_id, t) for t in proposals])

    await _check_outcome(db, operation, run_id, before, results, losers)


async def test_same_idempotency_key_in_one_process_creates_one_run(db: Database) -> None:
    flow = await make_flow(db)
    spec = runs.FlowRunCreate(flow.id, idempotency_key="same")

    async def create() -> dict[str, Any]:
        run, created = await runs.create_flow_run(db, spec)
        return {"run_id": str(run.id), "created": created}

    results = await _in_tasks([create() for _ in range(CLIENTS)])

    _check_one_run_created(results)
    assert await _flow_run_count(db, flow.id) == 1


def _check_one_run_created(results: Sequence[dict[str, Any]]) -> None:
    errors = [result["error"] for result in results if "error" in result]
    assert not errors, errors
    assert len({result["run_id"] for result in results}) == 1
    assert sum(result["created"] for result in results) == 1


async def _flow_run_count(db: Database, flow_id: uuid.UUID) -> int:
    return await count_rows(db, m.FlowRun, m.FlowRun.flow_id == flow_id)


async def _spawn(url: str, operation: str, target: uuid.UUID, args: list[str]) -> Process:
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    command = ["-m", "tests.services.proposer", url, operation, str(target), *args]
    pipe = asyncio.subprocess.PIPE
    return await asyncio.create_subprocess_exec(
        sys.executable, *command, stdin=pipe, stdout=pipe, stderr=pipe, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": pythonpath},
    )  # fmt: skip


async def _in_processes(db: Database, operation: str, target: uuid.UUID, args: list[str]) -> Any:
    """Split ``args`` over PROCESSES client processes, start them together, collect."""
    url = db.engine.url.render_as_string(hide_password=False)
    procs = [await _spawn(url, operation, target, args[i::PROCESSES]) for i in range(PROCESSES)]
    try:
        for proc in procs:
            assert proc.stdout is not None
            ready = await asyncio.wait_for(proc.stdout.readline(), timeout=20)
            assert ready == b"ready\n", ready + (await proc.stderr.read() if proc.stderr else b"")
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            await proc.stdin.drain()
        outputs = await asyncio.wait_for(
            asyncio.gather(*(proc.communicate() for proc in procs)), timeout=60
        )
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    results: list[dict[str, Any]] = []
    for proc, (stdout, stderr) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, stderr.decode()
        results.extend(json.loads(line) for line in stdout.decode().splitlines())
    assert len(results) == len(args)
    return results


@pytest.mark.parametrize("race", RACES)
async def test_conflicting_proposals_from_several_processes(db: Database, race: str) -> None:
    proposals, start, losers = RACES[race]
    operation, run_id = await _run_at(db, "flow", start)
    before = await _history(db, operation, run_id)

    results = await _in_processes(db, operation, run_id, [str(t) for t in proposals])

    await _check_outcome(db, operation, run_id, before, results, losers)


async def test_same_idempotency_key_from_several_processes_creates_one_run(db: Database) -> None:
    flow = await make_flow(db)

    results = await _in_processes(db, "create-flow-run", flow.id, ["same"] * CLIENTS)

    _check_one_run_created(results)
    assert await _flow_run_count(db, flow.id) == 1


async def test_concurrent_retries_of_one_transition_id_write_one_row(db: Database) -> None:
    run = await flow_run_in(db, StateType.RUNNING)

    async def propose() -> dict[str, Any]:
        change = await states.set_flow_run_state(
            db, run.id, state(StateType.COMPLETED), transition_id="finish"
        )
        return {"status": str(change.status), "state_id": str(change.state.id)}

    results = await _in_tasks([propose() for _ in range(CLIENTS)])

    assert not [result["error"] for result in results if "error" in result]
    assert {(result["status"], result["state_id"]) for result in results} == {
        ("ACCEPT", str((await reload(db, m.FlowRun, run.id)).state_id))
    }
    assert len(await flow_run_states(db, run.id)) == 3


async def test_same_task_run_identity_in_one_process_creates_one_run(db: Database) -> None:
    flow_run = await flow_run_in(db, StateType.RUNNING)
    spec = runs.TaskRunCreate(flow_run_id=flow_run.id, task_key="t", dynamic_key="0")

    async def create() -> dict[str, Any]:
        run, created = await runs.create_task_run(db, spec)
        return {"run_id": str(run.id), "created": created}

    results = await _in_tasks([create() for _ in range(CLIENTS)])

    _check_one_run_created(results)
    (task_run_id,) = {uuid.UUID(result["run_id"]) for result in results}
    assert len(await task_run_states(db, task_run_id)) == 1


async def test_same_flow_name_in_one_process_creates_one_flow(db: Database) -> None:
    async def create() -> dict[str, Any]:
        flow = await flows.create_flow(db, name="shared-name")
        return {"run_id": str(flow.id)}

    results = await _in_tasks([create() for _ in range(CLIENTS)])

    assert not [result["error"] for result in results if "error" in result]
    assert len({result["run_id"] for result in results}) == 1
    assert await count_rows(db, m.Flow) == 1
