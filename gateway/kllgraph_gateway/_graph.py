"""The graph modules the gateway serves. Adding one: a module under `graph/` exporting `MODULE`, and one line here.

The schema (`_schema`), `node(id:)` and the organisation hub's names (`GRAPH`, on every request's Context) and the
snapshot recorder (`_record`) are all built from this one list. The order is the order of the root fields.
"""

from __future__ import annotations

from .graph import (
    _node,
    _provenance,
    crosswalks,
    datasets,
    educations,
    geography,
    historical,
    jobads,
    occupations,
    organisations,
    research,
    schools,
    statistics,
    syllabus,
)
from .graph._module import Graph, GraphModule

__all__ = ["GRAPH", "MODULES"]

MODULES: tuple[GraphModule, ...] = (
    jobads.MODULE,
    occupations.MODULE,
    geography.MODULE,
    historical.MODULE,
    crosswalks.MODULE,
    organisations.MODULE,
    schools.MODULE,
    syllabus.MODULE,
    _node.MODULE,
    _provenance.MODULE,
    research.MODULE,
    datasets.MODULE,
    educations.MODULE,
    statistics.MODULE,
)

GRAPH = Graph(MODULES)
