"""The directions imports may take between the project's layers, and a checker for them.

From the bottom: the public contract (``schemas``), the network's reference data, the
runtime, the referral desk, the agency services, the operator side (``ops``). A module
imports only its own layer and the layers below it; the services never import each
other; ``schemas`` imports nothing but pydantic, cryptography (signing and sealing) and
the standard library, so an agency's own system can install it alone. Every module of the
project must belong to a layer: a new one that does not is reported, not waved through.

The checker reads the source (``ast``), so it sees what the interpreter only meets at
run time: imports inside functions or under ``TYPE_CHECKING``, and modules loaded by
name — a string constant that names a project module (``"services.intake:SERVICE"``,
``importlib.import_module("ops.cli.main")``, ``python -m ops.serve``) counts as an
import of that module.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("schemas", "rujukan", "services", "ops")
"""The project's top-level packages, the only ones the checker reads."""


@dataclass(frozen=True)
class Layer:
    """A layer: the packages under each prefix, plus single modules named exactly."""

    name: str
    prefixes: tuple[str, ...]
    exact: tuple[str, ...] = ()


LAYERS: tuple[Layer, ...] = (
    Layer("schemas", ("schemas",)),
    Layer(
        "reference",
        (
            "rujukan.directory",
            "rujukan.matrix",
            "rujukan.topology",
            "rujukan.acls",
            "rujukan.calendar",
            "rujukan.identity_needs",
            "rujukan.senders",
            "rujukan.referral_deadlines",
            "rujukan.datafiles",
            "rujukan.errors",
            "rujukan.rules",
            "rujukan.referrer",
            "rujukan.stamps",
            "rujukan.tokens",
            "rujukan.disclosure",
            "rujukan.report_periods",
            "rujukan.report_html",
            "rujukan.senders",
            "rujukan.rule_sets",
        ),
        exact=("rujukan",),
    ),
    Layer("runtime", ("rujukan.runtime",)),
    Layer("desk", ("rujukan.desk",)),
    Layer("services", ("services",)),
    Layer("ops", ("ops",)),
)
"""The layers from the bottom: each may import only itself and the layers before it."""

INDEPENDENT = "services"
"""Packages under this one (``services.intake``, ``services.health``...) never import
each other: what two services share belongs in a lower layer."""

EXTERNAL_ALLOWED: dict[str, frozenset[str]] = {
    "schemas": frozenset({"pydantic", "cryptography"}) | frozenset(sys.stdlib_module_names),
}
"""Layers that may import only these outside distributions (top-level names)."""

_MODULE_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


@dataclass(frozen=True)
class Violation:
    """One import that breaks a rule: where it is, what it imports, which rule."""

    path: Path
    line: int
    importer: str
    imported: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.importer} imports {self.imported}: {self.rule}"


def layer_of(module: str) -> Layer | None:
    """The layer a project module belongs to (longest matching prefix), or None."""
    best: tuple[int, Layer] | None = None
    for layer in LAYERS:
        for prefix in layer.prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[0]
            ):
                best = (len(prefix), layer)
        if module in layer.exact and (best is None or len(module) > best[0]):
            best = (len(module), layer)
    return best[1] if best else None


def module_name(root: Path, path: Path) -> str:
    """``ops/cli/main.py`` → ``ops.cli.main``; a package's ``__init__.py`` → the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path) -> dict[str, Path]:
    """Every module of the project's packages under ``root``, by dotted name."""
    return {
        module_name(root, path): path
        for package in PACKAGES
        for path in sorted((root / package).rglob("*.py"))
        if ".venv" not in path.parts
    }


def check_tree(root: Path) -> list[Violation]:
    """Every violation in the project's packages under ``root``."""
    modules = project_modules(root)
    known = frozenset(modules)
    violations: list[Violation] = []
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        violations.extend(check_source(name, path, source, known, is_package(path)))
    return violations


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def check_source(
    importer: str,
    path: Path,
    source: str,
    known: frozenset[str],
    package: bool = False,
) -> list[Violation]:
    """The violations of one module's source; ``known`` are the project's module names."""
    own = layer_of(importer)
    if own is None:
        return [Violation(path, 1, importer, importer, "module belongs to no layer")]
    return [
        Violation(path, line, importer, imported, rule)
        for line, imported in imports_of(importer, source, known, package)
        if (rule := broken_rule(importer, own, imported)) is not None
    ]


def broken_rule(importer: str, own: Layer, imported: str) -> str | None:
    """The rule ``importer`` (in layer ``own``) breaks by importing ``imported``, if any."""
    top = imported.split(".")[0]
    if top not in PACKAGES:
        allowed = EXTERNAL_ALLOWED.get(own.name)
        if allowed is None or top in allowed:
            return None
        return f"layer {own.name} imports only {_external_names(own.name)}"
    target = layer_of(imported)
    if target is None:
        return "imported module belongs to no layer"
    if LAYERS.index(target) > LAYERS.index(own):
        below = ", ".join(layer.name for layer in LAYERS[: LAYERS.index(own) + 1])
        return f"layer {own.name} imports only layers {below}"
    if _unit(importer) and _unit(imported) and _unit(importer) != _unit(imported):
        return f"the packages under {INDEPENDENT} never import each other"
    return None


def _external_names(layer: str) -> str:
    named = sorted(EXTERNAL_ALLOWED[layer] - frozenset(sys.stdlib_module_names))
    return ", ".join(named) + " and the standard library"


def _unit(module: str) -> str | None:
    """``services.health.domain`` → ``services.health``; None outside ``INDEPENDENT``."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == INDEPENDENT and len(parts) > 1 else None


def imports_of(
    importer: str, source: str, known: frozenset[str], package: bool = False
) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for each import statement and each string naming a module."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(importer, node.module, node.level, package)
            for alias in node.names:
                member = f"{base}.{alias.name}"
                yield node.lineno, member if member in known else base
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            named = _named_module(node.value, known)
            if named is not None:
                yield node.lineno, named


def _absolute(importer: str, module: str | None, level: int, package: bool) -> str:
    """The absolute module a (possibly relative) ``from ... import`` reads from."""
    if level == 0:
        return module or ""
    parts = importer.split(".")
    keep = len(parts) - level + (1 if package else 0)
    base = parts[:keep]
    return ".".join([*base, module] if module else base)


def _named_module(text: str, known: frozenset[str]) -> str | None:
    """The project module a string names (``"pkg.mod"`` or ``"pkg.mod:attr"``), if any."""
    name = text.split(":", 1)[0] if text.count(":") == 1 else text
    if "." not in name or not _MODULE_NAME.fullmatch(name):
        return None
    return name if name in known else None
