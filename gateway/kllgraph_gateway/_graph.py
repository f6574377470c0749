"""The graph modules the gateway serves: the one list a new source is added to.

Each entry names a module under `graph/` that exports `MODULE`, a `GraphModule` record. Everything else is built from
this list: the schema (`_schema`), `node(id:)` and the organisation hub's names (`GRAPH`, on every request's Context),
the snapshot recorder (`_record`), and the registered sources, their settings and `doctor` probes (`_registry`, from
the connector packages each record names). The order is the order of the root fields.
"""

from __future__ import annotations

from importlib import import_module

from .graph._module import Graph, GraphModule

__all__ = ["GRAPH", "MODULES", "load_modules"]


def load_modules(*names: str) -> tuple[GraphModule, ...]:
    """The `MODULE` record of each named module of the `graph` package, in order.

    Importing a module registers nothing; its record is read here, explicitly, and checked for its type.
    """
    modules = []
    for name in names:
        record = getattr(import_module(f"{__package__}.graph.{name}"), "MODULE", None)
        if not isinstance(record, GraphModule):
            raise TypeError(f"graph module {name} exports no MODULE = GraphModule(...)")
        modules.append(record)
    return tuple(modules)


MODULES: tuple[GraphModule, ...] = load_modules(
    "jobads",
    "occupations",
    "geography",
    "historical",
    "crosswalks",
    "organisations",
    "schools",
    "syllabus",
    "_node",
    "_provenance",
    "research",
    "datasets",
    "educations",
    "statistics",
    "outlook",
    "skills",
    "careers",
    "experience",
)

GRAPH = Graph(MODULES)
