"""Log: one record written by a run's logger."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

import strawberry


@strawberry.type(description="A log record of a flow run or task run.")
class Log:
    id: uuid.UUID
    flow_run_id: uuid.UUID | None
    task_run_id: uuid.UUID | None
    name: str = strawberry.field(description="The logger's name.")
    level: int = strawberry.field(description="Standard logging level number (INFO is 20).")
    message: str
    timestamp: datetime

    @strawberry.field(description="The level's name, such as INFO.")
    def level_name(self) -> str:
        return logging.getLevelName(self.level)
