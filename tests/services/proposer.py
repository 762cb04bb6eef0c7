"""A client process for the concurrency tests: ``python -m tests.services.proposer``.

It opens its own Database on the URL, says ``ready`` on stdout, waits for a
line on stdin (so that every process starts at once), runs one operation per
argument concurrently on asyncio tasks, and prints one JSON object per
operation. Exceptions are reported as data, so the test can show them all.

    python -m tests.services.proposer URL flow-state RUN_ID RUNNING RUNNING ...
    python -m tests.services.proposer URL task-state RUN_ID COMPLETED FAILED ...
    python -m tests.services.proposer URL create-flow-run FLOW_ID KEY KEY ...
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from flowql.core.states import StateType
from flowql.core.time import utcnow
from flowql.db.database import Database
from flowql.orchestration import StateSnapshot
from flowql.services import runs, states

Operation = Callable[[Database, uuid.UUID, str], Awaitable[dict[str, Any]]]


async def _set_state(setter: Any, db: Database, run_id: uuid.UUID, type: str) -> dict[str, Any]:
    proposed = StateSnapshot(type=StateType(type), name=StateType(type).default_name,
                             timestamp=utcnow())  # fmt: skip
    change = await setter(db, run_id, proposed)
    return {"status": str(change.status), "reason": change.reason, "state_id": str(change.state.id)}


async def flow_state(db: Database, run_id: uuid.UUID, type: str) -> dict[str, Any]:
    return await _set_state(states.set_flow_run_state, db, run_id, type)


async def task_state(db: Database, run_id: uuid.UUID, type: str) -> dict[str, Any]:
    return await _set_state(states.set_task_run_state, db, run_id, type)


async def create_flow_run(db: Database, flow_id: uuid.UUID, key: str) -> dict[str, Any]:
    run, created = await runs.create_flow_run(db, runs.FlowRunCreate(flow_id, idempotency_key=key))
    return {"run_id": str(run.id), "created": created}


OPERATIONS: dict[str, Operation] = {
    "flow-state": flow_state,
    "task-state": task_state,
    "create-flow-run": create_flow_run,
}


async def _guarded(call: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    try:
        return await call
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}


async def main(url: str, operation: str, target: str, args: list[str]) -> None:
    db = Database(url)
    run = OPERATIONS[operation]
    target_id = uuid.UUID(target)
    try:
        async with db.session() as session:  # connect before the start signal
            await session.connection()
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        results = await asyncio.gather(*(_guarded(run(db, target_id, arg)) for arg in args))
    finally:
        await db.dispose()
    for result in results:
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
