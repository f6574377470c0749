"""Stage 1b: a paginated `node(id:)` operation for every Relay connection selected below the root.

A user operation may select a connection inside an object, e.g. `organisation { researchProjects(first: 10)
{ ... } }`; its result holds only that first page. When the object's type implements `Node` and the schema has
`node(id: ID!): Node`, this step derives one more operation that fetches the same selection page by page:

```graphql
query OrganisationResearchProjects($id: ID!, $first: Int, $after: String) {
  node(id: $id) { ... on Organisation { researchProjects(first: $first, after: $after) { <same selection> } } }
}
```

- Name: the source operation's name plus the response path below its root field, in PascalCase. Where two
  derivations with different documents would share a name, the path from the root field is used instead, then
  `On<ParentType>` appended. Derivations with the same name and document are kept once, and selections of one
  connection at one path (e.g. directly and through a fragment) are merged into one derivation.
- Variables: `$id` (the `node` argument), every argument of the connection field other than `first`/`after`
  (with the argument's type; a non-null argument with a default becomes nullable, i.e. optional), `$first`,
  `$after` (schema order), then the source operation's variables that the selection uses (same definitions).
- The connection selection gets `totalCount` and `pageInfo { hasNextPage endCursor }` where it lacks them.
- The source operation's parent selection gets the Node id field (`nodeId`) where it lacks it, so that its result
  carries the id to pass (added to the document itself, like `__typename`).

What a connection is, `_pagination.is_connection_selection` decides (the same rule as for root operations).
Connections on interface or union types, and ones whose derived variables would clash with the variables their
selection uses, are not derived (nothing fails: they return their first page only).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLCompositeType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    Source,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    get_named_type,
    is_abstract_type,
    is_composite_type,
    is_non_null_type,
    parse,
    parse_type,
    print_ast,
    validate,
    visit,
)

from ._errors import UnsupportedError
from ._leaves import has_default
from ._load import DerivedConnection, LoadedOperations
from ._naming import pascal_case
from ._pagination import PAGINATION_ARGUMENTS, fields_named, is_connection_field, is_connection_selection
from ._selections import Definitions, definition_name, response_key, where


@dataclass(frozen=True)
class RelayNode:
    """How the schema resolves any object by id: `Query.node(<argument>: ID!): <interface>`."""

    field: str  # "node"
    argument: str  # "id"
    interface: GraphQLInterfaceType  # Node
    id_field: str  # the interface's first `ID!` field: "nodeId" in kllgraph, "id" in plain Relay


def relay_node(schema: GraphQLSchema) -> RelayNode | None:
    """The `node(id: ID!): Node` root field, or None when the schema has none."""
    query = schema.query_type
    node_field = query.fields.get("node") if query is not None else None
    if node_field is None or len(node_field.args) != 1:
        return None
    interface = get_named_type(node_field.type)
    ((argument_name, argument),) = node_field.args.items()
    if not isinstance(interface, GraphQLInterfaceType) or str(argument.type) != "ID!":
        return None
    id_fields = [name for name, f in interface.fields.items() if str(f.type) == "ID!"]
    if not id_fields:
        return None
    return RelayNode("node", argument_name, interface, id_fields[0])


def derive_operations(schema: GraphQLSchema, loaded: LoadedOperations) -> LoadedOperations:
    """`loaded` with the Node id added where a connection is selected, followed by the derived operations."""
    relay = relay_node(schema)
    if relay is None:
        return loaded
    definitions = add_node_id_where_paginated(
        schema, relay, DocumentNode(definitions=(*loaded.operations, *loaded.fragments.values()))
    ).definitions
    operations = tuple(d for d in definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    deriver = _Deriver(Definitions(schema, fragments), relay)
    candidates = [candidate for operation in operations for candidate in deriver.candidates(operation)]
    derived_operations, derived = deriver.named(candidates, {definition_name(op) for op in operations})
    return replace(loaded, operations=(*operations, *derived_operations), fragments=fragments, derived=derived)


# --- the Node id in every parent selection of a connection ----------------------------------------------------


def add_node_id_where_paginated(schema: GraphQLSchema, relay: RelayNode, document: DocumentNode) -> DocumentNode:
    """`document` with the Node id field first in each selection on a Node type that selects a connection and
    does not select the id already (directly or through fragments that always apply)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    definitions = Definitions(schema, fragments)
    type_info = TypeInfo(schema)

    class AddNodeId(Visitor):
        def leave_selection_set(self, node: SelectionSetNode, *_: object) -> SelectionSetNode | None:
            parent = type_info.get_parent_type()
            if not isinstance(parent, GraphQLObjectType) or relay.interface not in parent.interfaces:
                return None
            if not any(isinstance(s, FieldNode) and is_connection_selection(parent, [s]) for s in node.selections):
                return None
            if _selects(definitions, node, relay.id_field, parent):
                return None
            id_field = FieldNode(name=NameNode(value=relay.id_field), arguments=(), directives=())
            return SelectionSetNode(selections=(id_field, *node.selections), loc=node.loc)

    result = visit(document, TypeInfoVisitor(type_info, AddNodeId()))
    assert isinstance(result, DocumentNode)
    return result


