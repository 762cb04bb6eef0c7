"""Errors the client raises when the API cannot do what was asked."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """The API answered with errors, or could not be reached; the message says which."""

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []
