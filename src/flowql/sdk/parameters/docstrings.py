"""Parameter descriptions from a docstring, in Google, NumPy or Sphinx style.

Prefect parses Google-style docstrings with `griffe`. flowql uses this small parser
instead: griffe is not a dependency of flowql (it would be one more package to install
and import for what amounts to reading an indented list), and this module understands
the NumPy and Sphinx styles too. The three parsers run on every docstring and their
results merge, the first one to describe a parameter winning; they cannot collide in
practice because each recognises only its own section syntax.

Descriptions keep their line breaks, as griffe's do; continuation lines are dedented.
A ``*args`` / ``**kwargs`` entry is reported under the bare name (``args``).
"""

from __future__ import annotations

import inspect
import re

_GOOGLE_HEADERS = frozenset(
    {
        "args",
        "arguments",
        "params",
        "parameters",
        "keyword args",
        "keyword arguments",
        "other args",
        "other arguments",
        "other params",
        "other parameters",
    }
)
_NUMPY_HEADERS = frozenset({"parameters", "other parameters", "keyword arguments"})

_GOOGLE_ITEM = re.compile(r"^(\*{0,2}[A-Za-z_]\w*)\s*(?:\(.*?\))?\s*:(?:\s+(.*))?$")
_NUMPY_ITEM = re.compile(r"^(\*{0,2}[A-Za-z_]\w*(?:\s*,\s*\*{0,2}[A-Za-z_]\w*)*)\s*(?::.*)?$")
_NUMPY_RULE = re.compile(r"^-{3,}$")
_SPHINX_FIELD = re.compile(
    r"^:(?:param|parameter|arg|argument|key|keyword)\s+(?:.+?\s+)?(\*{0,2}[A-Za-z_]\w*)\s*:(.*)$"
)


def parameter_docstrings(docstring: str | None) -> dict[str, str]:
    """Map each parameter described in `docstring` to its description."""
    if not docstring:
        return {}
    lines = inspect.cleandoc(docstring).splitlines()
    found: dict[str, str] = {}
    for parse in (_google, _numpy, _sphinx):
        for name, description in parse(lines).items():
            if description:
                found.setdefault(name, description)
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _join(first: str, rest: list[str]) -> str:
    """A description from its first line and its (indented) continuation lines."""
    while rest and not rest[-1].strip():
        rest.pop()
    depth = min((_indent(line) for line in rest if line.strip()), default=0)
    lines = [first.strip(), *(line[depth:].rstrip() for line in rest)]
    return "\n".join(lines).strip()


def _google(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    index = 0
    while index < len(lines):
        stripped = lines[index].strip()
        index += 1
        if stripped.endswith(":") and stripped[:-1].strip().lower() in _GOOGLE_HEADERS:
            index = _google_section(lines, index, _indent(lines[index - 1]), found)
    return found


def _google_section(lines: list[str], index: int, header_indent: int, found: dict[str, str]) -> int:
    item_indent: int | None = None
    name: str | None = None
    first, rest = "", list[str]()
    while index < len(lines):
        line = lines[index]
        if line.strip():
            indent = _indent(line)
            if indent <= header_indent:
                break
            if item_indent is None:
                item_indent = indent
            if indent <= item_indent:
                match = _GOOGLE_ITEM.match(line.strip())
                if match is None:
                    break
                if name is not None:
                    found[name] = _join(first, rest)
                name, first, rest = match[1].lstrip("*"), match[2] or "", []
            else:
                rest.append(line)
        else:
            rest.append("")
        index += 1
    if name is not None:
        found[name] = _join(first, rest)
    return index


def _numpy(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for index in range(len(lines) - 1):
        if lines[index].strip().lower() in _NUMPY_HEADERS and _NUMPY_RULE.match(
            lines[index + 1].strip()
        ):
            _numpy_section(lines, index + 2, _indent(lines[index]), found)
    return found


def _numpy_section(lines: list[str], index: int, base: int, found: dict[str, str]) -> None:
    names: list[str] = []
    rest: list[str] = []

    def flush() -> None:
        for name in names:
            found[name] = _join("", rest)

    while index < len(lines):
        line = lines[index]
        if not line.strip() or _indent(line) > base:
            rest.append(line)
        else:
            next_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
            match = _NUMPY_ITEM.match(line.strip())
            if match is None or _NUMPY_RULE.match(next_line):
                break
            flush()
            names = [part.strip().lstrip("*") for part in match[1].split(",")]
            rest = []
        index += 1
    flush()


def _sphinx(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        match = _SPHINX_FIELD.match(line.strip())
        if match is None:
            continue
        rest: list[str] = []
        while index < len(lines) and lines[index].strip():
            if _indent(lines[index]) <= _indent(line):
                break
            rest.append(lines[index])
            index += 1
        found[match[1].lstrip("*")] = _join(match[2], rest)
    return found
