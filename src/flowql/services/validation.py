"""Checks on user input that every write path shares."""

from __future__ import annotations

from collections.abc import Sequence

from flowql.core.errors import InvalidInputError

MAX_NAME_LENGTH = 200
MAX_TAG_LENGTH = 100


def check_name(value: str, *, field: str) -> str:
    if not value.strip():
        raise InvalidInputError(f"{field} must not be empty", field=(field,))
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidInputError(
            f"{field} is {len(value)} characters long; the limit is {MAX_NAME_LENGTH}",
            field=(field,),
        )
    return value


def check_tags(tags: Sequence[str], *, field: str = "tags") -> list[str]:
    """Tags keep the caller's order, without duplicates."""
    for tag in tags:
        if not tag.strip() or len(tag) > MAX_TAG_LENGTH:
            raise InvalidInputError(
                f"invalid tag {tag!r}: tags are 1 to {MAX_TAG_LENGTH} characters",
                field=(field,),
            )
    return list(dict.fromkeys(tags))


def check_key(value: str, *, field: str) -> str:
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidInputError(
            f"{field} is {len(value)} characters long; the limit is {MAX_NAME_LENGTH}",
            field=(field,),
        )
    return value
