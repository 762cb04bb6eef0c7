"""Parameter types shared by commands, with error messages that say what is valid."""

from __future__ import annotations

import uuid

import typer

from flowql.core.states import StateType

STATE_TYPE_NAMES = ", ".join(StateType)


def parse_uuid(value: str) -> uuid.UUID:
    """A UUID argument; anything else is a usage error naming the value."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a valid UUID") from None


def parse_state_type(value: str) -> StateType:
    """A state type in any case (``completed``); anything else names the valid choices."""
    try:
        return StateType(value.upper())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a state type; choose from {STATE_TYPE_NAMES}"
        ) from None
