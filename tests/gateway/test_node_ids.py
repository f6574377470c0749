"""Guard rail: `node(id:)` answers every id the API issued, offline from the bundled snapshot.

The ids are collected generically: every root field whose type is a Node type (or a connection or list of one) and
whose arguments are all optional is asked for its `nodeId`s; then each id goes through `node(id:)`.
"""

from __future__ import annotations

import base64
from collections import Counter
from typing import Any

from graphql import GraphQLField, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLType, Undefined

from kllgraph_gateway import build_schema
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import running_gateway

PER_LIST = 25


def _unwrap(kind: GraphQLType) -> GraphQLType:
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    return kind


def _is_node(kind: GraphQLType) -> bool:
    return isinstance(kind, GraphQLObjectType) and any(i.name == "Node" for i in kind.interfaces)


def _selection(name: str, field: GraphQLField) -> str | None:
    if any(isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined for arg in field.args.values()):
        return None
    kind = _unwrap(field.type)
    args = f"(first: {PER_LIST})" if "first" in field.args else ""
    if _is_node(kind):
        return f"{name}{args} {{ nodeId }}"
    if isinstance(kind, GraphQLObjectType) and "edges" in kind.fields:
        edge = _unwrap(kind.fields["edges"].type)
        if isinstance(edge, GraphQLObjectType) and _is_node(_unwrap(edge.fields["node"].type)):
            return f"{name}{args} {{ edges {{ node {{ nodeId }} }} }}"
    return None


def _node_ids(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["nodeId"]] if isinstance(value.get("nodeId"), str) else []
        return own + [i for child in value.values() for i in _node_ids(child)]
    if isinstance(value, list):
        return [i for child in value for i in _node_ids(child)]
    return []


async def test_every_issued_node_id_resolves_offline() -> None:
    query_type = build_schema()._schema.query_type
    assert query_type is not None
    selections = [s for name, f in query_type.fields.items() if (s := _selection(name, f))]
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        issued: set[str] = set()
        for selection in selections:
            _, body = await gateway.query("{ " + selection + " }")
            codes = {error["extensions"]["code"] for error in body.get("errors", [])}
            # A field whose optional arguments are needed in combination (e.g. one of two filters) is skipped.
            assert codes <= {"BAD_USER_INPUT"}, body["errors"]
            issued.update(_node_ids(body["data"]))
        ids = sorted(issued)
        failing: dict[str, str] = {}
        for node_id in ids:
            _, answer = await gateway.query("query N($id: ID!) { node(id: $id) { nodeId } }", {"id": node_id})
            if answer.get("errors") or (answer["data"]["node"] or {}).get("nodeId") != node_id:
                failing[node_id] = str(answer.get("errors") or answer["data"])
    assert len(ids) >= len(selections)
    by_type = Counter(_type_of(node_id) for node_id in failing)
    assert not failing, f"{len(failing)} of {len(ids)} issued ids fail, per type {dict(by_type)}: {failing}"


def _type_of(node_id: str) -> str:
    return base64.urlsafe_b64decode(node_id + "=" * (-len(node_id) % 4)).decode().partition(":")[0]
