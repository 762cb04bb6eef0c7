"""flowql.states behaves as prefect.states: constructors, predicates, result(),
conversions to the API and to orchestration snapshots, and the helpers."""

from __future__ import annotations

import asyncio
import pickle
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import flowql.states as public
from flowql.core.states import StateType
from flowql.exceptions import (
    CancelledRun,
    CrashedRun,
    FailedRun,
    MissingResult,
    PausedRun,
    TerminationSignal,
    UnfinishedRun,
)
from flowql.orchestration import StateSnapshot
from flowql.sdk import states as s
from flowql.sdk.states import State
from flowql.utilities.annotations import quote

NOW = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)

CONSTRUCTORS: list[tuple[Callable[..., State[Any]], StateType, str]] = [
    (s.Scheduled, StateType.SCHEDULED, "Scheduled"),
    (s.Late, StateType.SCHEDULED, "Late"),
    (s.AwaitingRetry, StateType.SCHEDULED, "AwaitingRetry"),
    (s.AwaitingConcurrencySlot, StateType.SCHEDULED, "AwaitingConcurrencySlot"),
    (s.Pending, StateType.PENDING, "Pending"),
    (s.Running, StateType.RUNNING, "Running"),
    (s.Retrying, StateType.RUNNING, "Retrying"),
    (s.Completed, StateType.COMPLETED, "Completed"),
    (s.Failed, StateType.FAILED, "Failed"),
    (s.TimedOut, StateType.FAILED, "TimedOut"),
    (s.Crashed, StateType.CRASHED, "Crashed"),
    (s.Cancelling, StateType.CANCELLING, "Cancelling"),
    (s.Cancelled, StateType.CANCELLED, "Cancelled"),
    (s.Paused, StateType.PAUSED, "Paused"),
    (s.Suspended, StateType.PAUSED, "Suspended"),
]

PREDICATES = {
    StateType.SCHEDULED: "is_scheduled",
    StateType.PENDING: "is_pending",
    StateType.RUNNING: "is_running",
    StateType.COMPLETED: "is_completed",
    StateType.FAILED: "is_failed",
    StateType.CRASHED: "is_crashed",
    StateType.CANCELLED: "is_cancelled",
    StateType.CANCELLING: "is_cancelling",
    StateType.PAUSED: "is_paused",
}
FINAL = {StateType.COMPLETED, StateType.FAILED, StateType.CRASHED, StateType.CANCELLED}


# -- constructors and predicates ----------------------------------------------------------


@pytest.mark.parametrize(("constructor", "state_type", "name"), CONSTRUCTORS)
def test_constructor_sets_type_name_and_fields(
    constructor: Callable[..., State[Any]], state_type: StateType, name: str
) -> None:
    state = constructor(message="hello", data=42)

    assert (state.type, state.name, state.message, state.data) == (state_type, name, "hello", 42)
    assert state.timestamp.tzinfo is UTC
    assert state.id is None
    assert isinstance(state.state_details, dict)


@pytest.mark.parametrize(("constructor", "state_type", "name"), CONSTRUCTORS)
def test_exactly_one_type_predicate_holds(
    constructor: Callable[..., State[Any]], state_type: StateType, name: str
) -> None:
    state = constructor()

    holding = {t for t, predicate in PREDICATES.items() if getattr(state, predicate)()}
    assert holding == {state_type}
    assert state.is_final() is (state_type in FINAL)


@pytest.mark.parametrize(("constructor", "state_type", "name"), CONSTRUCTORS)
def test_constructor_name_can_be_overridden(
    constructor: Callable[..., State[Any]], state_type: StateType, name: str
) -> None:
    assert constructor(name="Custom").name == "Custom"


def test_state_defaults_name_from_type_and_accepts_a_string_type() -> None:
    state: State[Any] = State("COMPLETED")

    assert state.type is StateType.COMPLETED
    assert state.name == "Completed"


