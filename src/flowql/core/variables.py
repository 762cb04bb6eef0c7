"""Variables: named, mutable JSON values (Prefect's), checked the same way everywhere.

The server's services and the SDK's ``Variable`` model share these checks, so a
bad name or an oversized value gets the same message whichever side sees it
first. Limits are Prefect 3's: names of at most 255 lowercase letters, digits,
dashes and underscores; values of at most 5,000 characters as JSON.
"""

from __future__ import annotations

import enum
import json
import math
import re
from typing import Any

MAX_VARIABLE_NAME_LENGTH = 255
MAX_VARIABLE_VALUE_LENGTH = 5000
_NAME = re.compile(r"[a-z0-9_-]+")


class VariableSort(enum.StrEnum):
    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"


def variable_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a variable, or None if it can."""
    if not name:
        return "variable name must not be empty"
    if len(name) > MAX_VARIABLE_NAME_LENGTH:
        return (
            f"variable name {name[:40]!r}... is {len(name)} characters long; "
            f"the limit is {MAX_VARIABLE_NAME_LENGTH}"
        )
    if not _NAME.fullmatch(name):
        return (
            f"variable name {name!r} must only contain lowercase letters, numbers, "
            "dashes and underscores"
        )
    return None


def variable_value_problem(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be the value of variable ``name``, or None if it can: it must
    be JSON (str, number, bool, null, list, dict with string keys) and, as JSON text,
    at most ``MAX_VARIABLE_VALUE_LENGTH`` characters."""
    problem = json_problem(value)
    if problem is not None:
        return f"value of variable {name!r} is not JSON: {problem}"
    size = len(json.dumps(value))
    if size > MAX_VARIABLE_VALUE_LENGTH:
        return (
            f"value of variable {name!r} is {size} characters long as JSON; "
            f"the limit is {MAX_VARIABLE_VALUE_LENGTH}"
        )
    return None


def json_problem(value: Any, path: str = "value") -> str | None:
    """Why ``value`` is not plain JSON (naming where in it), or None if it is."""
    if value is None or isinstance(value, str | bool | int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{path} is {value}, which JSON cannot hold"
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if (problem := json_problem(item, f"{path}[{index}]")) is not None:
                return problem
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path} has the key {key!r}; JSON object keys are strings"
            if (problem := json_problem(item, f"{path}[{key!r}]")) is not None:
                return problem
        return None
    return f"{path} is a {type(value).__name__}, which JSON cannot hold"
