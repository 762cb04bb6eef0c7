"""Every (from, to) pair for flow runs and task runs, against tables written by hand.

Codes: A = Accept, R = Reject, W = Wait, X = Abort. Rows are the current
state (``None`` = a new run), columns the proposed state type. Initial states
carry default names; a SCHEDULED initial state was due a minute ago; the run
has no retries left; a task's flow run is RUNNING.
"""

from __future__ import annotations

import pytest
from orchestration_factories import FLOW, NOW, TASK, decide, seconds, state

from flowql.core.states import StateName, StateType
from flowql.orchestration import Abort, Accept, Reject, RunKind, StateSnapshot, Wait

CODES: dict[str, type] = {"A": Accept, "R": Reject, "W": Wait, "X": Abort}

COLUMNS = "SCHEDULED PENDING RUNNING COMPLETED FAILED CANCELLED CANCELLING CRASHED PAUSED"

FLOW_TABLE = """
None        A A A A A A A A X
SCHEDULED   X A A A A A A A R
PENDING     X X A A A A A A R
RUNNING     X X X A A A A A A
COMPLETED   R R R R R R R R R
FAILED      R R R R R R R R R
CANCELLED   R R R R R R R R R
CANCELLING  R R R A A A R A R
CRASHED     R R R R R R R R R
PAUSED      A R A R A A A A R
"""

TASK_TABLE = """
None        A A A A A A A A X
SCHEDULED   X A A A A A A A X
PENDING     X X A A A A A A X
RUNNING     X X X A A A A A X
COMPLETED   R R R R R R R R R
FAILED      R R R R R R R R R
CANCELLED   R R R R R R R R R
CANCELLING  R R R A A A R A R
CRASHED     R R R R R R R R R
PAUSED      A A A A A A A A X
"""

# Named proposals the plain tables cannot show: (kind, from, to type, to name, code).
NAMED_PAIRS = [
    (FLOW, "FAILED", "SCHEDULED", StateName.AWAITING_RETRY, "A"),
    (FLOW, "CRASHED", "SCHEDULED", StateName.AWAITING_RETRY, "A"),
    (FLOW, "CANCELLED", "SCHEDULED", StateName.AWAITING_RETRY, "A"),
    (FLOW, "COMPLETED", "SCHEDULED", StateName.AWAITING_RETRY, "R"),
    (FLOW, "RUNNING", "SCHEDULED", StateName.AWAITING_RETRY, "A"),
    (FLOW, "PENDING", "SCHEDULED", StateName.AWAITING_RETRY, "X"),
    (FLOW, "SCHEDULED", "SCHEDULED", StateName.AWAITING_RETRY, "X"),
    (FLOW, "None", "SCHEDULED", StateName.LATE, "A"),
    (FLOW, "SCHEDULED", "SCHEDULED", StateName.LATE, "A"),
    (FLOW, "PENDING", "SCHEDULED", StateName.LATE, "R"),
    (FLOW, "RUNNING", "SCHEDULED", StateName.LATE, "R"),
    (FLOW, "PAUSED", "SCHEDULED", StateName.LATE, "R"),
    (FLOW, "RUNNING", "RUNNING", StateName.RETRYING, "X"),
    (FLOW, "RUNNING", "PAUSED", StateName.SUSPENDED, "A"),
    (FLOW, "PENDING", "PAUSED", StateName.SUSPENDED, "R"),
    (TASK, "FAILED", "SCHEDULED", StateName.AWAITING_RETRY, "R"),
    (TASK, "CRASHED", "SCHEDULED", StateName.AWAITING_RETRY, "R"),
    (TASK, "RUNNING", "SCHEDULED", StateName.AWAITING_RETRY, "A"),
    (TASK, "SCHEDULED", "SCHEDULED", StateName.LATE, "A"),
    (TASK, "RUNNING", "SCHEDULED", StateName.LATE, "R"),
]


def parse(table: str) -> dict[tuple[str, str], str]:
    expected = {}
    for line in table.strip().splitlines():
        row, *codes = line.split()
        expected.update(
            {(row, col): code for col, code in zip(COLUMNS.split(), codes, strict=True)}
        )
    return expected


def initial_state(row: str) -> StateSnapshot | None:
    if row == "None":
        return None
    type_ = StateType(row)
    scheduled = NOW - seconds(60) if type_ is StateType.SCHEDULED else None
    return state(type_, at=NOW - seconds(120), scheduled_time=scheduled)


def all_pairs(table: str, kind: RunKind) -> list[tuple[RunKind, str, str, str]]:
    return [(kind, row, col, code) for (row, col), code in parse(table).items()]


PAIRS = all_pairs(FLOW_TABLE, FLOW) + all_pairs(TASK_TABLE, TASK)


@pytest.mark.parametrize("table", [FLOW_TABLE, TASK_TABLE])
def test_tables_cover_every_pair(table: str) -> None:
    rows = {"None", *StateType}
    assert set(parse(table)) == {(row, col) for row in rows for col in StateType}


@pytest.mark.parametrize(("kind", "row", "col", "code"), PAIRS)
def test_pair(kind: RunKind, row: str, col: str, code: str) -> None:
    result = decide(kind, initial_state(row), state(StateType(col)))

    assert type(result.decision) is CODES[code], result.decision
    assert (result.run_updates is not None) == (code == "A")


@pytest.mark.parametrize(("kind", "row", "col", "code"), PAIRS)
def test_forced_pair_is_accepted_as_proposed(kind: RunKind, row: str, col: str, code: str) -> None:
    proposed = state(StateType(col))

    result = decide(kind, initial_state(row), proposed, force=True)

    assert result.decision == Accept(proposed)
    assert result.run_updates is not None


@pytest.mark.parametrize(("kind", "row", "col", "name", "code"), NAMED_PAIRS)
def test_named_pair(kind: RunKind, row: str, col: str, name: str, code: str) -> None:
    result = decide(kind, initial_state(row), state(StateType(col), name))

    assert type(result.decision) is CODES[code], result.decision
