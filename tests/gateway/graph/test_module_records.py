"""Each graph module's record names the connectors it reads (`GraphModule.connectors`), checked against its source.

The record is what registers a source (the gateway serves the union of the records' connectors), so it must be true:
every `ctx.source("<name>")` a module's code sends names a connector its record declares, and every declared
connector is one the module imports. Helper modules of `graph/` (no record) may only read registered sources.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from kllgraph_gateway._graph import MODULES
from kllgraph_gateway._registry import SOURCE_NAMES
from kllgraph_gateway.graph._module import GraphModule

GRAPH_DIR = Path(importlib.import_module("kllgraph_gateway.graph").__file__ or "").parent


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _sources_read(tree: ast.Module) -> set[str]:
    """The names in every `<x>.source("<name>")` call."""
    return {node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "source"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)}


def _connectors_imported(tree: ast.Module) -> set[str]:
    """Connector packages the module imports: `from ..connectors import x` and `from ..connectors.x[...] import`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
            parts = node.module.split(".")
            if parts == ["connectors"]:
                found |= {alias.name for alias in node.names if alias.name.islower()}
            elif parts[0] == "connectors":
                found.add(parts[1])
    return found


def _file_of(module: GraphModule) -> Path:
    query_or_seed = module.query or module.seed
    assert query_or_seed is not None, module.name
    return Path(inspect.getfile(query_or_seed))


@pytest.mark.parametrize("module", [m for m in MODULES if m.connectors or m.seed], ids=lambda m: m.name)
def test_a_record_declares_what_its_module_reads(module: GraphModule) -> None:
    tree = _tree(_file_of(module))
    declared = {connector.SOURCE.name for connector in module.connectors}
    packages = {connector.__name__.rsplit(".", 1)[-1] for connector in module.connectors}
    assert _sources_read(tree) <= declared, f"{module.name} reads undeclared sources"
    assert packages <= _connectors_imported(tree), f"{module.name} declares connectors it does not import"


def test_helper_modules_read_only_registered_sources() -> None:
    record_files = {_file_of(m) for m in MODULES if m.connectors or m.seed}
    for path in sorted(GRAPH_DIR.glob("*.py")):
        if path not in record_files:
            assert _sources_read(_tree(path)) <= set(SOURCE_NAMES), path.name


def test_every_connector_folder_is_read_by_a_record() -> None:
    """A connector no record names would be silently unserved: no settings, no probe, no snapshot."""
    folders = {path.parent.name for path in (GRAPH_DIR.parent / "connectors").glob("*/__init__.py")}
    registered = {connector.__name__.rsplit(".", 1)[-1] for module in MODULES for connector in module.connectors}
    assert folders == registered
