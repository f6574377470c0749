"""Global ids and `node(id:)`.

Entities keep their upstream identifier in `id` (a taxonomy concept id, a Platsbanken id, a school unit code...);
`nodeId` is the global one: base64url of "<TypeName>:<key>", resolvable with `node(id:)`. Each entity module
registers how to load its type by key.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from .._errors import BadUserInput
from ._context import Context, Info

__all__ = ["Node", "NodeQuery", "global_id", "register_node"]

NodeLoader = Callable[[Context, str], Awaitable[Any]]
_LOADERS: dict[str, NodeLoader] = {}


def global_id(type_name: str, key: str) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("="))


def parse_global_id(value: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    type_name, sep, key = raw.partition(":")
    if not sep or type_name not in _LOADERS or not key:
        raise BadUserInput(f"{value!r} is not a node id this API issued", argument="id")
    return type_name, key


def register_node(type_name: str, loader: NodeLoader) -> None:
    _LOADERS[type_name] = loader


@strawberry.interface(description="An entity with a global id, loadable with `node(id:)`.")
class Node:
    node_id: strawberry.ID = strawberry.field(description="Global id for node(id:)")


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any entity by its global `nodeId`.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, key = parse_global_id(str(id))
        entity: Node | None = await _LOADERS[type_name](info.context, key)
        return entity
