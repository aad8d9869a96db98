"""The package's shape: stages in their own folders, shared pieces underneath, no import cycles.

The import graph is read from the source (every ``import``/``from … import``, including
those inside functions: a function-level import that closes a cycle is still a cycle).
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ctrxl"

# Shared model and helpers: they must not reach up into a stage. (The template build scripts
# ctrxl.resources.make_* do: they lay out a stage's templates, and nothing imports them.)
SHARED = {"ctrxl.model", "ctrxl.vn", "ctrxl.errors", "ctrxl.problems", "ctrxl.messages", "ctrxl.store",
          "ctrxl.xlsxout", "ctrxl.resources", "ctrxl.signing", "ctrxl.progress", "ctrxl.bulk"}
STAGES = ("definition", "workbook", "collect", "track", "report", "mail", "importer", "demo")


def _modules() -> dict[str, tuple[Path, bool]]:
    mods = {}
    for p in PACKAGE.rglob("*.py"):
        parts = list(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        mods[".".join(parts[:-1] if is_pkg else parts)] = (p, is_pkg)
    return mods


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, (path, is_pkg) in mods.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_pkg else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    deps.add(sub if sub in mods else target)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
        graph[name] = {d for d in deps if d in mods and d != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    # a package's __init__ importing its own submodules is not a cycle worth naming
    graph = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in import_graph().items()}
    assert _cycles(graph) == []


def test_shared_modules_do_not_import_stages() -> None:
    graph = import_graph()
    offenders = {m: sorted(d for d in deps if d.split(".")[1] in STAGES)
                 for m, deps in graph.items() if m in SHARED or m.startswith("ctrxl.messages.")}
    assert {m: d for m, d in offenders.items() if d} == {}


def test_every_stage_has_its_folder() -> None:
    assert all((PACKAGE / stage / "__init__.py").is_file() for stage in STAGES)
    top = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))
    # beside the stages only the command line and shared pieces stay at the top
    assert set(top) <= {"cli", "cli_lang", "workspace", "clock", "outputs"} | {s.split(".")[1] for s in SHARED}, top
