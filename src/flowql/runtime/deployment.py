"""The current deployment. flowql has no deployments yet: every attribute is None
(``parameters``: {}), which is what Prefect answers for a run without one."""

from __future__ import annotations

from typing import Any

ATTRIBUTES = ("flow_run_id", "id", "name", "parameters", "version")


def __getattr__(name: str) -> Any:
    if name not in ATTRIBUTES:
        raise AttributeError(f"flowql.runtime.deployment has no attribute {name!r}")
    return {} if name == "parameters" else None


def __dir__() -> list[str]:
    return sorted(ATTRIBUTES)