def test_scheduled_time_defaults_to_now_and_can_be_given() -> None:
    before = datetime.now(UTC)
    assert before <= (s.Scheduled().scheduled_time or before) <= datetime.now(UTC)

    state = s.AwaitingRetry(scheduled_time=NOW)
    assert state.scheduled_time == NOW
    assert state.state_details["scheduled_time"] == NOW
    assert state.state_details.scheduled_time == NOW  # attribute access, as Prefect
    assert s.Completed().scheduled_time is None


def test_naive_scheduled_time_is_taken_as_utc() -> None:
    naive = datetime(2030, 1, 1, 12, 0)

    assert s.Scheduled(scheduled_time=naive).scheduled_time == naive.replace(tzinfo=UTC)


def test_scheduled_time_given_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="extra scheduled_time"):
        s.Scheduled(scheduled_time=NOW, state_details={"scheduled_time": NOW})


def test_paused_details() -> None:
    before = datetime.now(UTC)
    state = s.Paused(timeout_seconds=60, pause_key="k")

    assert state.state_details["pause_timeout"] >= before + timedelta(seconds=60)
    assert state.state_details["pause_key"] == "k"
    assert state.state_details["pause_reschedule"] is False
    assert s.Paused(pause_expiration_time=NOW).state_details["pause_timeout"] == NOW
    assert "pause_timeout" not in s.Paused().state_details


def test_paused_rejects_two_timeouts() -> None:
    with pytest.raises(ValueError, match="Cannot supply both"):
        s.Paused(timeout_seconds=1, pause_expiration_time=NOW)
    with pytest.raises(ValueError, match="extra pause timeout"):
        s.Paused(state_details={"pause_timeout": NOW})


def test_suspended_reschedules() -> None:
    state = s.Suspended(timeout_seconds=5)

    assert state.state_details["pause_reschedule"] is True
    assert state.name == "Suspended"


def test_missing_detail_reads_none_as_attribute() -> None:
    details = s.Completed().state_details

    assert details.cache_key is None
    details.cache_key = "abc"
    assert details["cache_key"] == "abc"
    with pytest.raises(AttributeError):
        _ = details._private


# -- result() -------------------------------------------------------------------------------


def test_completed_result_is_the_value() -> None:
    assert s.Completed(data={"a": 1}).result() == {"a": 1}
    assert s.Completed(data=0).result(raise_on_failure=False) == 0
    assert s.Completed().result() is None


@pytest.mark.parametrize(
    ("constructor", "wrapper", "default"),
    [
        (s.Failed, FailedRun, "Run failed."),
        (s.Crashed, CrashedRun, "Run crashed."),
        (s.Cancelled, CancelledRun, "Run cancelled."),
    ],
)
def test_failure_without_exception_raises_wrapper(
    constructor: Callable[..., State[Any]], wrapper: type[Exception], default: str
) -> None:
    with pytest.raises(wrapper, match="went wrong"):
        constructor(message="went wrong").result()
    with pytest.raises(wrapper, match=default):
        constructor().result()
    returned = constructor(message="went wrong").result(raise_on_failure=False)
    assert isinstance(returned, wrapper)
    assert str(returned) == "went wrong"


@pytest.mark.parametrize("constructor", [s.Failed, s.Crashed, s.Cancelled, s.TimedOut])
def test_failure_with_exception_raises_or_returns_it(
    constructor: Callable[..., State[Any]],
) -> None:
    error = ValueError("boom")
    state = constructor(data=error)

    with pytest.raises(ValueError, match="boom") as raised:
        state.result()
    assert raised.value is error
    assert state.result(raise_on_failure=False) is error


def test_failure_with_string_data_raises_wrapper_with_that_string() -> None:
    with pytest.raises(FailedRun, match="the reason"):
        s.Failed(data="the reason", message="other").result()


def test_failure_with_non_exception_data_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="cannot be resolved into an exception"):
        s.Failed(data=42).result()


def test_paused_result_raises_paused_run_with_the_state() -> None:
    state = s.Paused()

    with pytest.raises(PausedRun) as raised:
        state.result()
    assert raised.value.state is state