def _selects(definitions: Definitions, selection_set: SelectionSetNode, name: str, type_: GraphQLObjectType) -> bool:
    """True when `selection_set` always selects field `name` unaliased on a `type_` (also through fragments)."""
    # A selection with @include / @skip is not selected for certain.
    return any(_selected(definitions, s, name, type_) for s in selection_set.selections if not s.directives)


def _selected(definitions: Definitions, selection: SelectionNode, name: str, type_: GraphQLObjectType) -> bool:
    if isinstance(selection, FieldNode):
        return selection.alias is None and selection.name.value == name
    spread = definitions.spread(selection, type_)
    assert spread is not None
    condition, nested = spread
    applies = condition is type_ or _includes(definitions.schema, condition, type_)
    return applies and _selects(definitions, nested, name, type_)


def _includes(schema: GraphQLSchema, abstract: GraphQLCompositeType, type_: GraphQLObjectType) -> bool:
    return is_abstract_type(abstract) and schema.is_sub_type(abstract, type_)


# --- derived operations ---------------------------------------------------------------------------------------


@dataclass
class _Found:
    """One connection at one response path of an operation: every field node that selects it."""

    parent: GraphQLObjectType
    definition: GraphQLField
    field_name: str
    nodes: list[FieldNode] = field(default_factory=list)


@dataclass(frozen=True)
class _Candidate:
    source: OperationDefinitionNode
    path: tuple[str, ...]  # response keys from the root field to the connection
    parent: str
    field_name: str
    variables: tuple[VariableDefinitionNode, ...]
    connection: FieldNode  # with the derived arguments and the completed selection

    def names(self) -> tuple[str, str, str]:
        source = definition_name(self.source)
        below_root = source + "".join(pascal_case(key) for key in self.path[1:])
        from_root = source + "".join(pascal_case(key) for key in self.path)
        return below_root, from_root, from_root + "On" + self.parent


_FoundByPath = dict[tuple[tuple[str, ...], str], _Found]


