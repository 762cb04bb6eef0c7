"""What every resolver receives as ``info.context``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from flowql.db.database import Database
from flowql.resolvers.loaders import Loaders
from flowql.settings import Settings


@dataclass
class Context:
    db: Database
    settings: Settings
    loaders: Loaders
    bus: Any = None
    """The wake-up bus (``events.bus.Bus``) when served; subscriptions need it."""
    reads: Any = None
    """The server's ``events.shared_reads.SharedReads``: subscribers share reads."""
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    request: Any = None
    response: Any = None

    @classmethod
    def create(cls, db: Database, settings: Settings, **extra: Any) -> Context:
        return cls(db=db, settings=settings, loaders=Loaders(db), **extra)
