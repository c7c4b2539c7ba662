"""The plan of the code holds: no import cycles, and nothing below ui loads Qt.

The layer contracts themselves are checked by `lint-imports` (pyproject.toml), run by
`make test`; these tests check what a contract cannot say.
"""

from __future__ import annotations

import subprocess
import sys

import grimp


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iteratively)."""
    modules = sorted(m for m in graph.modules if m.startswith("playground"))
    edges = {m: sorted(d for d in graph.find_modules_directly_imported_by(m)
                       if d.startswith("playground")) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    group.append(m)
                    if m == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_cycles_in_playground():
    # Imports inside functions and under TYPE_CHECKING count: a cycle is a cycle.
    graph = grimp.build_graph("playground", include_external_packages=False)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for m in ("playground.a", "playground.b", "playground.c"):
        graph.add_module(m)
    graph.add_import(importer="playground.a", imported="playground.b")
    graph.add_import(importer="playground.b", imported="playground.a")
    graph.add_import(importer="playground.c", imported="playground.a")
    assert _cycles(graph) == [["playground.a", "playground.b"]]


def test_the_layers_below_ui_load_without_qt():
    code = ("import sys, playground.workspace, playground.io, playground.engine, "
            "playground.workspace.document_edits, playground.workspace.network_edits; "
            "import pkgutil, importlib\n"
            "for pkg in (playground.engine, playground.io, playground.workspace):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph')]\n"
            "assert not bad, bad")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