@pytest.mark.parametrize("constructor", [s.Scheduled, s.Pending, s.Running, s.Cancelling])
def test_unfinished_result_raises(constructor: Callable[..., State[Any]]) -> None:
    with pytest.raises(UnfinishedRun, match="its result is not available"):
        constructor(data=1).result(raise_on_failure=False)


def test_failed_state_holding_failed_states_raises_the_first_failure() -> None:
    error = KeyError("first")
    inner = [s.Completed(data=1), s.Failed(data=error), s.Crashed(data=ValueError("second"))]
    outer = s.Failed(data=inner)

    with pytest.raises(KeyError) as raised:
        outer.result()
    assert raised.value is error
    assert outer.result(raise_on_failure=False) is inner
    assert s.get_state_exception(s.Failed(data=s.Crashed(message="x"))).args == ("x",)


def test_failed_state_holding_only_completed_states_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="none were failed"):
        s.get_state_exception(s.Failed(data=[s.Completed()]))


def test_completed_result_reference_is_missing_here() -> None:
    state = s.Completed(data={"storage_key": "/results/abc"})

    with pytest.raises(MissingResult):
        state.result()
    with pytest.raises(FailedRun, match="no luck"):
        s.Failed(message="no luck", data={"storage_key": "k"}).result()


def test_aresult() -> None:
    assert asyncio.run(s.Completed(data=3).aresult()) == 3


def test_get_state_result() -> None:
    assert s.get_state_result(s.Completed(data=5)) == 5
    assert isinstance(s.get_state_result(s.Failed(), raise_on_failure=False), FailedRun)


# -- exceptions to states ---------------------------------------------------------------------


def test_get_state_exception_of_a_non_failure_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Expected failed or crashed state"):
        s.get_state_exception(s.Completed())


def test_raise_state_exception() -> None:
    s.raise_state_exception(s.Completed())
    s.raise_state_exception(s.Running())
    with pytest.raises(CrashedRun):
        s.raise_state_exception(s.Crashed())
    with pytest.raises(FailedRun):
        asyncio.run(s.araise_state_exception(s.Failed()))
    assert isinstance(asyncio.run(s.aget_state_exception(s.Cancelled())), CancelledRun)


def test_exception_to_failed_state() -> None:
    error = ValueError("boom")
    state = s.exception_to_failed_state(error)

    assert state.is_failed()
    assert state.data is error
    assert state.message == "ValueError: boom"
    assert s.exception_to_failed_state(error, message="Task failed.").message == (
        "Task failed. ValueError: boom"
    )


def test_exception_to_failed_state_uses_the_exception_being_handled() -> None:
    error = KeyError("k")
    try:
        raise error
    except KeyError:
        state = s.exception_to_failed_state()
    assert state.data is error
    with pytest.raises(ValueError, match="no active exception"):
        s.exception_to_failed_state()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (KeyboardInterrupt(), "Execution was aborted by an interrupt signal."),
        (SystemExit(1), "Execution was aborted by Python system exit call."),
        (TerminationSignal(15), "Execution was aborted by a termination signal."),
        (asyncio.CancelledError(), "Execution was cancelled by the runtime environment."),
        (
            RuntimeError("lost"),
            "Execution was interrupted by an unexpected exception: RuntimeError: lost",
        ),
    ],
)
def test_exception_to_crashed_state(error: BaseException, message: str) -> None:
    state = s.exception_to_crashed_state(error)

    assert state.is_crashed()
    assert state.message == message
    assert state.data is error


def test_format_exception() -> None:
    assert s.format_exception(ValueError("x")) == "ValueError: x"
    try:
        raise FailedRun("failed")
    except FailedRun as error:
        formatted = s.format_exception(error, error.__traceback__)
    assert formatted.startswith("Traceback")
    assert formatted.rstrip().endswith("FailedRun: failed")
    assert "flowql.exceptions.FailedRun" not in formatted


# -- return_value_to_state and StateGroup ------------------------------------------------------