class _Deriver:
    def __init__(self, definitions: Definitions, relay: RelayNode) -> None:
        self.definitions = definitions
        self.relay = relay

    def candidates(self, operation: OperationDefinitionNode) -> list[_Candidate]:
        if operation.operation == OperationType.SUBSCRIPTION:
            return []  # the builder rejects subscriptions
        root = self.definitions.schema.get_root_type(operation.operation)
        assert root is not None  # validated
        found: _FoundByPath = {}
        self._walk(operation.selection_set, root, (), found)
        candidates = (self._candidate(operation, path, selected) for (path, _), selected in found.items())
        return [candidate for candidate in candidates if candidate is not None]

    def _walk(
        self, selection_set: SelectionSetNode, type_: GraphQLCompositeType, path: tuple[str, ...], found: _FoundByPath
    ) -> None:
        """Record, by response path and parent type, every connection selected below the root."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self._walk_field(selection, type_, path, found)
                continue
            spread = self.definitions.spread(selection, type_)
            assert spread is not None
            self._walk(spread[1], spread[0], path, found)

    def _walk_field(
        self, selection: FieldNode, type_: GraphQLCompositeType, path: tuple[str, ...], found: _FoundByPath
    ) -> None:
        definition = getattr(type_, "fields", {}).get(selection.name.value)
        if definition is None:
            return  # __typename
        sub_path = (*path, response_key(selection))
        on_node = isinstance(type_, GraphQLObjectType) and self.relay.interface in type_.interfaces
        if path and on_node and is_connection_field(definition):
            assert isinstance(type_, GraphQLObjectType)
            entry = _Found(type_, definition, selection.name.value)
            found.setdefault((sub_path, type_.name), entry).nodes.append(selection)
        named = get_named_type(definition.type)
        if selection.selection_set is not None and is_composite_type(named):
            self._walk(selection.selection_set, named, sub_path, found)

    def _candidate(self, source: OperationDefinitionNode, path: tuple[str, ...], found: _Found) -> _Candidate | None:
        if not is_connection_selection(found.parent, found.nodes):
            return None
        variables = self._variables(source, found)
        if variables is None:
            return None
        return _Candidate(source, path, found.parent.name, found.field_name, variables, self._connection(found))

    def _variables(self, source: OperationDefinitionNode, found: _Found) -> tuple[VariableDefinitionNode, ...] | None:
        """`$id`, the connection's arguments (pagination last) and the source's variables the selection uses; None
        when they would clash."""
        arguments = list(found.definition.args.items())
        own = [self.relay.argument, *(name for name, _ in arguments)]
        used = self._variables_used(found.nodes)
        if len(set(own)) != len(own) or set(own) & set(used):
            return None
        source_definitions = {d.variable.name.value: d for d in source.variable_definitions or ()}
        # Pagination arguments last, each group in schema order (a stable sort).
        ordered = sorted(arguments, key=lambda item: item[0] in PAGINATION_ARGUMENTS)
        return (
            _variable(self.relay.argument, "ID!"),
            *(_variable(name, _argument_type(argument)) for name, argument in ordered),
            *(source_definitions[name] for name in used),
        )

    @staticmethod
    def _connection(found: _Found) -> FieldNode:
        """The connection field with every argument a variable and the selection completed for paging."""
        # Every selection of the connection at this path, once each (a fragment and a direct selection of the same
        # fields merge into one document, identical to the one selecting them once).
        printed = {print_ast(s): s for node in found.nodes if node.selection_set for s in node.selection_set.selections}
        selections = list(printed.values())
        merged = FieldNode(selection_set=SelectionSetNode(selections=tuple(selections)), name=NameNode(value="x"))
        completion: list[SelectionNode] = []
        if not fields_named(merged, "totalCount"):
            completion.append(_field("totalCount"))
        page_infos = fields_named(merged, "pageInfo")
        if not any(fields_named(p, "hasNextPage") and fields_named(p, "endCursor") for p in page_infos):
            completion.append(_field("pageInfo", _field("hasNextPage"), _field("endCursor")))
        return FieldNode(
            name=NameNode(value=found.field_name),
            arguments=tuple(
                ArgumentNode(name=NameNode(value=name), value=VariableNode(name=NameNode(value=name)))
                for name in found.definition.args
            ),
            directives=(),
            selection_set=SelectionSetNode(selections=(*completion, *selections)),
        )

    def _variables_used(self, nodes: list[FieldNode]) -> list[str]:
        """Variables the selections of `nodes` use (also in the fragments they spread), in order."""
        used: dict[str, None] = {}
        spread: set[str] = set()
        fragments = self.definitions.fragments

        class Collect(Visitor):
            def enter_variable(self, node: VariableNode, *_: object) -> None:
                used.setdefault(node.name.value)

            def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
                if node.name.value not in spread:
                    spread.add(node.name.value)
                    visit(fragments[node.name.value].selection_set, self)

        for node in nodes:
            if node.selection_set is not None:
                visit(node.selection_set, Collect())
        return list(used)

    def document(self, candidate: _Candidate, name: str) -> str:
        relay = self.relay
        on_parent = InlineFragmentNode(
            type_condition=NamedTypeNode(name=NameNode(value=candidate.parent)),
            directives=(),
            selection_set=SelectionSetNode(selections=(candidate.connection,)),
        )
        node_field = FieldNode(
            name=NameNode(value=relay.field),
            arguments=(
                ArgumentNode(
                    name=NameNode(value=relay.argument), value=VariableNode(name=NameNode(value=relay.argument))
                ),
            ),
            directives=(),
            selection_set=SelectionSetNode(selections=(on_parent,)),
        )
        node = OperationDefinitionNode(
            operation=OperationType.QUERY,
            name=NameNode(value=name),
            variable_definitions=candidate.variables,
            directives=(),
            selection_set=SelectionSetNode(selections=(node_field,)),
        )
        return print_ast(node)

    def named(
        self, candidates: list[_Candidate], taken: set[str]
    ) -> tuple[tuple[OperationDefinitionNode, ...], tuple[DerivedConnection, ...]]:
        """Name the candidates (see the module docstring), drop duplicates, parse and validate the documents."""
        bodies = [self.document(candidate, "_") for candidate in candidates]
        chosen: dict[str, tuple[_Candidate, str]] = {}
        for candidate, body in zip(candidates, bodies, strict=True):
            name = _unclashing_name(candidate, body, list(zip(candidates, bodies, strict=True)))
            previous = chosen.get(name)
            if (previous is not None and previous[1] != body) or name in taken:
                raise UnsupportedError(
                    f"{where(candidate.source)}: the operation derived to paginate "
                    f"{'.'.join(candidate.path)} would be named {name!r}, which another operation has; rename one"
                )
            chosen.setdefault(name, (candidate, body))
        parsed = [(name, self._parsed(chosen[name][0], name)) for name in sorted(chosen)]
        return tuple(operation for _, operation in parsed), tuple(
            self._described(chosen[name][0], name) for name, _ in parsed
        )

    def _parsed(self, candidate: _Candidate, name: str) -> OperationDefinitionNode:
        source_name = f"{where(candidate.source)} (derived {name})"
        parsed = parse(Source(self.document(candidate, name), source_name)).definitions[0]
        assert isinstance(parsed, OperationDefinitionNode)
        self._validate(parsed, name)
        return parsed

    def _described(self, candidate: _Candidate, name: str) -> DerivedConnection:
        return DerivedConnection(
            operation=name,
            source=definition_name(candidate.source),
            path=candidate.path,
            parent_type=candidate.parent,
            node_field=self.relay.field,
            connection_key=candidate.field_name,
        )

    def _validate(self, operation: OperationDefinitionNode, name: str) -> None:
        used = self.definitions.used_fragments(operation.selection_set)
        document = DocumentNode(definitions=(operation, *(self.definitions.fragments[f] for f in used)))
        errors = validate(self.definitions.schema, document)
        if errors:
            problems = "; ".join(error.message for error in errors)
            raise UnsupportedError(f"the derived operation {name!r} does not validate: {problems}")


def _unclashing_name(candidate: _Candidate, body: str, all_bodies: list[tuple[_Candidate, str]]) -> str:
    """The first of the candidate's names that no candidate with another document has (else the last one)."""
    for level in range(3):
        name = candidate.names()[level]
        if not any(other.names()[level] == name and other_body != body for other, other_body in all_bodies):
            break
    return name


def _argument_type(argument: GraphQLArgument) -> str:
    """The variable type for an argument: its own, made nullable when the argument is non-null with a default."""
    type_ = argument.type
    if is_non_null_type(type_) and has_default(argument):
        type_ = type_.of_type
    return str(type_)


def _variable(name: str, type_: str) -> VariableDefinitionNode:
    return VariableDefinitionNode(
        variable=VariableNode(name=NameNode(value=name)), type=parse_type(type_), default_value=None, directives=()
    )


def _field(name: str, *children: SelectionNode) -> FieldNode:
    selection_set = SelectionSetNode(selections=children) if children else None
    return FieldNode(name=NameNode(value=name), arguments=(), directives=(), selection_set=selection_set)
