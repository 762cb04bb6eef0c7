"""GraphQL documents kept as ``.graphql`` files beside this module, loaded once."""

from __future__ import annotations

import functools
from pathlib import Path

OPERATIONS_DIR = Path(__file__).parent / "operations"


@functools.cache
def operation(name: str) -> str:
    """The text of ``operations/<name>.graphql``."""
    path = OPERATIONS_DIR / f"{name}.graphql"
    try:
        return path.read_text()
    except FileNotFoundError:
        raise LookupError(f"no GraphQL operation named {name!r} in {OPERATIONS_DIR}") from None


def all_operations() -> dict[str, str]:
    return {path.stem: path.read_text() for path in sorted(OPERATIONS_DIR.glob("*.graphql"))}
