"""Prefect's variable schemas for ``get_client()``: the ``Variable`` object, the
``VariableCreate`` / ``VariableUpdate`` actions and the ``VariableSort`` order.

Names and values are checked with the server's rules (``flowql.core.variables``)
when the action is built, so a bad one raises ``ValueError`` before anything is
sent.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, model_validator

from flowql.client.schemas.base import ApiModel, Sort
from flowql.core.variables import variable_name_problem, variable_value_problem

__all__ = ["Variable", "VariableCreate", "VariableSort", "VariableUpdate"]


class Variable(ApiModel):
    """A named, mutable JSON value."""

    id: uuid.UUID
    created: datetime | None = None
    updated: datetime | None = None
    name: str
    value: Any = None
    tags: list[str] = Field(default_factory=list)


def _check(name: str | None, value: Any, value_given: bool) -> None:
    if name is not None and (problem := variable_name_problem(name)) is not None:
        raise ValueError(problem)
    if value_given and (problem := variable_value_problem(name or "?", value)) is not None:
        raise ValueError(problem)


class VariableCreate(BaseModel):
    """A variable to create: ``name``, JSON ``value``, ``tags``."""

    name: str
    value: Any
    tags: list[str] | None = None

    @model_validator(mode="after")
    def _check_fields(self) -> VariableCreate:
        _check(self.name, self.value, value_given=True)
        return self

    def to_graphql(self) -> dict[str, Any]:
        """flowql's ``CreateVariableInput``."""
        return {"name": self.name, "value": self.value, "tags": self.tags}


class VariableUpdate(BaseModel):
    """Changes to the variable named ``name``: the fields given (``value=None`` given
    stores null); fields left out stay as they are."""

    name: str
    value: Any = None
    tags: list[str] | None = None

    @model_validator(mode="after")
    def _check_fields(self) -> VariableUpdate:
        _check(self.name, self.value, value_given="value" in self.model_fields_set)
        return self

    def to_graphql(self) -> dict[str, Any]:
        """flowql's ``UpdateVariableInput`` (only the fields that were given)."""
        input: dict[str, Any] = {"name": self.name}
        if "value" in self.model_fields_set:
            input["value"] = self.value
        if self.tags is not None:
            input["tags"] = self.tags
        return input


class VariableSort(Sort):
    """How variables are ordered (default ``NAME_ASC``)."""

    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    NAME_DESC = "NAME_DESC"
    NAME_ASC = "NAME_ASC"
