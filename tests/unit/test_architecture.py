"""The package reads as the data flow: each stage imports only those before it, no import circle, a thin adapter."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "service_charter"
NAME = "service_charter"

RANKS = {
    "problems": 0,
    "richtext": 0,
    "model": 1,
    "addresses": 2,
    "i18n": 2,
    "load": 3,
    "generated": 3,
    "scaffolding": 3,
    "pages": 4,
    "search": 5,
    "publish": 6,
    "mkdocs_plugin": 7,
    "cli": 7,
    "__main__": 8,
    "__init__": 8,
}
"""Each part of the package and its place in the flow: a part may import only parts of a lower rank, and itself."""
FRAMEWORKS = ("mkdocs", "properdocs", "material")
"""Only the adapter may import these: the core must keep working when MkDocs gives way."""
ADAPTER_MAX_LINES = 250
"""Well under the 300 lines of a module that has begun to hold more than events."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((NAME, *parts))


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports, anywhere in it (inside functions too), as absolute names with their lines."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]  # `from . import x`
    return found


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def part(module: str) -> str:
    """`service_charter.load.records` → `load`; the package itself → `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, set[str]]:
    """Each module of the package → the modules of the package it imports.

    The package itself is left out as a target: Python runs it before any of its modules, whoever imports.
    """
    known = modules()
    return {
        name: {target for _, target in imports(path) if target in known and target not in (name, NAME)}
        for name, path in known.items()
    }


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    """Imports of a part of the same or a higher rank than the importer's (other than itself)."""
    wrong = []
    for source, targets in edges.items():
        for target in targets:
            here, there = part(source), part(target)
            if here != there and RANKS[there] >= RANKS[here]:
                wrong.append(f"{source} imports {target} ({here} is not above {there})")
    return sorted(wrong)


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import circles among modules (strongly connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_part_of_the_package_has_a_place_in_the_flow():
    assert {part(name) for name in modules()} == set(RANKS)


def test_no_part_imports_a_later_stage():
    assert upward_imports(graph()) == []


def test_no_import_circle():
    assert circles(graph()) == []


def test_only_the_adapter_imports_mkdocs():
    wrong = [
        f"{module}:{line} imports {target}"
        for module, path in modules().items()
        if part(module) != "mkdocs_plugin"
        for line, target in imports(path)
        if target.split(".")[0] in FRAMEWORKS
    ]
    assert wrong == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "mkdocs_plugin").glob("*.py")), ids=lambda path: path.name)
def test_the_adapter_is_thin(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < ADAPTER_MAX_LINES, f"{path.name}: {lines} lines"


@pytest.mark.parametrize("package", sorted(PACKAGE.rglob("__init__.py")), ids=lambda path: path.parent.name)
def test_each_package_says_what_it_owns(package):
    docstring = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8")))
    assert docstring and len(docstring) > 60, f"{package}: say in its docstring what the package owns"


def test_the_checks_catch_an_upward_import_and_a_circle():
    """The checks above would fail on a model that imports a page, and on two modules that import each other."""
    edges = {f"{NAME}.model.charter": {f"{NAME}.pages.specs"}, f"{NAME}.pages.specs": {f"{NAME}.model.charter"}}
    assert upward_imports(edges) == [f"{NAME}.model.charter imports {NAME}.pages.specs (model is not above pages)"]
    assert circles(edges) == [[f"{NAME}.model.charter", f"{NAME}.pages.specs"]]


def test_relative_imports_are_read_as_python_reads_them():
    loader = {target for _, target in imports(PACKAGE / "load" / "loader.py")}
    assert {f"{NAME}.model.kinds", f"{NAME}.load.records", f"{NAME}.problems"} <= loader
    package = {target for _, target in imports(PACKAGE / "__init__.py")}
    assert f"{NAME}.load.loader" in package
