"""One rule for what a paginated connection is, the same for root operations and for derived `node(id:)` ones."""

from __future__ import annotations

import pytest
from graphql import FragmentDefinitionNode, GraphQLObjectType, OperationDefinitionNode, build_schema, parse

from kllgraph_codegen import UnsupportedError
from kllgraph_codegen._build import build_package
from kllgraph_codegen._derive import derive_operations
from kllgraph_codegen._load import LoadedOperations
from kllgraph_codegen._model import ClientPackage
from kllgraph_codegen._pagination import is_connection_field

RELAY_SDL = """
interface Node { nodeId: ID! }
type PageInfo { hasNextPage: Boolean!, endCursor: String }
type Ad implements Node { nodeId: ID!, title: String! }
type AdEdge { node: Ad!, cursor: String! }
type AdConnection { edges: [AdEdge!]!, pageInfo: PageInfo!, totalCount: Int! }
type Org implements Node { nodeId: ID!, ads(first: Int, after: String): AdConnection! }
type Query {
  node(id: ID!): Node
  org: Org
  ads(first: Int, after: String): AdConnection!
  adsBySize(size: Int): AdConnection!
}
"""
ROOT = "query Ads($first: Int, $after: String) { ads(first: $first, after: $after) { SELECTION } }"
NESTED = "query Org { org { ads(first: 3) { SELECTION } } }"
FULL_SELECTION = "totalCount pageInfo { hasNextPage endCursor } edges { node { title } }"


def loaded_from(operations: str) -> LoadedOperations:
    document = parse(operations)
    return LoadedOperations(
        operations=tuple(d for d in document.definitions if isinstance(d, OperationDefinitionNode)),
        fragments={d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
    )


def build(operations: str, sdl: str = RELAY_SDL) -> ClientPackage:
    schema = build_schema(sdl)
    return build_package(schema, derive_operations(schema, loaded_from(operations)))


@pytest.mark.parametrize(
    ("change", "is_connection"),
    [
        (("", ""), True),
        (("totalCount: Int!", ""), False),
        (("pageInfo: PageInfo!", "pageInfo: PageInfo"), False),
        (("edges: [AdEdge!]!", "edges: [AdEdge]!"), False),
        (("edges: [AdEdge!]!", "edges: [AdEdge!]"), False),
        (("hasNextPage: Boolean!", "hasNextPage: Boolean"), False),
        (("endCursor: String", "startCursor: String"), False),
        (("node: Ad!, cursor", "item: Ad!, cursor"), False),
    ],
)
def test_the_connection_rule_reads_the_schema(change: tuple[str, str], is_connection: bool) -> None:
    query = build_schema(RELAY_SDL.replace(*change)).query_type
    assert isinstance(query, GraphQLObjectType)

    assert is_connection_field(query.fields["ads"]) is is_connection
    assert is_connection_field(query.fields["adsBySize"]) is False  # no `first`/`after` arguments


def test_root_and_nested_connections_of_the_same_shape_are_both_paginated() -> None:
    package = build(ROOT.replace("SELECTION", FULL_SELECTION) + NESTED.replace("SELECTION", FULL_SELECTION))
    paginated = {o.graphql_name: o.pagination for o in package.operations}

    assert paginated["Ads"] is not None and paginated["Ads"].through_node is None
    assert paginated["OrgAds"] is not None and paginated["OrgAds"].through_node is not None
    assert paginated["Org"] is None


def test_a_type_short_of_the_rule_is_paginated_neither_at_the_root_nor_nested() -> None:
    sdl = RELAY_SDL.replace(", totalCount: Int!", "")
    selection = "pageInfo { hasNextPage endCursor } edges { node { title } }"
    package = build(ROOT.replace("SELECTION", selection) + NESTED.replace("SELECTION", selection), sdl)

    assert [(o.graphql_name, o.pagination) for o in package.operations] == [("Ads", None), ("Org", None)]


def test_a_root_field_without_first_and_after_arguments_is_not_paginated() -> None:
    operations = "query Ads($first: Int, $after: String) { adsBySize(size: $first) { " + FULL_SELECTION + " } }"

    assert build(operations).operations[0].pagination is None


def test_a_detected_root_connection_without_page_info_is_an_error_not_one_silent_page() -> None:
    with pytest.raises(UnsupportedError, match=r"select `pageInfo \{ hasNextPage endCursor \}`"):
        build(ROOT.replace("SELECTION", "totalCount edges { node { title } }"))
