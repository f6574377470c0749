"""Stage 2: a validated schema and operations become the intermediate model (`ClientPackage`).

The stages, one concern each: `_unions` adds `__typename` where a selection narrows an abstract type and turns
such selections into discriminated unions; `_objects` builds one class per selection, named after its response
path (`_naming`), deriving from fragment classes (`_inherit`); `_leaves` maps scalars, enums and inputs;
`_pagination` detects paginated connections and shapes their result models. This module runs them per operation
with the names `_naming` gives it.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    get_named_type,
    is_input_type,
    is_non_null_type,
    print_ast,
    type_from_ast,
)

from ._docs import root_description, variable_descriptions
from ._errors import UnsupportedError
from ._inherit import ClassTable
from ._leaves import LeafTypes, optional, scalar_map, wrap
from ._load import DerivedConnection, LoadedOperations
from ._model import ClientPackage, ListOf, Lookup, ModelClass, Nullable, Operation, Pagination, PyName, Variable
from ._naming import OperationNames, check_unique, operation_names, variable_name
from ._objects import ObjectBuilder, Target
from ._pagination import PaginationBuilder, root_connection_key
from ._selections import Definitions, definition_name, where
from ._unions import add_typename_where_narrowed


def build_package(
    schema: GraphQLSchema, loaded: LoadedOperations, *, scalars: dict[str, str] | None = None
) -> ClientPackage:
    """The intermediate model for `loaded` (already validated against `schema`)."""
    document = add_typename_where_narrowed(
        schema, DocumentNode(definitions=(*loaded.operations, *loaded.fragments.values()))
    )
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    builder = _Builder(Definitions(schema, fragments), LeafTypes(schema, scalar_map(scalars or {})))
    for name in sorted(fragments):
        builder.objects.fragment(name)
    derived = {d.operation: d for d in loaded.derived}
    built = tuple(
        builder.operation(op, derived.get(definition_name(op))) for op in sorted(operations, key=definition_name)
    )
    return ClientPackage(
        enums=builder.leaves.enum_classes(),
        inputs=builder.leaves.input_classes(),
        fragments=tuple(builder.objects.fragment_classes),
        operations=built,
    )


class _Builder:
    def __init__(self, definitions: Definitions, leaves: LeafTypes) -> None:
        self.definitions = definitions
        self.leaves = leaves
        table = ClassTable()
        self.objects = ObjectBuilder(definitions, leaves, table)
        self.pagination = PaginationBuilder(table)

    def operation(self, node: OperationDefinitionNode, derived: DerivedConnection | None = None) -> Operation:
        name = definition_name(node)
        if node.operation == OperationType.SUBSCRIPTION:
            raise UnsupportedError(f"{where(node)}: subscription {name!r}: subscriptions are not supported")
        names = operation_names(name, where(node))
        module = names.module
        root = self.definitions.schema.get_root_type(node.operation)
        assert root is not None  # validated
        classes: list[ModelClass] = []
        result = self.objects.object_class(
            names.result_class, root, [node.selection_set], (), Target(module, classes), None, names.path_prefix
        )
        variables = self._variables(node)
        pagination = self._pagination(node, derived, variables, classes, names)
        return Operation(
            graphql_name=name,
            kind=node.operation.value,
            method_name=names.method,
            module_name=module,
            result_class=result.name,
            document_constant=names.document_constant,
            document=self._document(node),
            variables=variables,
            pagination=pagination,
            classes=tuple(classes),
            lookup=None if pagination is not None else _lookup(classes[-1]),
            description=root_description(self.definitions.schema, node),
        )

    def _pagination(
        self,
        node: OperationDefinitionNode,
        derived: DerivedConnection | None,
        variables: tuple[Variable, ...],
        classes: list[ModelClass],
        names: OperationNames,
    ) -> Pagination | None:
        """How to page through the operation's connection, if it has one (tightens `classes` in place)."""
        if derived is not None:
            return self.pagination.through_node(node, derived, classes, names)
        key = root_connection_key(self.definitions, node, variables)
        return None if key is None else self.pagination.root(node, key, classes, names.module)

    def _document(self, node: OperationDefinitionNode) -> str:
        used = self.definitions.used_fragments(node.selection_set)
        return "\n\n".join([print_ast(node), *(print_ast(self.definitions.fragments[name]) for name in used)])

    def _variables(self, node: OperationDefinitionNode) -> tuple[Variable, ...]:
        descriptions = variable_descriptions(self.definitions.schema, node)
        variables: list[Variable] = []
        for definition in node.variable_definitions or ():
            graphql_type = type_from_ast(self.definitions.schema, definition.type)
            assert is_input_type(graphql_type)  # validated
            inner = self.leaves.input_leaf(get_named_type(graphql_type))
            required = is_non_null_type(graphql_type) and definition.default_value is None
            type_ref = optional(wrap(graphql_type, inner), required)  # non-null with a default: may be left out
            graphql_name = definition.variable.name.value
            description = descriptions.get(graphql_name)
            variables.append(Variable(variable_name(graphql_name), graphql_name, type_ref, required, description))
        check_unique([v.python_name for v in variables], f"{where(node)}: variables")
        # Required first so that the signature reads naturally; each group keeps the document's order.
        return tuple(sorted(variables, key=lambda v: not v.required))


def _lookup(result: ModelClass) -> Lookup | None:
    """A single lookup: the result has one field (besides `__typename`), an object (or union) that is not a
    list. The client method then returns that object, or `None`."""
    fields = [f for f in result.fields if f.graphql_name != "__typename"]
    if result.bases or len(fields) != 1:
        return None
    inner = fields[0].type.inner if isinstance(fields[0].type, Nullable) else fields[0].type
    if isinstance(inner, ListOf) or (isinstance(inner, PyName) and inner.module in (None, "enums", "inputs")):
        return None
    return Lookup(fields[0].python_name, fields[0].type)
