"""Derived `node(id:)` operations for connections nested below the root (one behaviour per test)."""

from __future__ import annotations

import pytest
from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    build_schema,
    parse,
    print_ast,
)

from kllgraph_codegen import UnsupportedError
from kllgraph_codegen._build import build_package
from kllgraph_codegen._derive import derive_operations
from kllgraph_codegen._load import DerivedConnection, LoadedOperations
from kllgraph_codegen._model import NodeConnection, PyName

SDL = """
interface Node { nodeId: ID! }
enum Status { OPEN CLOSED }
type PageInfo { hasNextPage: Boolean!, endCursor: String }
type Project implements Node { nodeId: ID!, title: String!, year: Int }
type ProjectEdge { node: Project!, cursor: String! }
type ProjectConnection { edges: [ProjectEdge!]!, pageInfo: PageInfo!, totalCount: Int! }
type Org implements Node {
  nodeId: ID!
  name: String!
  projects(status: Status, limit: Int! = 3, first: Int = null, after: String = null): ProjectConnection
  partner: Org
}
type Query {
  node(id: ID!): Node
  org(number: String!): Org
  projects(first: Int, after: String): ProjectConnection!
}
"""


def derive(operations: str, sdl: str = SDL) -> LoadedOperations:
    document = parse(operations)
    loaded = LoadedOperations(
        operations=tuple(d for d in document.definitions if isinstance(d, OperationDefinitionNode)),
        fragments={d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
    )
    return derive_operations(build_schema(sdl), loaded)


def printed(loaded: LoadedOperations, name: str) -> str:
    (operation,) = (op for op in loaded.operations if op.name is not None and op.name.value == name)
    return print_ast(operation)


ORG = """
query Org($number: String!) {
  org(number: $number) {
    name
    projects(status: OPEN, first: 5) { totalCount edges { node { title } } }
  }
}
"""


def test_a_nested_connection_gets_a_node_operation_with_the_same_selection() -> None:
    loaded = derive(ORG)

    assert loaded.derived == (
        DerivedConnection(
            operation="OrgProjects",
            source="Org",
            path=("org", "projects"),
            parent_type="Org",
            node_field="node",
            connection_key="projects",
        ),
    )
    assert printed(loaded, "OrgProjects") == (
        "query OrgProjects($id: ID!, $status: Status, $limit: Int, $first: Int, $after: String) {\n"
        "  node(id: $id) {\n"
        "    ... on Org {\n"
        "      projects(status: $status, limit: $limit, first: $first, after: $after) {\n"
        "        pageInfo {\n"
        "          hasNextPage\n"
        "          endCursor\n"
        "        }\n"
        "        totalCount\n"
        "        edges {\n"
        "          node {\n"
        "            title\n"
        "          }\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}"
    )


def test_the_parent_selection_gets_the_node_id() -> None:
    loaded = derive(ORG)

    assert printed(loaded, "Org").splitlines()[1:4] == ["  org(number: $number) {", "    nodeId", "    name"]


def test_a_node_id_selected_through_a_fragment_is_not_added_again() -> None:
    operations = """
    fragment OrgFields on Org { nodeId name }
    query Org($number: String!) {
      org(number: $number) { ...OrgFields projects { edges { node { title } } } }
    }
    """
    loaded = derive(operations)

    assert "nodeId" not in printed(loaded, "Org")
    assert [d.operation for d in loaded.derived] == ["OrgProjects"]


def test_variables_the_selection_uses_are_copied_and_pagination_fields_kept() -> None:
    operations = """
    query Org($number: String!, $withYear: Boolean!) {
      org(number: $number) {
        projects(first: 2) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node { title year @include(if: $withYear) } }
        }
      }
    }
    """
    document = printed(derive(operations), "OrgProjects")

    assert document.splitlines()[0] == (
        "query OrgProjects($id: ID!, $status: Status, $limit: Int, $first: Int, $after: String, $withYear: Boolean!) {"
    )
    assert document.count("pageInfo") == 1 and document.count("totalCount") == 1


def test_connections_deeper_down_are_named_by_their_path() -> None:
    operations = """
    query Org($number: String!) {
      org(number: $number) { partner { projects { edges { node { title } } } } }
    }
    """
    loaded = derive(operations)

    assert [(d.operation, d.path) for d in loaded.derived] == [("OrgPartnerProjects", ("org", "partner", "projects"))]
    assert "partner {\n      nodeId" in printed(loaded, "Org")


def test_identical_derivations_are_kept_once() -> None:
    operations = """
    fragment OrgProjects on Org { projects { edges { node { title } } } }
    query Orgs {
      a: org(number: "1") { ...OrgProjects projects { edges { node { title } } } }
      b: org(number: "2") { ...OrgProjects }
    }
    """
    loaded = derive(operations)

    assert [d.operation for d in loaded.derived] == ["OrgsProjects"]


def test_different_selections_under_the_same_name_are_named_from_the_root() -> None:
    operations = """
    query Orgs {
      a: org(number: "1") { projects { edges { node { title } } } }
      b: org(number: "2") { projects { edges { node { year } } } }
    }
    """
    loaded = derive(operations)

    assert [d.operation for d in loaded.derived] == ["OrgsAProjects", "OrgsBProjects"]


def test_root_connections_and_selections_without_edges_are_not_derived() -> None:
    operations = """
    query Projects($first: Int, $after: String) {
      projects(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } }
    }
    query Counts { org(number: "1") { projects { totalCount } } }
    """
    loaded = derive(operations)

    assert loaded.derived == ()
    assert "nodeId" not in printed(loaded, "Counts")


def test_nothing_is_derived_without_a_node_root_field() -> None:
    loaded = derive(ORG, SDL.replace("node(id: ID!): Node", "ping: Int"))

    assert loaded.derived == ()
    assert "nodeId" not in printed(loaded, "Org")


def test_a_derived_name_taken_by_an_operation_is_an_error() -> None:
    taken = ORG + 'query OrgProjects { org(number: "1") { name } }'

    with pytest.raises(UnsupportedError, match="'OrgProjects', which another operation has"):
        derive(taken)


def test_the_derived_operation_paginates_through_the_narrowed_node() -> None:
    loaded = derive(ORG)
    package = build_package(build_schema(SDL), loaded)

    (operation,) = (op for op in package.operations if op.graphql_name == "OrgProjects")
    assert operation.method_name == "org_projects"
    assert [(v.python_name, v.required) for v in operation.variables] == [
        ("id", True), ("status", False), ("limit", False), ("first", False), ("after", False),
    ]  # fmt: skip
    assert operation.pagination is not None
    assert operation.pagination.connection_attribute == "node"
    assert operation.pagination.node_type == PyName("OrgProjectsNodeOrgProjectsEdgesNode", "org_projects", True)
    assert operation.pagination.through_node == NodeConnection(
        function_name="org_projects_connection",
        member=PyName("OrgProjectsNodeOrg", "org_projects", generated=True),
        parent_type="Org",
        connection_attribute="projects",
        connection_type=PyName("OrgProjectsNodeOrgProjects", "org_projects", generated=True),
        other_types=True,
        source="Org.org.projects",
    )
    member = next(c for c in operation.classes if c.name == "OrgProjectsNodeOrg")
    projects = next(f for f in member.fields if f.python_name == "projects")
    assert projects.required, "a null connection must fail validation, as for root connections"
