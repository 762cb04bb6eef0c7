"""GraphQL documents kept as ``.graphql`` files beside this module, loaded once.

Selections several operations share are fragments in ``operations/fragments/``
(one ``fragment Name on Type`` per file, named like the file); ``operation(name)``
appends every fragment the operation spreads, directly or through another one.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

OPERATIONS_DIR = Path(__file__).parent / "operations"
FRAGMENTS_DIR = OPERATIONS_DIR / "fragments"
_SPREAD = re.compile(r"\.\.\.\s*([_A-Za-z][_0-9A-Za-z]*)")


@functools.cache
def operation(name: str) -> str:
    """The text of ``operations/<name>.graphql`` with the fragments it uses."""
    path = OPERATIONS_DIR / f"{name}.graphql"
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise LookupError(f"no GraphQL operation named {name!r} in {OPERATIONS_DIR}") from None
    return "\n".join([text, *(_fragment(used) for used in _fragments_used(text))])


def all_operations() -> dict[str, str]:
    return {path.stem: operation(path.stem) for path in sorted(OPERATIONS_DIR.glob("*.graphql"))}


def _fragments_used(text: str) -> list[str]:
    """Fragment names spread in ``text`` and, transitively, in those fragments."""
    found: list[str] = []
    pending = _SPREAD.findall(text)
    while pending:
        name = pending.pop()
        if name in found or name == "on":  # `... on Type` is an inline fragment
            continue
        found.append(name)
        pending.extend(_SPREAD.findall(_fragment(name)))
    return sorted(found)


@functools.cache
def _fragment(name: str) -> str:
    path = FRAGMENTS_DIR / f"{name}.graphql"
    try:
        return path.read_text()
    except FileNotFoundError:
        raise LookupError(f"no GraphQL fragment named {name!r} in {FRAGMENTS_DIR}") from None
