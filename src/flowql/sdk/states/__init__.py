"""Run states in the SDK, as ``prefect.states``: the :class:`State` class, its
constructors (``Completed()``, ``Failed()``, ``Scheduled()``...) and the helpers
flow code calls (``get_state_exception``, ``return_value_to_state``...).

States are created several times per task run, so this package imports only
the standard library, core and orchestration (exceptions are imported when one
is raised). Its modules, one concept each:

- :mod:`~flowql.sdk.states.state`: the :class:`State` class;
- :mod:`~flowql.sdk.states.details`: :class:`StateDetails` and the values a
  state carries to the API (datetimes, JSON, result references);
- :mod:`~flowql.sdk.states.constructors`: ``Scheduled()``, ``Completed()``...;
- :mod:`~flowql.sdk.states.exceptions`: between states and exceptions;
- :mod:`~flowql.sdk.states.aggregate`: a run's state from its return value,
  :class:`StateGroup`.
"""

from flowql.core.states import StateType
from flowql.sdk.states.aggregate import (
    StateGroup,
    is_state,
    is_state_iterable,
    return_value_to_state,
)
from flowql.sdk.states.constructors import (
    AwaitingConcurrencySlot,
    AwaitingRetry,
    Cancelled,
    Cancelling,
    Completed,
    Crashed,
    Failed,
    Late,
    Paused,
    Pending,
    Retrying,
    Running,
    Scheduled,
    Suspended,
    TimedOut,
)
from flowql.sdk.states.details import RESULT_REFERENCE_KEY as RESULT_REFERENCE_KEY
from flowql.sdk.states.details import SCHEDULED_TIME as SCHEDULED_TIME
from flowql.sdk.states.details import StateDetails
from flowql.sdk.states.exceptions import (
    aget_state_exception,
    araise_state_exception,
    exception_to_crashed_state,
    exception_to_failed_state,
    format_exception,
    get_state_exception,
    get_state_result,
    raise_state_exception,
)
from flowql.sdk.states.state import State

__all__ = [
    "AwaitingConcurrencySlot",
    "AwaitingRetry",
    "Cancelled",
    "Cancelling",
    "Completed",
    "Crashed",
    "Failed",
    "Late",
    "Paused",
    "Pending",
    "Retrying",
    "Running",
    "Scheduled",
    "State",
    "StateDetails",
    "StateGroup",
    "StateType",
    "Suspended",
    "TimedOut",
    "aget_state_exception",
    "araise_state_exception",
    "exception_to_crashed_state",
    "exception_to_failed_state",
    "format_exception",
    "get_state_exception",
    "get_state_result",
    "is_state",
    "is_state_iterable",
    "raise_state_exception",
    "return_value_to_state",
]
