"""The services folder shows the architecture, and its modules import each other without circles.

A circle hidden behind function-level imports still couples two modules; here only module-level
imports count (the ones that decide import order), and ``if TYPE_CHECKING`` blocks do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CAPABILITIES = {
    "accounts",
    "learning",
    "practice",
    "certification",
    "studio",
    "analytics",
    "common",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_level_imports(path: Path, known: set[str]) -> set[str]:
    """The ``known`` modules that ``path`` imports when it is itself imported."""
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                break
            if isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                for alias in inner.names:
                    full = f"{inner.module}.{alias.name}"
                    found.add(full if full in known else inner.module)
            elif isinstance(inner, ast.Import):
                found.update(alias.name for alias in inner.names)
    return found & known


def import_graph(folders: list[str]) -> dict[str, set[str]]:
    paths = [p for folder in folders for p in (ROOT / folder).rglob("*.py")]
    known = {module_name(p) for p in paths}
    return {module_name(p): module_level_imports(p, known) - {module_name(p)} for p in paths}


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle_and_ignores_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_services_are_grouped_by_capability():
    loose = sorted(p.name for p in (ROOT / "app/services").glob("*.py") if p.name != "__init__.py")
    packages = {p.name for p in (ROOT / "app/services").iterdir() if (p / "__init__.py").exists()}
    assert loose == []
    assert packages == CAPABILITIES


def test_services_and_seed_scale_import_without_circles():
    graph = import_graph(["app/services", "app/seed_scale"])
    assert len(graph) > 60
    assert cycles(graph) == []


def test_only_the_cli_imports_seed_scale():
    importers = {
        module_name(path)
        for path in (ROOT / "app").rglob("*.py")
        if "seed_scale" not in path.parts and "app.seed_scale" in path.read_text()
    }
    assert importers == {"app.commands.scale"}
