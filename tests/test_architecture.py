"""Imports point one way. This walks every module under src/flowql with ``ast``
(nothing is imported) and fails on an import that breaks a layer rule.

Every import counts, wherever it is written (inside functions and under
``if TYPE_CHECKING:`` too), except where a rule says ``top_level_only``: the
SDK may reach the server stack lazily, inside a function, for embedded mode,
so that ``import flowql.sdk`` alone never loads it.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT_PACKAGE = "flowql"


@dataclass(frozen=True)
class LayerRule:
    """``layer`` may import ``only`` these flowql packages, or ``never`` these."""

    layer: str
    kind: Literal["only", "never"]
    targets: tuple[str, ...]
    why: str
    # For "only" rules: the third-party packages allowed besides the stdlib
    # (None: any third-party package).
    third_party: frozenset[str] | None = None
    # Check module-level imports only (imports inside functions are lazy).
    top_level_only: bool = False

    def describe(self) -> str:
        verb = "imports only" if self.kind == "only" else "must not import"
        text = f"{self.layer} {verb} {', '.join(self.targets)}"
        if self.third_party is not None:
            extra = ", ".join(sorted(self.third_party))
            text += f" and the stdlib{f' (+ {extra})' if extra else ''}"
        if self.top_level_only:
            text += " at module level; anything else only inside functions"
        return f"{text}: {self.why}"


_API = ("flowql.schema", "flowql.resolvers", "flowql.server")
_CLIENTS = ("flowql.sdk", "flowql.cli")

RULES: tuple[LayerRule, ...] = (
    LayerRule(
        "flowql.core",
        "only",
        ("flowql.core",),
        "core is shared by server and SDK",
        third_party=frozenset({"coolname"}),
    ),
    LayerRule(
        "flowql.orchestration",
        "only",
        ("flowql.core", "flowql.orchestration"),
        "the state machine is pure (no I/O) and runs in the server and the SDK",
        third_party=frozenset(),
    ),
    LayerRule(
        "flowql.db",
        "never",
        (*_API, "flowql.services", *_CLIENTS),
        "storage sits below the use-cases and the API",
    ),
    LayerRule(
        "flowql.events",
        "never",
        (*_API, "flowql.services", *_CLIENTS),
        "the outbox and the bus sit below the use-cases that emit through them",
        top_level_only=True,
    ),
    LayerRule(
        "flowql.services",
        "never",
        (*_API, *_CLIENTS),
        "use-cases know nothing of GraphQL or of their callers",
    ),
    LayerRule(
        "flowql.schema",
        "never",
        ("flowql.server", *_CLIENTS),
        "the schema is served by the server and spoken by clients, not the other way",
    ),
    LayerRule(
        "flowql.resolvers",
        "never",
        ("flowql.server", *_CLIENTS),
        "resolvers are served by the server and called by clients, not the other way",
    ),
    LayerRule(
        "flowql.sdk",
        "only",
        ("flowql.core", "flowql.orchestration", "flowql.settings", "flowql.sdk"),
        "importing the SDK must not load the server stack (embedded mode imports it lazily)",
        top_level_only=True,
    ),
)


@dataclass(frozen=True)
class Import:
    target: str  # absolute dotted name: a module, or a package for `from pkg import name`
    line: int
    statement: str
    top_level: bool  # runs when the module is imported (not inside a function or TYPE_CHECKING)


@dataclass(frozen=True)
class Violation:
    module: str
    path: str
    imported: Import
    rule: LayerRule

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.imported.line}: {self.module} imports {self.imported.target} "
            f"(`{self.imported.statement}`), breaking the rule "
            f"'{self.rule.describe()}'"
        )


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def discover(src: Path = SRC) -> dict[str, Path]:
    """Every module of the package: dotted name -> file."""
    return {module_name(path, src): path for path in sorted((src / ROOT_PACKAGE).rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve_from(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(
    source: str, module: str, *, is_package: bool = False, known: frozenset[str] = frozenset()
) -> Iterator[Import]:
    """The imports in ``source`` (the code of ``module``), with absolute targets.

    ``from pkg import name`` targets ``pkg.name`` when that is a module in
    ``known`` or ``pkg`` is the root package; otherwise ``pkg``.
    """

    def visit(node: ast.AST, top_level: bool) -> Iterator[Import]:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            top_level = False
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno, ast.unparse(node), top_level)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_from(node, module, is_package)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                into_root = base == ROOT_PACKAGE and not alias.name.startswith("__")
                target = full if full in known or into_root else base
                yield Import(target, node.lineno, ast.unparse(node), top_level)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            # Imports for type checkers only: never run, so not top level.
            for stmt in node.body:
                yield from visit(stmt, False)
            for stmt in node.orelse:
                yield from visit(stmt, top_level)
            return
        for child in ast.iter_child_nodes(node):
            yield from visit(child, top_level)

    yield from visit(ast.parse(source), True)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def _breaks(rule: LayerRule, imported: Import) -> bool:
    if rule.top_level_only and not imported.top_level:
        return False
    target = imported.target
    if rule.kind == "never":
        return any(_within(target, banned) for banned in rule.targets)
    if _within(target, ROOT_PACKAGE):
        return not any(_within(target, allowed) for allowed in rule.targets)
    if rule.third_party is None:
        return False
    top = target.split(".")[0]
    return top not in sys.stdlib_module_names and top not in rule.third_party


def check_source(
    source: str,
    module: str,
    *,
    path: str = "<source>",
    is_package: bool = False,
    known: frozenset[str] = frozenset(),
    rules: tuple[LayerRule, ...] = RULES,
) -> list[Violation]:
    applicable = [rule for rule in rules if _within(module, rule.layer)]
    if not applicable:
        return []
    return [
        Violation(module, path, imported, rule)
        for imported in imports_of(source, module, is_package=is_package, known=known)
        for rule in applicable
        if _breaks(rule, imported)
    ]


def check_tree(src: Path = SRC) -> list[Violation]:
    modules = discover(src)
    known = frozenset(modules)
    return [
        violation
        for name, path in modules.items()
        for violation in check_source(
            path.read_text(),
            name,
            path=str(path.relative_to(src.parent)),
            is_package=path.name == "__init__.py",
            known=known,
        )
    ]


# --- the project ------------------------------------------------------------


def test_imports_follow_the_layer_rules() -> None:
    violations = check_tree()
    assert not violations, "Imports against the layers:\n" + "\n".join(map(str, violations))


def test_every_rule_applies_to_an_existing_package() -> None:
    """A renamed or removed layer would make its rule pass without checking anything."""
    modules = discover()
    missing = [rule.layer for rule in RULES if rule.layer not in modules]
    assert not missing, f"rules name packages that do not exist: {missing}"


def test_the_walker_sees_imports() -> None:
    modules = discover()
    app = modules["flowql.server.app"]
    targets = {i.target for i in imports_of(app.read_text(), "flowql.server.app")}
    assert "flowql.schema.build" in targets


# --- the checker itself -----------------------------------------------------


def _check(source: str, module: str, *, is_package: bool = False) -> list[str]:
    known = frozenset({"flowql.orchestration", "flowql.server", "flowql.server.app"})
    violations = check_source(source, module, is_package=is_package, known=known)
    return [str(violation) for violation in violations]


def test_checker_names_module_import_and_rule() -> None:
    [message] = _check("from flowql.server.app import create_app\n", "flowql.db.models")
    assert "flowql.db.models imports flowql.server.app" in message
    assert "`from flowql.server.app import create_app`" in message
    assert "flowql.db must not import" in message
    assert "<source>:1:" in message


def test_checker_catches_lazy_and_type_checking_imports_for_strict_layers() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from flowql.resolvers.query import Query\n"
        "def f():\n"
        "    import flowql.cli.main\n"
    )
    messages = _check(source, "flowql.services.runs")
    assert len(messages) == 2
    assert "imports flowql.resolvers.query" in messages[0]
    assert "imports flowql.cli.main" in messages[1]


def test_checker_resolves_relative_and_package_imports() -> None:
    assert _check("from ..server import app\n", "flowql.services.runs")
    assert _check("from .. import server\n", "flowql.services", is_package=True)
    assert not _check("from . import runs\n", "flowql.services", is_package=True)


def test_checker_allows_the_sdk_lazy_imports_only() -> None:
    top_level = "from flowql.db.database import Database\n"
    lazy = "def connect():\n    from flowql.db.database import Database\n"
    allowed = (
        "import httpx\n"
        "from flowql import orchestration\n"
        "from flowql.core.states import StateType\n"
        "from flowql.settings import Settings\n"
    )
    assert _check(top_level, "flowql.sdk.client.transport")
    assert not _check(lazy, "flowql.sdk.client.transport")
    assert not _check(allowed, "flowql.sdk.engine")
    # Re-exports of the root package (`from flowql import flow`) are not allowed.
    assert _check("from flowql import flow\n", "flowql.sdk.engine")


def test_checker_keeps_core_and_orchestration_pure() -> None:
    assert not _check("import enum\nimport coolname\nfrom datetime import UTC\n", "flowql.core.x")
    assert _check("import sqlalchemy\n", "flowql.core.x")
    assert _check("from flowql.settings import Settings\n", "flowql.core.x")
    assert not _check("from flowql.core.states import StateType\n", "flowql.orchestration.x")
    assert _check("import coolname\n", "flowql.orchestration.x")
    assert _check("from flowql.db import models\n", "flowql.orchestration.x")


def test_checker_ignores_modules_outside_the_rules() -> None:
    assert not _check("from flowql.sdk import flow\n", "flowql.server.app")
