"""Error reporting: expected errors explain themselves, unexpected ones are masked.

Errors flowql raises on purpose (bad cursor, page too large, unknown id) and
GraphQL's own validation errors keep their message, and flowql's carry
``extensions.code`` and ``extensions.field``; anything else is replaced by
"Internal server error (request id ...)" so no traceback or SQL leaks out,
and only those are logged as errors.
"""

from __future__ import annotations

import logging

import strawberry
from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionContext

from flowql.core.errors import FlowqlError

logger = logging.getLogger("flowql.api")


_EXPECTED = (FlowqlError, GraphQLError, InvalidOperationTypeError)


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, _EXPECTED)


def describe_expected(error: GraphQLError) -> None:
    original = error.original_error
    if isinstance(original, FlowqlError):
        error.extensions = {"code": original.code.value, "field": list(original.field)}
    elif isinstance(original, InvalidOperationTypeError):
        # Strawberry's legacy graphql-ws handler runs subscriptions only.
        error.message = (
            f"{original.as_http_error_reason('this transport')}: the legacy graphql-ws "
            "protocol carries subscriptions only; send queries and mutations over HTTP "
            "POST /graphql or the graphql-transport-ws protocol"
        )
        error.extensions = {"code": "OPERATION_NOT_ALLOWED"}


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def _process_result(self, result: object) -> None:
        # Strawberry's own test is isinstance() against a runtime Protocol, slow on
        # Python 3.11 and run for every subscription message of every subscriber.
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        for error in errors:
            describe_expected(error)
        return super()._process_errors(errors)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        context = self.execution_context.context
        request_id = getattr(context, "request_id", "-")
        logger.error(
            "unexpected error in %s (request id %s)",
            ".".join(map(str, error.path or [])) or "operation",
            request_id,
            exc_info=error.original_error,
        )
        error.extensions = None
        masked = super().anonymise_error(error)
        masked.message = f"Internal server error (request id {request_id})"
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
        return masked


class FlowqlSchema(strawberry.Schema):
    """Log unexpected errors only; expected ones are the client's business."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            logger.debug("GraphQL error: %s", error.message)
