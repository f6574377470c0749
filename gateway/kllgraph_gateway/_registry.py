"""The sources the gateway knows, derived from the graph modules' records: a source is registered by the module that
reads it (`GraphModule.connectors`), so adding one edits no list here.

SOURCES (in the order the modules first name them), SOURCE_NAMES and the `doctor` probes (PROBES) all follow from
`_graph.MODULES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._graph import GRAPH
from .connectors import Connector, Probe, Source

__all__ = ["CONNECTORS", "PROBES", "SOURCES", "SOURCE_NAMES", "source"]

CONNECTORS: tuple[Connector, ...] = GRAPH.connectors
SOURCES: tuple[Source, ...] = GRAPH.sources
SOURCE_NAMES: tuple[str, ...] = tuple(s.name for s in SOURCES)
PROBES: Mapping[str, Probe] = MappingProxyType({c.SOURCE.name: c.probe for c in CONNECTORS})


def source(name: str) -> Source:
    for candidate in SOURCES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
