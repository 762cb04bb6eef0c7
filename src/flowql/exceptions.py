"""Exceptions the SDK raises, with Prefect 3's names, hierarchy and constructors.

``from prefect.exceptions import FailedRun`` becomes ``from flowql.exceptions
import FailedRun``; ``PrefectException`` stays available as an alias of
:class:`FlowqlException`, so ``except PrefectException`` keeps catching them.

Timeouts are not here on purpose: as in Prefect, a task or flow run that
exceeds ``timeout_seconds`` raises the builtin :class:`TimeoutError`.

This module imports nothing beyond the standard library, so that importing it
(which the engine does lazily, when something goes wrong) costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, Self

if TYPE_CHECKING:
    from flowql.sdk.states import State


class _ValidationErrorLike(Protocol):
    def errors(self) -> Iterable[Any]: ...


class FlowqlException(Exception):
    """Base class of flowql's exceptions (Prefect's ``PrefectException``)."""


PrefectException = FlowqlException


# -- results of runs ---------------------------------------------------------------------


class FailedRun(FlowqlException):
    """Raised by ``State.result()`` for a FAILED state that holds no exception.

    That is when the state's data is a string or nothing at all; the message is
    the string, or the state's message.
    """


class CrashedRun(FlowqlException):
    """Raised by ``State.result()`` for a CRASHED state that holds no exception."""


class CancelledRun(FlowqlException):
    """Raised by ``State.result()`` for a CANCELLED state that holds no exception."""


class PausedRun(FlowqlException):
    """Raised by ``State.result()`` for a PAUSED state: a paused run has no result yet."""

    def __init__(self, *args: Any, state: State[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state = state


class UnfinishedRun(FlowqlException):
    """Raised by ``State.result()`` when the run is not finished.

    That is a SCHEDULED, PENDING, RUNNING or CANCELLING state, such as the
    ``NotReady`` state of a task whose upstream task failed.
    """


class MissingResult(FlowqlException):
    """Raised when a state's result is not available in this process.

    Typically a COMPLETED state read from the API whose data is a reference
    to a persisted result that cannot be read here.
    """


class UpstreamTaskError(FlowqlException):
    """Raised (and stored in its ``NotReady`` state) when a task depends on the
    result of another task that did not reach COMPLETED."""


# -- calling flows and tasks ---------------------------------------------------------------


class MissingContextError(FlowqlException, RuntimeError):
    """Raised when something that needs a flow or task run context (``get_run_logger()``,
    ``task.submit()``...) is called outside of one."""


class ParameterTypeError(FlowqlException):
    """Raised when a flow run's parameters fail type validation; the message names
    each invalid parameter."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)

    @classmethod
    def from_validation_error(cls, exc: _ValidationErrorLike) -> Self:
        """Build from a pydantic ``ValidationError`` (any object with ``errors()``)."""
        bad = [
            f"{'.'.join(str(item) for item in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        ]
        return cls("Flow run received invalid parameters:\n - " + "\n - ".join(bad))


class ParameterBindError(TypeError, FlowqlException):
    """Raised when the call's args and kwargs cannot be bound to the function's parameters."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)

    @classmethod
    def from_bind_failure(
        cls,
        fn: Callable[..., Any],
        exc: TypeError,
        call_args: tuple[Any, ...],
        call_kwargs: dict[str, Any],
    ) -> Self:
        """Build from the ``TypeError`` that ``inspect.Signature.bind`` raised."""
        import inspect

        name = getattr(fn, "__name__", repr(fn))
        signature = str(inspect.signature(fn)).strip("()")
        return cls(
            f"Error binding parameters for function '{name}': {exc}.\n"
            f"Function '{name}' has signature '{signature}' but received args: "
            f"{call_args} and kwargs: {list(call_kwargs)}."
        )


class SignatureMismatchError(FlowqlException, TypeError):
    """Raised when parameters given by name do not match the function's signature."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)

    @classmethod
    def from_bad_params(cls, expected_params: list[str], provided_params: list[str]) -> Self:
        """Build from the expected and the provided parameter names."""
        return cls(
            f"Function expects parameters {expected_params} but was provided with"
            f" parameters {provided_params}"
        )


class ReservedArgumentError(FlowqlException, TypeError):
    """Raised when a flow or task function has a parameter whose name flowql reserves
    (such as ``wait_for`` or ``return_state``)."""


class InvalidNameError(FlowqlException, ValueError):
    """Raised when a name (of a flow, task, deployment...) contains characters that
    are not permitted."""


class MappingLengthMismatch(FlowqlException):
    """Raised by ``Task.map`` when the iterables given have different lengths."""


class MappingMissingIterable(FlowqlException):
    """Raised by ``Task.map`` when every argument is static (``unmapped`` or scalar)."""


class ScriptError(FlowqlException):
    """Raised when a script fails while it is loaded to find a flow in it."""

    def __init__(self, user_exc: Exception, path: str) -> None:
        super().__init__(f"Script at {str(path)!r} encountered an exception: {user_exc!r}")
        self.user_exc = user_exc


class MissingFlowError(FlowqlException):
    """Raised when the flow named is not found in the given script."""


class UnspecifiedFlowError(FlowqlException):
    """Raised when a script holds several flows and none was named."""


class FlowRunWaitTimeout(FlowqlException):
    """Raised by ``wait_for_flow_run`` when the flow run does not finish in time."""


class FlowPauseTimeout(FlowqlException):
    """Raised when a paused flow run is not resumed before its pause times out."""


class NotPausedError(FlowqlException):
    """Raised when resuming a run that is not paused."""


class SerializationError(FlowqlException):
    """Raised when an object (a parameter, a result) cannot be serialized."""


class ConfigurationError(FlowqlException):
    """Raised when a setting or configuration is invalid."""


# -- the API ---------------------------------------------------------------------------------


class ObjectNotFound(FlowqlException):
    """Raised by the client when the object asked for does not exist (HTTP 404).

    Prefect passes the HTTP error first; flowql's client, which also runs
    in-process without HTTP, may pass just a message: ``ObjectNotFound("...")``.
    """

    def __init__(
        self,
        http_exc: BaseException | str | None = None,
        help_message: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        if isinstance(http_exc, str) and help_message is None:
            http_exc, help_message = None, http_exc
        self.http_exc = http_exc
        self.help_message = help_message
        super().__init__(help_message, *args, **kwargs)

    def __str__(self) -> str:
        return self.help_message or super().__str__()


class ObjectAlreadyExists(FlowqlException):
    """Raised by the client when creating an object that already exists (HTTP 409)."""

    def __init__(self, http_exc: BaseException | None = None, *args: Any, **kwargs: Any) -> None:
        self.http_exc = http_exc
        super().__init__(*args, **kwargs)


# -- signals ----------------------------------------------------------------------------------


class FlowqlSignal(BaseException):
    """Base of signal-like exceptions that user code should never catch
    (Prefect's ``PrefectSignal``)."""


PrefectSignal = FlowqlSignal


class Abort(FlowqlSignal):
    """Raised when the orchestrator answers ABORT to a proposed state: the run must
    exit at once."""


class Pause(FlowqlSignal):
    """Raised when a flow run is PAUSED and must exit to be resubmitted later."""

    def __init__(self, *args: Any, state: State[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state = state


class ExternalSignal(BaseException):
    """Base of signals that come from outside the process (Prefect's ``ExternalSignal``)."""


class TerminationSignal(ExternalSignal):
    """Raised in a flow run process that received a termination signal (SIGTERM)."""

    def __init__(self, signal: int) -> None:
        super().__init__(signal)
        self.signal = signal


__all__ = [
    "Abort",
    "CancelledRun",
    "ConfigurationError",
    "CrashedRun",
    "ExternalSignal",
    "FailedRun",
    "FlowPauseTimeout",
    "FlowRunWaitTimeout",
    "FlowqlException",
    "FlowqlSignal",
    "InvalidNameError",
    "MappingLengthMismatch",
    "MappingMissingIterable",
    "MissingContextError",
    "MissingFlowError",
    "MissingResult",
    "NotPausedError",
    "ObjectAlreadyExists",
    "ObjectNotFound",
    "ParameterBindError",
    "ParameterTypeError",
    "Pause",
    "PausedRun",
    "PrefectException",
    "PrefectSignal",
    "ReservedArgumentError",
    "ScriptError",
    "SerializationError",
    "SignatureMismatchError",
    "TerminationSignal",
    "UnfinishedRun",
    "UnspecifiedFlowError",
    "UpstreamTaskError",
]
