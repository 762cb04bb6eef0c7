"""The checks around the client's API calls: what flowql refuses, and API errors.

Prefect arguments flowql cannot honour (a deployment filter, an httpx setting
other than ``timeout``...) raise ``NotImplementedError`` rather than being
ignored; a negative ``limit`` or ``offset`` raises ``ValueError``. Errors in
the API's answers raise ``ObjectNotFound`` (``NOT_FOUND``) or ``ApiError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from flowql.sdk.client.errors import ApiError

T = TypeVar("T")


def not_found(message: str) -> Exception:
    """An ``ObjectNotFound`` (imported only when one is needed)."""
    from flowql.exceptions import ObjectNotFound

    return ObjectNotFound(message)


_NO_INFRASTRUCTURE = "flowql has no deployments, work pools or work queues"
_WHY_NOT = {
    "task_run_filter": "flowql cannot select these by their task runs",
    "flow_run_filter": "flowql cannot select flows by their runs",
    "deployment_filter": _NO_INFRASTRUCTURE,
    "work_pool_filter": _NO_INFRASTRUCTURE,
    "work_queue_filter": _NO_INFRASTRUCTURE,
}


def reject_unsupported(method: str, **arguments: Any) -> None:
    """Refuse Prefect arguments flowql cannot honour, rather than ignore them."""
    for name, value in arguments.items():
        if value is not None:
            raise NotImplementedError(f"{method}({name}=...) is not supported: {_WHY_NOT[name]}")


def check_page(limit: int | None, offset: int | None) -> None:
    """Refuse a negative ``limit`` or ``offset``."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    if offset is not None and offset < 0:
        raise ValueError(f"offset must be 0 or more, not {offset}")


def mutation_payload(data: Mapping[str, Any], field: str) -> dict[str, Any]:
    """The payload of mutation ``field``; its errors raise ``ObjectNotFound`` or ``ApiError``."""
    payload: dict[str, Any] = data[field]
    errors = payload.get("errors") or []
    if errors:
        text = "; ".join(
            f"{error['message']} (at {'.'.join(error.get('field') or []) or 'input'})"
            for error in errors
        )
        if any(error.get("code") == "NOT_FOUND" for error in errors):
            raise not_found(f"{field}: {text}")
        raise ApiError(f"{field}: {text}", errors=errors)
    return payload


def timeout_setting(httpx_settings: Mapping[str, Any] | None) -> float | None:
    """The one httpx setting flowql's HTTP transport takes: ``timeout`` (seconds)."""
    settings = dict(httpx_settings or {})
    timeout = settings.pop("timeout", None)
    if settings:
        raise NotImplementedError(
            f"httpx_settings {sorted(settings)}: flowql's client takes only 'timeout'"
        )
    return None if timeout is None else float(timeout)


def expect_action(value: object, kind: type[T], argument: str) -> T:
    """``value`` once checked to be a ``kind`` (a ``TypeError`` naming both if not)."""
    if not isinstance(value, kind):
        raise TypeError(
            f"{argument} must be a flowql.client.schemas.actions.{kind.__name__}, "
            f"not {type(value).__name__}"
        )
    return value