def test_plain_return_value_is_completed() -> None:
    state = s.return_value_to_state({"x": 1})

    assert state.is_completed()
    assert state.data == {"x": 1}
    assert s.return_value_to_state(None).result() is None


def test_generator_return_value_becomes_a_list() -> None:
    assert s.return_value_to_state(i for i in range(3)).data == [0, 1, 2]


def test_manually_created_state_passes_through() -> None:
    state = s.Failed(message="custom")

    assert s.return_value_to_state(state) is state


def test_run_states_are_aggregated() -> None:
    written = {"task_run_id": str(uuid.uuid4())}
    ok = s.Completed(data=1, state_details=written)
    failed = s.Failed(data=ValueError("x"), state_details=written)
    api_state = s.Completed(id=uuid.uuid4())

    assert s.return_value_to_state([ok, api_state]).message == "All states completed."
    single = s.return_value_to_state(failed)
    assert single.is_failed()
    assert single.message == "1/1 states failed."
    assert single.data is failed
    mixed = s.return_value_to_state((ok, failed))
    assert (mixed.type, mixed.message) == (StateType.FAILED, "1/2 states failed.")
    with pytest.raises(ValueError, match="x"):
        mixed.result()


@pytest.mark.parametrize(
    ("states", "state_type", "message"),
    [
        ([s.Completed(), s.Cancelled(), s.Failed()], StateType.CANCELLED, "1/3 states cancelled."),
        ([s.Completed(), s.Paused()], StateType.PAUSED, "1/2 states paused."),
        ([s.Completed(), s.Crashed()], StateType.FAILED, "1/2 states failed."),
        ([s.Completed(), s.Running()], StateType.FAILED, "1/2 states are not final."),
    ],
)
def test_aggregate_precedence(
    states: list[State[Any]], state_type: StateType, message: str
) -> None:
    for state in states:
        state.state_details["flow_run_id"] = "x"

    result = s.return_value_to_state(states)

    assert (result.type, result.message) == (state_type, message)


def test_quoted_states_are_not_aggregated() -> None:
    quoted = quote([s.Failed()])

    assert s.return_value_to_state(quoted).is_completed()


def test_is_state_and_is_state_iterable() -> None:
    assert s.is_state(s.Completed())
    assert not s.is_state("Completed")
    assert s.is_state_iterable([s.Completed()])
    assert s.is_state_iterable({s.Completed()})
    assert not s.is_state_iterable([])
    assert not s.is_state_iterable([s.Completed(), 1])
    assert not s.is_state_iterable(quote((s.Completed(),)))
    assert not s.is_state_iterable({"a": s.Completed()})


def test_state_group_counts() -> None:
    group = s.StateGroup([s.Completed(), s.Failed(), s.Crashed(), s.Running()])

    assert (group.total_count, group.fail_count, group.not_final_count) == (4, 2, 1)
    assert group.any_failed()
    assert not group.all_completed()
    assert not group.all_final()
    assert group.counts_message() == (
        "total=4, not_final=1, 'COMPLETED'=1, 'FAILED'=1, 'CRASHED'=1, 'RUNNING'=1"
    )
    assert repr(group).startswith("StateGroup<total=4")


# -- copies, repr ---------------------------------------------------------------------------------


def test_copy_applies_changes_and_does_not_share_details() -> None:
    state = s.Completed(data=1, state_details={"cache_key": "a"})
    copied = state.copy(data=2)

    assert (copied.type, copied.name, copied.data, copied.timestamp) == (
        StateType.COMPLETED,
        "Completed",
        2,
        state.timestamp,
    )
    copied.state_details["cache_key"] = "b"
    assert state.state_details["cache_key"] == "a"


def test_model_copy_resets_timestamp() -> None:
    past = NOW - timedelta(days=3650 * 2)
    state = s.Running(timestamp=past)

    assert state.model_copy().timestamp > past
    assert state.model_copy(update={"name": "Retrying"}).name == "Retrying"


