"""No import circles in ``models/``: every import (module level or inside a function) points one way.

The graph is read from the source with ``ast`` (nothing is imported), so a circle hidden behind a function-level
import counts too: such a circle works only as long as nobody moves the import to the top.

One kind of arrow is left out on purpose: a registry's late-bound dispatch to what it registers, the way
``models/cli.py`` loads the task CLIs by name with ``importlib``. ``models/training/jobs.py`` is such a registry:
each job builder imports its task module inside the builder, when a process trains that job (its docstring says
so), and the task modules import the trainer. ``models/training/remote.py``'s ``get_executor`` is another: it
imports the executor a name picks (``local`` or ``ray``), and the executors import ``RemoteRun``. Only function-level imports of the modules in ``LATE_BOUND`` are
skipped; their module-level imports count like everyone else's.
"""

from __future__ import annotations

import ast

from util import ROOT

PACKAGE = ROOT / "models"
# registries that import what a name picks, when called: job builders -> task modules, executor name -> executor
LATE_BOUND = {"models.training.jobs", "models.training.remote"}


def _module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, object]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(current: str, is_package: bool, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([module] if module else []))


def _import_nodes(tree: ast.AST, *, module_level_only: bool):
    """Every Import / ImportFrom node, or only those outside function bodies."""
    todo = [tree]
    while todo:
        node = todo.pop()
        for child in ast.iter_child_nodes(node):
            if module_level_only and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child
            todo.append(child)


def import_graph() -> dict[str, set[str]]:
    """module -> the modules of ``models`` it imports (anywhere in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _import_nodes(tree, module_level_only=name in LATE_BOUND):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node.level, node.module)
                for alias in node.names:  # `from pkg import submodule` imports the submodule
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in modules else base)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    assert "models.cliutil" in graph["models.cli"]
    # models/lab/cli.py imports its helpers inside add_commands(): the graph must see that arrow
    assert "models.cliutil" in graph["models.lab.cli"]
    assert "models.tagging.types" in graph["models.tagging.baselines"]


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_models_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_command_modules_do_not_import_the_cli_that_loads_them():
    graph = import_graph()
    for name, targets in graph.items():
        if name != "models.__main__":
            assert "models.cli" not in targets, f"{name} imports models.cli"
