"""Task runners, as ``prefect.task_runners``."""

from flowql.sdk.task_runners import (
    PrefectTaskRunner,
    ProcessPoolTaskRunner,
    TaskRunner,
    ThreadPoolTaskRunner,
)

__all__ = ["PrefectTaskRunner", "ProcessPoolTaskRunner", "TaskRunner", "ThreadPoolTaskRunner"]
