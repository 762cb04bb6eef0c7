"""A run's state from what it returned, and groups of states, as ``prefect.states``.

``return_value_to_state`` decides the final state of a run from its return
value; :class:`StateGroup` counts a group of returned states by type;
``is_state`` and ``is_state_iterable`` recognise states and groups of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from types import GeneratorType
from typing import Any, TypeGuard

from flowql.core.states import StateType
from flowql.sdk.states.state import State


def is_state(obj: Any) -> TypeGuard[State[Any]]:
    """Whether ``obj`` is a :class:`State`."""
    return isinstance(obj, State)


def is_state_iterable(obj: Any) -> TypeGuard[Iterable[State[Any]]]:
    """Whether ``obj`` is a non-empty list, set or tuple of states only.

    Other iterables (dicts, generators, annotations) are not, even holding states.
    """
    if not obj or not isinstance(obj, list | set | tuple):
        return False
    from flowql.utilities.annotations import BaseAnnotation

    return not isinstance(obj, BaseAnnotation) and all(isinstance(o, State) for o in obj)


def return_value_to_state(retval: Any) -> State[Any]:
    """The final state of a run whose function returned ``retval``.

    A state created by the user (not yet written for a run) is used as is.
    A run's state, or a list/set/tuple of them, gives COMPLETED if all are
    completed, else CANCELLED, PAUSED or FAILED (in that order of precedence)
    with a message counting them; the states are the new state's data.
    Anything else is the data of a COMPLETED state (a generator becomes a list).
    """
    if isinstance(retval, State) and _is_manual(retval):
        return retval
    if isinstance(retval, State) or is_state_iterable(retval):
        group = StateGroup([retval] if isinstance(retval, State) else list(retval))
        if group.all_completed():
            return State(StateType.COMPLETED, message="All states completed.", data=retval)
        total = group.total_count
        if group.any_cancelled():
            state_type, message = (
                StateType.CANCELLED,
                f"{group.cancelled_count}/{total} states cancelled.",
            )
        elif group.any_paused():
            state_type, message = StateType.PAUSED, f"{group.paused_count}/{total} states paused."
        elif group.any_failed():
            state_type, message = StateType.FAILED, f"{group.fail_count}/{total} states failed."
        elif not group.all_final():
            state_type = StateType.FAILED
            message = f"{group.not_final_count}/{total} states are not final."
        else:
            state_type, message = StateType.FAILED, "Given states: " + group.counts_message()
        return State(state_type, message=message, data=retval)
    if isinstance(retval, GeneratorType):
        retval = list(retval)
    return State(StateType.COMPLETED, data=retval)


class StateGroup:
    """Counts over a group of states, to decide the state of a run that returned them."""

    def __init__(self, states: Iterable[State[Any]]) -> None:
        self.states = list(states)
        self.type_counts: Counter[StateType] = Counter(state.type for state in self.states)
        self.total_count = len(self.states)
        self.cancelled_count = self.type_counts[StateType.CANCELLED]
        self.final_count = sum(state.is_final() for state in self.states)
        self.not_final_count = self.total_count - self.final_count
        self.paused_count = self.type_counts[StateType.PAUSED]

    @property
    def fail_count(self) -> int:
        """FAILED and CRASHED states."""
        return self.type_counts[StateType.FAILED] + self.type_counts[StateType.CRASHED]

    def all_completed(self) -> bool:
        """Whether every state is COMPLETED."""
        return self.type_counts[StateType.COMPLETED] == self.total_count

    def any_cancelled(self) -> bool:
        """Whether a state is CANCELLED."""
        return self.cancelled_count > 0

    def any_failed(self) -> bool:
        """Whether a state is FAILED or CRASHED."""
        return self.fail_count > 0

    def any_paused(self) -> bool:
        """Whether a state is PAUSED."""
        return self.paused_count > 0

    def all_final(self) -> bool:
        """Whether every state is final."""
        return self.final_count == self.total_count

    def counts_message(self) -> str:
        """``"total=3, not_final=1, 'COMPLETED'=2, 'RUNNING'=1"``."""
        counts = [f"total={self.total_count}"]
        if self.not_final_count:
            counts.append(f"not_final={self.not_final_count}")
        counts += [f"{t.value!r}={n}" for t, n in self.type_counts.items() if n]
        return ", ".join(counts)

    def __repr__(self) -> str:
        return f"StateGroup<{self.counts_message()}>"


def _is_manual(state: State[Any]) -> bool:
    """Whether the user created ``state`` (rather than a run writing it)."""
    details = state.state_details
    return state.id is None and not details.get("flow_run_id") and not details.get("task_run_id")
