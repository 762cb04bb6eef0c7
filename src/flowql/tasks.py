"""Tasks, as ``prefect.tasks``: ``task``, ``Task``, ``exponential_backoff``."""

from flowql.sdk.tasks import Task, exponential_backoff, task

__all__ = ["Task", "exponential_backoff", "task"]
