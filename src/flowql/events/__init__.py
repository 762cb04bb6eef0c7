"""Events: the event model, the outbox, the wake-up bus.

Server side: ``outbox`` (events stored in the transaction of their change),
``run_events`` (what runs emit), ``bus`` (wake-ups after commit). Importing
this package imports none of them, so ``flowql.events`` stays light for the
SDK, which finds Prefect's ``emit_event`` and ``Event`` here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Event", "emit_event"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from flowql.sdk import events

        return getattr(events, name)
    raise AttributeError(f"module 'flowql.events' has no attribute {name!r}")
