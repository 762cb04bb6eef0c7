"""The bases of the Prefect-shaped client schemas: API objects, filters and sorts.

Each domain's schemas (runs in ``objects``/``filters``/``sorting``, and
``variables``, ``artifacts``, ``blocks``) build on these, and the modules at
Prefect's paths re-export them all, so the bases live apart from both.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["ApiModel", "Operator", "OperatorFilter", "PrefectFilter", "Sort", "graphql_value"]


class ApiModel(BaseModel):
    """Fields are snake_case; the GraphQL answer (camelCase) validates into them."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, arbitrary_types_allowed=True
    )

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Build from a GraphQL object (camelCase keys, JSON values)."""
        return cls.model_validate(cls._prepare(dict(data)))

    @classmethod
    def _prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return data


class Operator(enum.StrEnum):
    """How the criteria of a filter combine; flowql supports ``and_`` only."""

    and_ = "and_"
    or_ = "or_"


def _graphql_name(field: str) -> str:
    head, *rest = field.rstrip("_").split("_")
    return head + "".join(part.title() for part in rest)


def graphql_value(value: Any) -> Any:
    """``value`` as a GraphQL input value (filters, enums, UUIDs, UTC datetimes)."""
    if isinstance(value, PrefectFilter):
        return value.to_graphql()
    if isinstance(value, list | tuple):
        return [graphql_value(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return value


class PrefectFilter(BaseModel):
    """Base of the filters: Prefect's fields, converted by ``to_graphql()``."""

    model_config = ConfigDict(extra="forbid")

    # Prefect fields with no flowql counterpart: setting one raises.
    _unsupported: ClassVar[frozenset[str]] = frozenset()

    def to_graphql(self) -> dict[str, Any]:
        """The matching flowql GraphQL filter input, as a JSON-ready dict.

        Raises:
            NotImplementedError: a criterion flowql's API cannot express is set.
        """
        result: dict[str, Any] = {}
        for field in type(self).model_fields:
            value = getattr(self, field)
            if field == "operator" or value is None:
                continue
            if field in self._unsupported:
                raise NotImplementedError(
                    f"{type(self).__name__}.{field} is a Prefect filter that flowql does not "
                    f"support; leave it unset (and filter the results in Python if needed)"
                )
            result[_graphql_name(field)] = graphql_value(value)
        if getattr(self, "operator", Operator.and_) is not Operator.and_ and len(result) > 1:
            raise NotImplementedError(
                f"{type(self).__name__}(operator=or_) with several criteria: flowql combines "
                f"the criteria of a filter with and_ only; run one query per criterion instead"
            )
        return result


class OperatorFilter(PrefectFilter):
    operator: Operator = Operator.and_


# Prefect orders with no flowql counterpart.
_UNSUPPORTED = frozenset({"NEXT_SCHEDULED_START_TIME_ASC"})


class Sort(enum.StrEnum):
    def to_graphql(self) -> str:
        """The flowql ``orderBy`` value of this order."""
        if self.name in _UNSUPPORTED:
            raise NotImplementedError(
                f"{type(self).__name__}.{self.name} is a Prefect sort order that flowql "
                f"does not support"
            )
        return self.value
