"""Guard rail: every registered source is exercised by at least one SDK operation (`sdk/operations/*.graphql`).

A source counts as exercised when an operation selects a root field or a hub link contributed by a graph module
whose record names the source's connector (`GraphModule.connectors`). Fragments are followed, since operations
select through them.
"""

from __future__ import annotations

from pathlib import Path

from graphql import parse

from kllgraph_gateway import build_schema
from kllgraph_gateway._graph import MODULES
from kllgraph_gateway._registry import SOURCE_NAMES

from .graph_fields import contributed_fields, selected_fields

OPERATIONS = Path(__file__).resolve().parents[2] / "sdk" / "operations"


def _selected_fields() -> set[tuple[str, str]]:
    """(parent type, field) for every field the SDK operations select, fragments included."""
    document = parse("\n".join(p.read_text(encoding="utf-8") for p in sorted(OPERATIONS.glob("*.graphql"))))
    return selected_fields(build_schema()._schema, document)


def _module_fields() -> dict[tuple[str, str], set[str]]:
    """(parent type, field) -> the sources of the module contributing it (root fields and hub links)."""
    backed: dict[tuple[str, str], set[str]] = {}
    for module in MODULES:
        for key in contributed_fields(module):
            backed.setdefault(key, set()).update(c.SOURCE.name for c in module.connectors)
    return backed


def test_module_fields_are_named_as_the_schema_names_them() -> None:
    query_type = build_schema()._schema.query_type
    assert query_type is not None
    roots = {field for parent, field in _module_fields() if parent == "Query"}
    assert roots <= set(query_type.fields), roots - set(query_type.fields)


def test_every_registered_source_has_an_sdk_operation() -> None:
    selected = _selected_fields()
    exercised = {source for key, sources in _module_fields().items() if key in selected for source in sources}
    missing = sorted(set(SOURCE_NAMES) - exercised)
    assert not missing, f"no SDK operation selects a field backed by: {missing}"
