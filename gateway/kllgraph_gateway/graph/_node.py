"""Global ids and `node(id:)`.

Entities keep their upstream identifier in `id` (a taxonomy concept id, a Platsbanken id, a school unit code...);
`nodeId` is the global one: base64url of "<TypeName>:<key>", resolvable with `node(id:)`. Each entity module
declares how to load its type by key in its `MODULE` record (`GraphModule.nodes`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection

import strawberry

from .._errors import BadUserInput
from ._context import Info
from ._module import GraphModule

__all__ = ["MODULE", "Node", "NodeQuery", "global_id", "parse_global_id"]


def global_id(type_name: str, key: str) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("="))


def parse_global_id(value: str, known: Collection[str]) -> tuple[str, str]:
    """(type name, key) of a global id whose type is one of `known`."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    type_name, sep, key = raw.partition(":")
    if not sep or type_name not in known or not key:
        raise BadUserInput(f"{value!r} is not a node id this API issued", argument="id")
    return type_name, key


@strawberry.interface(description="An entity with a global id, loadable with `node(id:)`.")
class Node:
    node_id: strawberry.ID = strawberry.field(description="Global id for node(id:)")


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any entity by its global `nodeId`.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        loaders = info.context.graph.node_loaders
        type_name, key = parse_global_id(str(id), loaders)
        entity: Node | None = await loaders[type_name](info.context, key)
        return entity


MODULE = GraphModule(name="node", query=NodeQuery)
