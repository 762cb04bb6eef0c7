"""flowql.exceptions keeps Prefect 3's names, hierarchy and constructor arguments."""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import pytest

import flowql.exceptions as exc


def test_every_public_exception_is_documented_and_exported() -> None:
    for name in exc.__all__:
        value = getattr(exc, name)
        assert isinstance(value, type) and issubclass(value, BaseException), name
        assert inspect.getdoc(value), name


def test_prefect_names_are_aliases() -> None:
    assert exc.PrefectException is exc.FlowqlException
    assert exc.PrefectSignal is exc.FlowqlSignal


@pytest.mark.parametrize(
    ("name", "bases"),
    [
        ("FailedRun", (exc.FlowqlException,)),
        ("CrashedRun", (exc.FlowqlException,)),
        ("CancelledRun", (exc.FlowqlException,)),
        ("PausedRun", (exc.FlowqlException,)),
        ("UnfinishedRun", (exc.FlowqlException,)),
        ("MissingResult", (exc.FlowqlException,)),
        ("UpstreamTaskError", (exc.FlowqlException,)),
        ("MissingContextError", (exc.FlowqlException, RuntimeError)),
        ("ParameterTypeError", (exc.FlowqlException,)),
        ("ParameterBindError", (exc.FlowqlException, TypeError)),
        ("SignatureMismatchError", (exc.FlowqlException, TypeError)),
        ("ReservedArgumentError", (exc.FlowqlException, TypeError)),
        ("InvalidNameError", (exc.FlowqlException, ValueError)),
        ("MappingLengthMismatch", (exc.FlowqlException,)),
        ("MappingMissingIterable", (exc.FlowqlException,)),
        ("ScriptError", (exc.FlowqlException,)),
        ("FlowRunWaitTimeout", (exc.FlowqlException,)),
        ("ObjectNotFound", (exc.FlowqlException,)),
        ("ObjectAlreadyExists", (exc.FlowqlException,)),
        ("Abort", (exc.FlowqlSignal,)),
        ("Pause", (exc.FlowqlSignal,)),
        ("TerminationSignal", (exc.ExternalSignal,)),
    ],
)
def test_hierarchy(name: str, bases: tuple[type[BaseException], ...]) -> None:
    cls = getattr(exc, name)
    for base in bases:
        assert issubclass(cls, base)


def test_signals_escape_except_exception() -> None:
    for signal in (exc.Abort, exc.Pause, exc.TerminationSignal):
        assert not issubclass(signal, Exception)


def test_timeouts_are_the_builtin_timeout_error() -> None:
    assert not hasattr(exc, "TimeoutError")


def test_parameter_type_error_names_each_parameter() -> None:
    class FakeValidationError:
        def errors(self) -> list[dict[str, Any]]:
            return [
                {"loc": ("x",), "msg": "Input should be a valid integer"},
                {"loc": ("config", "depth"), "msg": "Field required"},
            ]

    error = exc.ParameterTypeError.from_validation_error(FakeValidationError())

    assert str(error) == (
        "Flow run received invalid parameters:\n"
        " - x: Input should be a valid integer\n"
        " - config.depth: Field required"
    )


def test_parameter_bind_error_from_bind_failure() -> None:
    def add(x, y=1):  # type: ignore[no-untyped-def]
        return x + y

    try:
        inspect.signature(add).bind(1, 2, 3)
    except TypeError as failure:
        error = exc.ParameterBindError.from_bind_failure(add, failure, (1, 2, 3), {"z": 1})
    assert str(error).startswith("Error binding parameters for function 'add': ")
    assert "Function 'add' has signature 'x, y=1'" in str(error)
    assert "received args: (1, 2, 3) and kwargs: ['z']" in str(error)


def test_signature_mismatch_from_bad_params() -> None:
    error = exc.SignatureMismatchError.from_bad_params(["x"], ["x", "y"])

    assert (
        str(error)
        == "Function expects parameters ['x'] but was provided with parameters ['x', 'y']"
    )


def test_paused_run_and_pause_keep_the_state() -> None:
    state = object()

    assert exc.PausedRun("paused", state=state).state is state  # type: ignore[arg-type]
    assert exc.Pause(state=None).state is None


def test_object_not_found_takes_an_http_error_or_a_message() -> None:
    http_error = RuntimeError("404")
    error = exc.ObjectNotFound(http_error, help_message="Flow run not found")

    assert error.http_exc is http_error
    assert str(error) == "Flow run not found"
    by_message = exc.ObjectNotFound("Deployment 'x' not found")
    assert (by_message.http_exc, str(by_message)) == (None, "Deployment 'x' not found")
    assert str(pickle.loads(pickle.dumps(by_message))) == "Deployment 'x' not found"


def test_object_already_exists_keeps_the_http_error() -> None:
    http_error = RuntimeError("409")

    assert exc.ObjectAlreadyExists(http_error).http_exc is http_error


def test_script_error() -> None:
    user_error = ZeroDivisionError("division by zero")
    error = exc.ScriptError(user_error, "flows/etl.py")

    assert error.user_exc is user_error
    assert str(error) == (
        "Script at 'flows/etl.py' encountered an exception: ZeroDivisionError('division by zero')"
    )


def test_termination_signal_keeps_the_signal_and_pickles() -> None:
    signal = exc.TerminationSignal(15)

    assert signal.signal == 15
    assert pickle.loads(pickle.dumps(signal)).signal == 15