def test_repr_and_str_as_prefect() -> None:
    assert repr(s.Completed(data=42)) == "Completed(message=None, type=COMPLETED, result=42)"
    assert repr(s.Failed(message="m", data="x")) == "Failed(message='m', type=FAILED, result='x')"
    assert str(s.Completed()) == "Completed()"
    assert str(s.Failed(message="boom")) == "Failed('boom')"
    assert str(s.Late()) == "Late(type=SCHEDULED)"
    assert len(repr(s.Completed(data="x" * 10_000))) < 300


def test_state_is_generic_and_pickles() -> None:
    state: State[int] = State[int](StateType.COMPLETED, data=1)
    restored = pickle.loads(pickle.dumps(s.Scheduled(scheduled_time=NOW, data=state)))

    assert restored.scheduled_time == NOW
    assert restored.data.result() == 1
    assert not hasattr(state, "__dict__")


# -- conversions --------------------------------------------------------------------------------


def test_api_round_trip() -> None:
    state = s.AwaitingRetry(
        scheduled_time=NOW,
        message="retry soon",
        timestamp=NOW - timedelta(seconds=1),
        state_details={"transition_id": uuid.UUID(int=7), "pause_timeout": NOW, "n": [1, 2]},
        data={"storage_key": "results/1"},
    )
    sent = state.to_api_input()

    assert sent == {
        "type": "SCHEDULED",
        "name": "AwaitingRetry",
        "message": "retry soon",
        "timestamp": "2030-01-02T03:04:04+00:00",
        "scheduledTime": "2030-01-02T03:04:05+00:00",
        "details": {
            "transition_id": "00000000-0000-0000-0000-000000000007",
            "pause_timeout": "2030-01-02T03:04:05+00:00",
            "n": [1, 2],
        },
        "data": {"storage_key": "results/1"},
    }
    state_id = uuid.uuid4()
    back = State.from_api({**sent, "id": str(state_id)})
    assert (back.type, back.name, back.message, back.timestamp) == (
        state.type,
        state.name,
        state.message,
        state.timestamp,
    )
    assert back.scheduled_time == NOW
    assert back.state_details["pause_timeout"] == NOW
    assert back.data == {"storage_key": "results/1"}
    assert back.id == state_id


def test_api_input_leaves_in_memory_data_out() -> None:
    assert s.Completed(data=[1, 2]).to_api_input()["data"] is None
    assert s.Completed(data={"x": 1}).to_api_input()["data"] is None
    assert s.Completed(data={"storage_key": object()}).to_api_input()["data"] is None


def test_from_api_accepts_timestamps_with_z_and_missing_fields() -> None:
    state = State.from_api({"type": "COMPLETED", "timestamp": "2030-01-02T03:04:05Z"})

    assert state.timestamp == NOW
    assert state.name == "Completed"
    assert state.state_details == {}
    assert state.id is None


def test_snapshot_round_trip() -> None:
    state = s.Scheduled(
        scheduled_time=NOW, message="m", state_details={"retry": False}, data=object()
    )
    snapshot = state.to_snapshot()

    assert isinstance(snapshot, StateSnapshot)
    assert snapshot.type is StateType.SCHEDULED
    assert snapshot.name == "Scheduled"
    assert snapshot.scheduled_time == NOW
    assert dict(snapshot.details) == {"retry": False}
    assert snapshot.data is None  # in-memory data stays in the SDK
    back = State.from_snapshot(snapshot, data=state.data)
    assert back.data is state.data
    assert back.scheduled_time == NOW
    assert back.state_details == {"retry": False, "scheduled_time": NOW}
    assert (back.message, back.timestamp) == ("m", state.timestamp)


def test_snapshot_carries_result_references() -> None:
    reference = {"storage_key": "k"}
    snapshot = s.Completed(data=reference).to_snapshot()

    assert snapshot.data == reference
    assert State.from_snapshot(snapshot).data == reference
    assert State.from_snapshot(snapshot, data=5).data == 5


def test_public_module_reexports_everything() -> None:
    assert public.StateType is StateType
    for name in s.__all__:
        assert getattr(public, name) is getattr(s, name)
    assert set(public.__all__) == set(s.__all__)
