"""The graph modules' import graph, read from the source with `ast`: no cycle, and no hub imports a leaf module.

Every import counts: at the top, inside functions, under TYPE_CHECKING, and each `strawberry.lazy("...")` string.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from kllgraph_gateway.graph._module import GraphModule

GRAPH_DIR = Path(importlib.import_module("kllgraph_gateway.graph").__file__ or "").parent
PACKAGE = "kllgraph_gateway.graph"
MODULE_NAMES = sorted(path.stem for path in GRAPH_DIR.glob("*.py") if path.stem != "__init__")


def _resolve(target: str, level: int) -> str | None:
    """The graph module `target` names (relative at `level`, or absolute), or None when it lies outside `graph/`."""
    if level == 1:
        return target.split(".")[0] or None
    if level == 0 and target.startswith(PACKAGE + "."):
        return target.removeprefix(PACKAGE + ".").split(".")[0]
    return None


def _is_lazy_call(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "lazy") or (isinstance(func, ast.Name)
                                                                         and func.id == "lazy")


def _imported(node: ast.AST) -> Iterator[str | None]:
    if isinstance(node, ast.ImportFrom):
        base = _resolve(node.module or "", node.level)
        if node.level == 1 and not node.module:  # `from . import jobads`
            yield from (alias.name for alias in node.names)
        else:
            yield base
    elif isinstance(node, ast.Import):
        yield from (_resolve(alias.name, 0) for alias in node.names)
    elif isinstance(node, ast.Call) and _is_lazy_call(node) and node.args:
        argument = node.args[0]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            level = len(argument.value) - len(argument.value.lstrip("."))
            yield _resolve(argument.value.lstrip("."), level)


def imports_of(name: str) -> set[str]:
    """The graph modules `name` imports, in any form."""
    tree = ast.parse((GRAPH_DIR / f"{name}.py").read_text(encoding="utf-8"))
    found = {target for node in ast.walk(tree) for target in _imported(node)}
    return {target for target in found if target in MODULE_NAMES and target != name}


IMPORTS = {name: imports_of(name) for name in MODULE_NAMES}


def _record(name: str) -> GraphModule | None:
    record = getattr(importlib.import_module(f"{PACKAGE}.{name}"), "MODULE", None)
    return record if isinstance(record, GraphModule) else None


# Hubs are what the records say; leaves are the other public modules with a record (`_` modules are shared helpers).
HUBS = sorted(name for name in MODULE_NAMES if (record := _record(name)) is not None and record.hub)
LEAVES = sorted(name for name in MODULE_NAMES
                if not name.startswith("_") and (record := _record(name)) is not None and not record.hub)


def _reachable(start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in IMPORTS[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def test_the_parser_sees_every_import_form() -> None:
    source = (
        "from typing import TYPE_CHECKING\nimport strawberry\nfrom . import jobads\nfrom .schools import X\n"
        "import kllgraph_gateway.graph.research\nfrom ..connectors import taxonomy\n"
        "if TYPE_CHECKING:\n    from .statistics import Y\n"
        "def f():\n    from .educations import Z\n"
        "T = Annotated[W, strawberry.lazy('.datasets')]\nU = Annotated[W, lazy('kllgraph_gateway.graph.syllabus')]\n"
    )
    found = {target for node in ast.walk(ast.parse(source)) for target in _imported(node)} - {None}

    assert found == {"jobads", "schools", "research", "statistics", "educations", "datasets", "syllabus"}


def test_hubs_and_leaves_are_found() -> None:
    assert {"geography", "organisations", "occupations"} <= set(HUBS)
    assert {"jobads", "schools", "educations", "statistics"} <= set(LEAVES)


def test_graph_modules_import_no_cycle() -> None:
    cycles = sorted(name for name in MODULE_NAMES if name in _reachable(name))

    assert not cycles, f"graph modules on an import cycle: {cycles}"


@pytest.mark.parametrize("hub", HUBS)
def test_no_hub_imports_a_leaf(hub: str) -> None:
    leaves = sorted(_reachable(hub) & set(LEAVES))

    assert not leaves, f"hub {hub} imports leaf modules (directly or through others): {leaves}"
