"""Pagination stage: the one place that decides what a paginated Relay connection is.

A connection is a field with `first` and `after` arguments whose object type has `edges: [Edge!]!` (Edge with
`node`), `pageInfo: PageInfo!` (with `hasNextPage: Boolean!` and `endCursor`) and `totalCount`, selected with an
unaliased `edges { node { ... } }` (`is_connection_selection`). `_derive` uses it to find connections below the
root; the builder uses it for an operation's single root field when the operation declares `$first` and `$after`.
Once detected, the selection must have what the runtime paginator reads (`pageInfo { hasNextPage endCursor }`,
`totalCount`), or building fails instead of silently returning one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLObjectType,
    OperationDefinitionNode,
    get_named_type,
    is_list_type,
    is_non_null_type,
)
from graphql.type.definition import GraphQLWrappingType

from ._errors import UnsupportedError
from ._inherit import ClassTable, Collected, collect
from ._leaves import innermost
from ._load import DerivedConnection
from ._model import (
    DiscriminatedUnion,
    ListOf,
    LiteralOf,
    ModelClass,
    ModelField,
    NodeConnection,
    Nullable,
    Pagination,
    PyName,
    TypeRef,
    Variable,
)
from ._naming import OperationNames
from ._selections import TYPENAME, Definitions, definition_name, where

PAGINATION_ARGUMENTS = ("first", "after")


# --- detection -----------------------------------------------------------------------------------------------


def is_connection_field(definition: GraphQLField) -> bool:
    """A field with `first`/`after` whose type has `edges: [E!]!` (E with `node`), `pageInfo: P!` (P with
    `hasNextPage: Boolean!` and `endCursor`) and `totalCount`."""
    if not all(name in definition.args for name in PAGINATION_ARGUMENTS):
        return False
    connection = get_named_type(definition.type)
    if not isinstance(connection, GraphQLObjectType) or "totalCount" not in connection.fields:
        return False
    return _has_edges(connection) and _has_page_info(connection)


def _has_edges(connection: GraphQLObjectType) -> bool:
    edges = connection.fields.get("edges")
    edges_list = edges.type.of_type if edges is not None and is_non_null_type(edges.type) else None
    if edges is None or not is_list_type(edges_list):
        return False
    assert isinstance(edges_list, GraphQLWrappingType)
    edge = get_named_type(edges.type)
    return is_non_null_type(edges_list.of_type) and isinstance(edge, GraphQLObjectType) and "node" in edge.fields


def _has_page_info(connection: GraphQLObjectType) -> bool:
    page_info = connection.fields.get("pageInfo")
    if page_info is None or not is_non_null_type(page_info.type):
        return False
    page_info_type = get_named_type(page_info.type)
    if not isinstance(page_info_type, GraphQLObjectType) or "endCursor" not in page_info_type.fields:
        return False
    has_next_page = page_info_type.fields.get("hasNextPage")
    return has_next_page is not None and str(has_next_page.type) == "Boolean!"


def is_connection_selection(parent: GraphQLObjectType, nodes: list[FieldNode]) -> bool:
    """`nodes` select a connection field of `parent` with an unaliased `edges { node { ... } }`."""
    definition = parent.fields.get(nodes[0].name.value)
    if definition is None or not is_connection_field(definition):
        return False
    return any(fields_named(edges, "node") for node in nodes for edges in fields_named(node, "edges"))


def fields_named(node: FieldNode, name: str) -> list[FieldNode]:
    """The unaliased selections of field `name` directly inside `node`."""
    if node.selection_set is None:
        return []
    selections = node.selection_set.selections
    return [s for s in selections if isinstance(s, FieldNode) and s.alias is None and s.name.value == name]


def root_connection_key(
    definitions: Definitions, node: OperationDefinitionNode, variables: Sequence[Variable]
) -> str | None:
    """The response key of the connection a root operation paginates: the operation declares `$first` and
    `$after` and selects one root field (besides `__typename`), a connection, and no fragment of the root type."""
    if not set(PAGINATION_ARGUMENTS) <= {v.graphql_name for v in variables}:
        return None
    root = definitions.schema.get_root_type(node.operation)
    assert root is not None  # validated
    collected = Collected()
    collect(definitions, node.selection_set, root, root, collected)
    keys = [key for key in collected.fields if key != TYPENAME]
    if collected.fragment_bases or len(keys) != 1:
        return None
    nodes = [field_node for field_node, _ in collected.fields[keys[0]]]
    return keys[0] if is_connection_selection(root, nodes) else None


# --- the paginated result model ------------------------------------------------------------------------------


class PaginationBuilder:
    """The `Pagination` of an operation's model, tightening it where the paginator needs a value on every page."""

    def __init__(self, table: ClassTable) -> None:
        self.table = table

    def root(self, node: OperationDefinitionNode, key: str, classes: list[ModelClass], module: str) -> Pagination:
        """Pagination of the connection at root response `key`; its field in the result becomes required."""
        result = classes[-1]
        root_field = next(f for f in result.fields if f.graphql_name == key)
        connection = self.table.class_of(innermost(root_field.type), module)
        assert connection is not None  # a connection is an object type, selected here without fragment bases
        node_type = self._connection_node_type(connection, module, _where(node))
        required_type = root_field.type.inner if isinstance(root_field.type, Nullable) else root_field.type
        classes[-1] = self._with_required(result, root_field, required_type, module)
        return Pagination(connection_attribute=root_field.python_name, node_type=node_type)

    def through_node(
        self,
        node: OperationDefinitionNode,
        derived: DerivedConnection,
        classes: list[ModelClass],
        names: OperationNames,
    ) -> Pagination:
        """The pagination of an operation derived by `_derive`: `node(id:) { ... on Parent { connection } }`.

        The connection field of the Parent member is made required (a null connection then fails validation in
        the runtime, as for root connections); the node itself is narrowed by a generated function.
        """
        module = names.module
        node_field = next(f for f in classes[-1].fields if f.graphql_name == derived.node_field)
        inner = innermost(node_field.type)
        members = inner.members if isinstance(inner, DiscriminatedUnion) else (inner,)
        member, member_class = self._parent_member(members, module, derived.parent_type, _where(node))
        connection_field = next(f for f in member_class.fields if f.graphql_name == derived.connection_key)
        connection_type = innermost(connection_field.type)
        connection = self.table.class_of(connection_type, module)
        assert connection is not None and isinstance(connection_type, PyName)
        node_type = self._connection_node_type(connection, module, _where(node))
        tightened = self._with_required(member_class, connection_field, connection_type, module)
        classes[classes.index(member_class)] = tightened
        return Pagination(
            connection_attribute=node_field.python_name,
            node_type=node_type,
            through_node=NodeConnection(
                function_name=names.connection_function,
                member=member,
                parent_type=derived.parent_type,
                connection_attribute=connection_field.python_name,
                connection_type=connection_type,
                other_types=len(members) > 1,
                source=".".join((derived.source, *derived.path)),
            ),
        )

    def _parent_member(
        self, members: Sequence[TypeRef], module: str, parent_type: str, where_: str
    ) -> tuple[PyName, ModelClass]:
        """The result class of the node when it is a `parent_type` (told by its `__typename` literal)."""
        matching = [
            (member, model)
            for member in members
            if isinstance(member, PyName) and (model := self.table.class_of(member, module)) is not None
            and any(f.type == LiteralOf((parent_type,)) for f in model.fields if f.graphql_name == TYPENAME)
        ]  # fmt: skip
        if len(matching) != 1:
            raise UnsupportedError(f"{where_}: no single result class for `... on {parent_type}`")
        return matching[0]

    def _connection_node_type(self, connection: ModelClass, module: str, where_: str) -> TypeRef:
        """The item type of a connection class selected for pagination; raises when its selection does not fit."""
        connection_fields = self.table.all_fields(connection)
        edges = connection_fields.get("edges")
        edge_class = self._edge_class(edges, module)
        problems: list[str] = []
        if edges is None or edges.python_name != "edges" or edge_class is None:
            problems.append("`edges` must be a non-null list of non-null edges")
        node_field = self.table.all_fields(edge_class).get("node")
        if node_field is None or node_field.python_name != "node":
            problems.append("select `edges { node { ... } }`")
        problems.extend(self._page_info_problems(connection_fields.get("pageInfo"), module))
        total = connection_fields.get("totalCount")
        if total is None or total.python_name != "total_count":
            problems.append("select `totalCount`")
        if problems:
            raise UnsupportedError(f"{where_}: " + "; ".join(problems))
        assert node_field is not None
        return node_field.type

    def _edge_class(self, edges: ModelField | None, module: str) -> ModelClass | None:
        if edges is None or not isinstance(edges.type, ListOf) or not isinstance(edges.type.item, PyName):
            return None  # not a non-null list of non-null edges
        return self.table.class_of(edges.type.item, module)

    def _page_info_problems(self, page_info: ModelField | None, module: str) -> list[str]:
        page_info_class = self.table.class_of(page_info.type, module) if page_info is not None else None
        page_info_fields = self.table.all_fields(page_info_class)
        if (
            page_info is None
            or page_info.python_name != "page_info"
            or not {"hasNextPage", "endCursor"} <= set(page_info_fields)
        ):
            return ["select `pageInfo { hasNextPage endCursor }` (non-null pageInfo)"]
        if not page_info_fields["hasNextPage"].required:
            return ["`pageInfo.hasNextPage` must be non-null"]
        return []

    def _with_required(
        self, model: ModelClass, connection: ModelField, connection_type: TypeRef, module: str
    ) -> ModelClass:
        """`model` with its `connection` field required even where the schema makes it nullable.

        The paginator needs a connection on every page. A null one then fails validation in the runtime, which
        reports it as `ResponseValidationError` with the request, instead of a `None` reaching the paginator.
        """
        fields = tuple(replace(f, type=connection_type, required=True) if f is connection else f for f in model.fields)
        tightened = replace(model, fields=fields)
        self.table.replace(module, tightened)
        return tightened


def _where(node: OperationDefinitionNode) -> str:
    return f"{where(node)}: paginated operation {definition_name(node)!r}"
