"""Errors that cross layers: services raise them, the API turns them into data."""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_INPUT = "INVALID_INPUT"
    CONFLICT = "CONFLICT"


class FlowqlError(Exception):
    """Base class of the errors flowql reports to users."""

    code: ErrorCode = ErrorCode.INVALID_INPUT

    def __init__(self, message: str, *, field: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(FlowqlError):
    code = ErrorCode.NOT_FOUND


class InvalidInputError(FlowqlError):
    code = ErrorCode.INVALID_INPUT


class ConflictError(FlowqlError):
    code = ErrorCode.CONFLICT
