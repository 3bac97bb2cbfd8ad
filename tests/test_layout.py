"""The tree keeps its shape: tests share helpers only through conftest, never each other."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_test_module_imports_another() -> None:
    offenders = {
        f"{path.relative_to(TESTS)} -> {name}"
        for path in TESTS.rglob("*.py")
        for name in _imported_modules(path)
        if name.startswith("tests.test_")
    }
    assert offenders == set()


PACKAGES = ("models", "store", "exporters", "tui", "usecases")
ROOT = TESTS.parent


def _module_graph() -> dict[str, set[str]]:
    """Our modules and the modules of ours each imports when it is loaded (imports at module
    level, outside ``if TYPE_CHECKING:``; imports inside functions run later and are left out)."""
    paths = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.update(
                    m
                    for m in (node.module, *(f"{node.module}.{a.name}" for a in node.names))
                    if m in paths
                )
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in paths)
        graph[name] = found - {name}
    return graph


def test_no_import_cycle_when_modules_load() -> None:
    graph = _module_graph()
    assert len(graph) > 60  # the walk found the packages
    assert _cycles(graph) == []


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _all_imports(tree: ast.AST, known: set[str]) -> set[str]:
    """Our modules imported anywhere in ``tree``: at module level and inside functions (those
    run later, when the function runs), but not under ``if TYPE_CHECKING:``."""
    found: set[str] = set()
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            todo.extend(node.orelse)
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update(
                m
                for m in (node.module, *(f"{node.module}.{a.name}" for a in node.names))
                if m in known
            )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        todo.extend(ast.iter_child_nodes(node))
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(graph[module]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_import_cycle_even_through_imports_inside_functions() -> None:
    paths = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    known = set(paths)
    graph = {
        name: _all_imports(ast.parse(path.read_text(encoding="utf-8")), known) - {name}
        for name, path in paths.items()
    }
    assert {"tui.app", "tui.screens.board", "tui.screens.step_detail"} <= known
    assert "tui.screens.board" in graph["tui.app"]  # the walk sees the App's imports
    assert "tui.screens.step_detail" in graph["tui.screens.board"]  # and those in functions
    assert _cycles(graph) == []


def test_no_import_cycle_in_the_cli_and_use_cases() -> None:
    """``tui.cli``, ``tui.cli_*`` and ``usecases.*`` import each other without a cycle, counting
    also the imports inside functions (deferred imports hide a cycle without removing it)."""
    paths = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts): path
        for pattern in ("tui/cli.py", "tui/cli_*.py", "usecases/*.py")
        for path in ROOT.glob(pattern)
        if path.name != "__init__.py"
    }
    known = set(paths)
    assert {"tui.cli", "tui.cli_common", "usecases.reporting"} <= known
    graph = {
        name: _all_imports(ast.parse(path.read_text(encoding="utf-8")), known) - {name}
        for name, path in paths.items()
    }
    assert "tui.cli_init" in graph["tui.cli"]  # the walk sees the imports inside functions
    assert _cycles(graph) == []


def test_the_cli_reaches_the_store_only_through_use_cases() -> None:
    """No ``ctx.store`` (nor any ``.store`` attribute) in ``tui/cli*.py``: the commands call use
    cases, which own the transactions."""
    offenders = {
        f"{path.name}:{node.lineno}"
        for path in ROOT.glob("tui/cli*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "store"
    }
    assert len(list(ROOT.glob("tui/cli*.py"))) > 3
    assert offenders == set()


def test_screens_reach_the_data_file_only_through_use_cases() -> None:
    """No module of the board touches the store itself: screens call use cases (in a worker,
    ``tui.base.run_store``). Only the app's one watcher of the data file (tui/base.py) and the
    command line (tui/cli*.py) may name it."""
    allowed = {"base.py"}
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        relative = path.relative_to(ROOT / "tui")
        if str(relative) in allowed or relative.name.startswith("cli"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if "ctx.store" in code or ".store.read(" in code or ".store.write(" in code:
                found.append(f"tui/{relative}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
