"""What a graph module contributes, declared once as a record (`MODULE`), never registered as an import side effect.

`kllgraph_gateway._graph.MODULES` lists the records; the schema, `node(id:)`, the organisation hub's names and the
snapshot recorder are all built from that one list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ._seeds import Seed

if TYPE_CHECKING:  # the Context carries a Graph: only the annotation goes the other way
    from ._context import Context

__all__ = ["Graph", "GraphModule", "NameProvider", "NodeLoader"]

NodeLoader = Callable[["Context", str], Awaitable[Any]]


@dataclass(frozen=True)
class NameProvider:
    """Names organisations from `source`; providers are asked by ascending `priority` (registries before ads).

    `name` returns None when the source does not know the organisation.
    """

    source: str
    priority: int
    name: Callable[[Context, str], Awaitable[str | None]]


@dataclass(frozen=True)
class GraphModule:
    """Everything one graph module adds to the gateway."""

    name: str
    # A hub (geography, organisations, occupations) is what the other modules link to: its seed runs last, as it
    # follows what the others returned.
    hub: bool = False
    query: type | None = None  # its root fields (a strawberry type), merged into Query
    types: tuple[type, ...] = ()  # entity types the schema must name (those reachable only through `node(id:)`)
    nodes: Mapping[str, NodeLoader] = field(default_factory=dict)  # Node type name -> load by key
    seed: Seed | None = None  # the queries a snapshot recording runs for it
    name_provider: NameProvider | None = None


@dataclass(frozen=True)
class Graph:
    """The per-process view over the modules that resolvers need at request time (on `Context.graph`)."""

    modules: tuple[GraphModule, ...] = ()

    @cached_property
    def node_loaders(self) -> Mapping[str, NodeLoader]:
        loaders: dict[str, NodeLoader] = {}
        for module in self.modules:
            for type_name, loader in module.nodes.items():
                if type_name in loaders:
                    raise ValueError(f"two graph modules load Node type {type_name}")
                loaders[type_name] = loader
        return MappingProxyType(loaders)

    @cached_property
    def seeds(self) -> tuple[Seed, ...]:
        """The recording order: sources first, hubs last."""
        ordered = sorted(self.modules, key=lambda module: module.hub)
        return tuple(module.seed for module in ordered if module.seed is not None)

    @cached_property
    def name_providers(self) -> tuple[NameProvider, ...]:
        found = (m.name_provider for m in self.modules if m.name_provider is not None)
        return tuple(sorted(found, key=lambda provider: provider.priority))
