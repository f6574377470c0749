"""The intermediate model built from small schemas (one behaviour per test)."""

from __future__ import annotations

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, build_schema, parse

from kllgraph_codegen import UnsupportedError
from kllgraph_codegen._build import build_package
from kllgraph_codegen._load import LoadedOperations
from kllgraph_codegen._model import (
    ClientPackage,
    DiscriminatedUnion,
    ListOf,
    LiteralOf,
    ModelField,
    Nullable,
    PyName,
)
from kllgraph_codegen._naming import snake_case

SDL = """
scalar Date
interface Node { id: ID! }
type Ad implements Node { id: ID!, title: String!, published: Date, owner: Org }
type Org implements Node { id: ID!, name: String! }
union Hit = Ad | Org
type PageInfo { hasNextPage: Boolean!, endCursor: String }
type AdEdge { node: Ad!, cursor: String! }
type AdConnection { edges: [AdEdge!]!, pageInfo: PageInfo!, totalCount: Int! }
input Range { min: Int, max: Int! = 10, next: Range }
type Query {
  ads(first: Int, after: String, range: Range): AdConnection!
  ad(id: ID!): Ad
  hits: [Hit!]!
}
type Subscription { ad: Ad }
"""


def build(operations: str, sdl: str = SDL) -> ClientPackage:
    schema = build_schema(sdl)
    document = parse(operations)
    loaded = LoadedOperations(
        operations=tuple(d for d in document.definitions if isinstance(d, OperationDefinitionNode)),
        fragments={d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
    )
    return build_package(schema, loaded)


PAGINATED = """
query Ads($range: Range, $first: Int, $after: String) {
  ads(range: $range, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } }
  }
}
"""


def test_single_connection_with_first_and_after_is_paginated() -> None:
    (operation,) = build(PAGINATED).operations

    assert operation.pagination is not None
    assert operation.pagination.connection_attribute == "ads"
    assert operation.pagination.node_type == PyName("AdsAdsEdgesNode", "ads", generated=True)


def test_nullable_root_connection_is_required_in_the_paginated_result_model() -> None:
    schema_sdl = SDL.replace("): AdConnection!", "): AdConnection")
    package = build(PAGINATED, schema_sdl)

    (connection_field,) = package.operations[0].classes[-1].fields
    assert connection_field.required
    assert connection_field.type == PyName("AdsAds", "ads", generated=True)


def test_connection_without_total_count_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(UnsupportedError, match="select `totalCount`"):
        build(PAGINATED.replace("totalCount", ""))


def test_connection_without_after_variable_is_executed_not_paginated() -> None:
    (operation,) = build("query Ads($first: Int) { ads(first: $first) { totalCount } }").operations

    assert operation.pagination is None


def test_variables_required_first_and_optional_nullable() -> None:
    (operation,) = build(PAGINATED.replace("query Ads(", "query Ads($extra: ID!, ").replace("ads(", "ads(")).operations
    variables = {v.graphql_name: v for v in operation.variables}

    assert operation.variables[0].graphql_name == "extra"
    assert variables["extra"].required and variables["extra"].type == PyName("str")
    assert variables["first"].type == Nullable(PyName("int"))
    assert not variables["range"].required


def test_inputs_are_collected_with_defaults_optional_and_recursion() -> None:
    package = build(PAGINATED)

    (range_input,) = package.inputs
    fields = {f.graphql_name: f for f in range_input.fields}
    assert fields["max"] == ModelField("max", "max", Nullable(PyName("int")), required=False)
    assert fields["next"].type == Nullable(PyName("Range", "inputs", generated=True))


def test_fragment_spread_becomes_a_base_class_and_overlap_a_subclass() -> None:
    package = build(
        """
        fragment AdFields on Ad { id title owner { id } }
        query Ad($id: ID!) { ad(id: $id) { ...AdFields published owner { name } } }
        """
    )
    (operation,) = package.operations
    classes = {c.name: c for c in operation.classes}

    assert [c.name for c in package.fragments] == ["AdFieldsOwner", "AdFields"]
    assert classes["AdAd"].bases == (PyName("AdFields", "fragments", generated=True),)
    assert [f.python_name for f in classes["AdAd"].fields] == ["published", "owner"]
    assert classes["AdAdOwner"].bases == (PyName("AdFieldsOwner", "fragments", generated=True),)
    assert [f.python_name for f in classes["AdAdOwner"].fields] == ["name"]


def test_repeating_a_fragment_field_without_new_subfields_keeps_the_inherited_field() -> None:
    package = build("fragment AdFields on Ad { id owner { id } }\nquery Ad { ad(id: 1) { ...AdFields owner { id } } }")
    classes = {c.name: c for c in package.operations[0].classes}

    assert classes["AdAd"].fields == ()
    assert "AdAdOwner" not in classes


def test_narrowing_on_a_union_becomes_a_discriminated_union_with_typename_added() -> None:
    (operation,) = build("query Hits { hits { ... on Ad { title } } }").operations
    classes = {c.name: c for c in operation.classes}

    assert operation.classes[-1].fields[0].type == ListOf(
        DiscriminatedUnion((PyName("HitsHitsAd", "hits", generated=True), PyName("HitsHits", "hits", generated=True)))
    )
    assert classes["HitsHitsAd"].fields[0].type == LiteralOf(("Ad",))
    assert classes["HitsHits"].fields[0].type == LiteralOf(("Org",))
    assert "__typename" in operation.document


def test_interface_fields_without_narrowing_stay_one_class() -> None:
    package = build("fragment N on Node { id }\nquery Hits { hits { ... on Node { id } } }")
    classes = {c.name: c for c in package.operations[0].classes}

    assert [f.python_name for f in classes["HitsHits"].fields] == ["id"]
    assert "__typename" not in package.operations[0].document


def test_document_includes_only_the_fragments_it_uses_sorted() -> None:
    package = build(
        """
        fragment B on Org { name }
        fragment A on Ad { id owner { ...B } }
        fragment Unused on Ad { id }
        query Ad { ad(id: 1) { ...A } }
        """
    )

    document = package.operations[0].document
    assert document.index("fragment A on Ad") < document.index("fragment B on Org")
    assert "Unused" not in document


@pytest.mark.parametrize(
    ("operations", "message"),
    [
        ("subscription Ad { ad { id } }", "subscriptions are not supported"),
        ("query Client { ad(id: 1) { id } }", "would be module 'client'"),
        ("query Execute { ad(id: 1) { id } }", "would override client method 'execute'"),
        ("query Ad { ad(id: 1) { fooBar: id foo_bar: title } }", "Python name 'foo_bar'"),
    ],
)
def test_unsupported_shapes_are_reported(operations: str, message: str) -> None:
    with pytest.raises(UnsupportedError, match=message):
        build(operations)


def test_names_follow_the_response_path() -> None:
    (operation,) = build("query AdWithOwner { item: ad(id: 1) { owner { name } } }").operations

    assert [c.name for c in operation.classes] == ["AdWithOwnerItemOwner", "AdWithOwnerItem", "AdWithOwnerResult"]
    assert operation.module_name == snake_case("AdWithOwner") == "ad_with_owner"
    assert operation.document_constant == "AD_WITH_OWNER_DOCUMENT"
