"""The checks that keep the shape: layers import only downwards, the core stays free of
spreadsheet and data-frame libraries, and no two modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "nianbao"

# Lower layers first. A module may import its own layer and any layer below it, never above.
LAYERS: list[set[str]] = [
    {"errors", "spec"},
    {"check"},
    {"narrative", "view"},
    {"io", "build", "importers", "export"},
    {"excel", "batch", "collect"},
    {"commands", "service"},
    {"cli", "__main__"},
]
LAYER_OF = {name: i for i, names in enumerate(LAYERS) for name in names}
CORE = {"spec", "check", "narrative"}
HEAVY = {"xlwings", "openpyxl", "pandas", "numpy", "xlsxwriter", "python_calamine", "docx", "pdfplumber"}


def modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(("nianbao",) + parts).removesuffix(".__init__")
        out[name] = path
    return out


def imports(path: Path, top_level_only: bool = False) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]
    return found


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_package_has_a_layer():
    packages = {package_of(m) for m in modules()} - {""}
    assert packages <= set(LAYER_OF), packages - set(LAYER_OF)


def test_layers_import_only_downwards():
    known = modules()
    wrong = []
    for module, path in known.items():
        mine = LAYER_OF.get(package_of(module))
        for target in imports(path):
            if not target.startswith("nianbao.") or target not in known:
                continue
            theirs = LAYER_OF.get(package_of(target))
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_the_core_imports_no_spreadsheet_or_data_frame_library():
    wrong = [
        f"{module} → {target}"
        for module, path in modules().items()
        if package_of(module) in CORE
        for target in imports(path)
        if target.split(".")[0] in HEAVY
    ]
    assert wrong == []


def test_no_import_cycles_between_modules():
    known = modules()
    graph = {m: {t for t in imports(p, top_level_only=True) if t in known and t != m} for m, p in known.items()}
    # A package's __init__ importing its own submodules is how a package is assembled, not a cycle.
    for m in graph:
        graph[m] = {t for t in graph[m] if not t.startswith(m + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize("module", ["nianbao.spec.rules", "nianbao.check.checker", "nianbao.check.findings"])
def test_core_modules_start_without_heavy_libraries(module):
    import subprocess
    import sys

    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(HEAVY)!r}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
