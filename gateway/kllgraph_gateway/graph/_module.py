"""What a graph module contributes, declared once as a record (`MODULE`), never registered as an import side effect.

`kllgraph_gateway._graph.MODULES` lists the records; the schema, `node(id:)`, the organisation hub's names, the
snapshot recorder and the registered sources (each record names the connector packages it reads) are all built from
that one list.

Hubs (`Municipality`, `Region`, `Organisation`, `Occupation`) declare only their own fields. A module whose entities
a hub links to declares the link in its record (`GraphModule.links`), and `compose_hubs` adds those fields to the hub
types when the schema is built: a new link never edits a hub module, and hub modules import no leaf module.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

import strawberry
from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField

from ..connectors import Connector, Source
from ._seeds import Seed

__all__ = ["Graph", "GraphModule", "HubLink", "NameProvider", "NodeLoader", "Preload", "compose_hubs", "hub_link"]

# Loaders and name providers take the request's `_context.Context` first. It is typed Any here because the Context
# carries a `Graph` (`_context` imports this module), and the graph modules import no cycle, not even for annotations.
NodeLoader = Callable[[Any, str], Awaitable[Any]]
# Reads the slow-changing metadata a module's fields need (e.g. SCB /config and table metadata, the Taxonomy mirrors)
# into the upstream cache: at startup and then in the background (`_preload`), never inside a client's request.
Preload = Callable[[Any], Awaitable[None]]


@dataclass(frozen=True)
class NameProvider:
    """Names organisations from `source`; providers are asked by ascending `priority` (registries before ads).

    `name` returns None when the source does not know the organisation.
    """

    source: Source
    priority: int
    name: Callable[[Any, str], Awaitable[str | None]]  # (Context, organisation number)


@dataclass(frozen=True)
class HubLink:
    """A field one module adds to a hub type, e.g. jobads' `Municipality.jobAds`.

    `name` is the Python name (the schema spells it in camelCase); `field` is a `strawberry.field` whose resolver
    takes the hub object as `root`. `seed` is the selection a snapshot recording runs on every hub entity the hub's
    seed lists (e.g. `jobAds(first: 100) { totalCount edges { node { id } } }`), so the link answers offline.
    """

    hub: type
    name: str
    field: StrawberryField
    seed: str = ""


def hub_link(hub: type, name: str, resolver: Callable[..., Any], *, description: str, seed: str = "",
             directives: Sequence[object] = ()) -> HubLink:
    """The link field `hub.<name>`, answered by `resolver(root: <hub>, info, ...)`; `directives` are schema
    directives on the field (e.g. `_limits.ListSize`)."""
    field = strawberry.field(resolver=resolver, description=description, directives=directives)
    return HubLink(hub=hub, name=name, field=field, seed=seed)


@dataclass(frozen=True)
class GraphModule:
    """Everything one graph module adds to the gateway."""

    name: str
    # A hub (geography, organisations, occupations) is what the other modules link to: its seed runs last, as it
    # follows what the others returned.
    hub: bool = False
    query: type | None = None  # its root fields (a strawberry type), merged into Query
    # The connector packages its fields read; the gateway's sources are the union over all records (`_registry`).
    connectors: tuple[Connector, ...] = ()
    types: tuple[type, ...] = ()  # entity types the schema must name (those reachable only through `node(id:)`)
    nodes: Mapping[str, NodeLoader] = field(default_factory=dict)  # Node type name -> load by key
    seed: Seed | None = None  # the queries a snapshot recording runs for it
    name_provider: NameProvider | None = None
    links: tuple[HubLink, ...] = ()  # the fields it adds to hub types (composed by `compose_hubs`)
    preload: Preload | None = None  # its slow-changing metadata, loaded at startup and refreshed in the background


@dataclass(frozen=True)
class Graph:
    """The per-process view over the modules that resolvers need at request time (on `Context.graph`)."""

    modules: tuple[GraphModule, ...] = ()

    @cached_property
    def connectors(self) -> tuple[Connector, ...]:
        """Every connector some module reads, once, in the order the modules first name them."""
        return tuple(dict.fromkeys(connector for module in self.modules for connector in module.connectors))

    @cached_property
    def sources(self) -> tuple[Source, ...]:
        sources = tuple(connector.SOURCE for connector in self.connectors)
        names = [source.name for source in sources]
        if len(set(names)) != len(names):
            raise ValueError(f"two connectors declare one source name: {sorted(names)}")
        return sources

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

    def link_seeds(self, hub: type) -> str:
        """The seed selections of every link the modules add to `hub`, for the hub's own seed."""
        return "\n".join(link.seed for module in self.modules for link in module.links
                         if link.hub is hub and link.seed)

    @cached_property
    def name_providers(self) -> tuple[NameProvider, ...]:
        found = (m.name_provider for m in self.modules if m.name_provider is not None)
        return tuple(sorted(found, key=lambda provider: provider.priority))


def compose_hubs(modules: Iterable[GraphModule]) -> None:
    """Adds every record's link fields to its hub types, after the hub's own fields and in the records' order.

    strawberry resolves a type by name and refuses two classes with one name, so the hub class itself is extended
    (its strawberry definition) rather than subclassed. Idempotent: a link already composed is left as it is; a name
    the hub already has for another field is an error.
    """
    for module in modules:
        for link in module.links:
            definition = get_object_definition(link.hub, strict=True)
            present = next((f for f in definition.fields if f.python_name == link.name), None)
            if present is None:
                composed = copy(link.field)
                composed.python_name = link.name
                composed.origin = link.hub
                definition.fields.append(composed)
            elif present.base_resolver is not link.field.base_resolver:
                raise ValueError(f"graph module {module.name} links {definition.name}.{link.name}, "
                                 "which the type already has")
