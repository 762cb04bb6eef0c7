"""Facts about the current run, read at access time (``prefect.runtime``)."""

from flowql.runtime import deployment, flow_run, task_run

__all__ = ["deployment", "flow_run", "task_run"]
