"""Shared console output: consoles, the one-line error, and cell formatting.

Consoles are made per call, never kept in a module global, so they always
write to the current ``sys.stdout``/``sys.stderr`` (which tests swap).
"""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console
from rich.text import Text

from flowql.core.states import StateType

STATE_STYLES: dict[StateType, str] = {
    StateType.SCHEDULED: "yellow",
    StateType.PENDING: "bright_black",
    StateType.RUNNING: "blue",
    StateType.COMPLETED: "green",
    StateType.FAILED: "red",
    StateType.CANCELLED: "bright_black",
    StateType.CANCELLING: "bright_black",
    StateType.CRASHED: "dark_orange",
    StateType.PAUSED: "bright_black",
}


def stdout() -> Console:
    """A console on standard output, without markup so data is printed as is."""
    return Console(markup=False, highlight=False)


def stderr() -> Console:
    """A console on standard error, for errors and notes."""
    return Console(stderr=True, markup=False, highlight=False)


def print_error(message: str) -> None:
    """Print ``Error: <message>`` as one line (whitespace collapsed) on stderr."""
    line = " ".join(message.split())
    stderr().print(Text.assemble(("Error:", "bold red"), " ", line), soft_wrap=True)


def print_note(message: str) -> None:
    """Print a dim informational line on stderr (keeps stdout for data)."""
    stderr().print(Text(message, style="dim"), soft_wrap=True)


def parse_time(value: str | None) -> datetime | None:
    """A GraphQL ``DateTime`` (ISO 8601) as an aware datetime; naive means UTC."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_time(value: str | None, *, short: bool = False) -> str:
    """A timestamp in local time, to the second (short: ``MM-DD HH:MM``); ``-`` when unset."""
    parsed = parse_time(value)
    if parsed is None:
        return "-"
    return parsed.astimezone().strftime("%m-%d %H:%M" if short else "%Y-%m-%d %H:%M:%S")


def format_duration(seconds: float) -> str:
    """``0.5s``, ``42.0s``, ``3m 05s``, ``2h 01m 09s``."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


def state_text(state_type: str | None, state_name: str | None) -> Text:
    """The state as ``TYPE``, or ``TYPE (Name)`` when the name says more; coloured by type."""
    if state_type is None:
        return Text("-")
    kind = StateType(state_type)
    label = kind.value if state_name in (None, kind.default_name) else f"{kind} ({state_name})"
    return Text(label, style=STATE_STYLES[kind])


def safe_url(url: str) -> str:
    """A database URL with its password replaced by ``***``."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable URL)"
