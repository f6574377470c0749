"""Stage 2: a validated schema and operations become the intermediate model (`ClientPackage`).

The stages, one concern each: `_unions` adds `__typename` where a selection narrows an abstract type and turns
such selections into discriminated unions; `_objects` builds one class per selection, named after its response
path (`_naming`), deriving from fragment classes (`_inherit`); `_leaves` maps scalars, enums and inputs;
`_pagination` detects paginated connections and shapes their result models. This module runs them per operation
and checks the names an operation takes in the generated package.
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

from ._errors import UnsupportedError
from ._inherit import ClassTable
from ._leaves import LeafTypes, optional, scalar_map, wrap
from ._load import DerivedConnection, LoadedOperations
from ._model import ClientPackage, ModelClass, Operation, Pagination, Variable
from ._naming import attribute_name, check_unique, constant_name, pascal_case, safe_name, snake_case
from ._objects import ObjectBuilder, Target
from ._pagination import PaginationBuilder, root_connection_key
from ._selections import Definitions, definition_name, where
from ._unions import add_typename_where_narrowed

# Module names the generator writes itself; an operation's module must not take one of them.
FIXED_MODULES = frozenset({"__init__", "client", "enums", "fragments", "inputs", "operations"})
# Keyword arguments every generated client method has, or locals it uses.
_CLIENT_RESERVED = frozenset({"self", "variables", "max_items", "cache_ttl"})
# Public methods and attributes of the runtime clients (kllgraph.Client, SyncClientBase, BaseClient) that an
# operation method must not replace; see docs/sdk-contract.md.
_RUNTIME_MEMBERS = frozenset(
    {
        "aclose", "base_url", "cache", "close", "execute", "headers", "initial_retry_delay", "local",
        "max_retries", "max_retry_delay", "progress", "raise_on_partial_data", "timeout",
    }
)  # fmt: skip


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


def operation_names(node: OperationDefinitionNode) -> tuple[str, str]:
    """The module and client method an operation becomes; raises when either would take a reserved name."""
    name = definition_name(node)
    if node.operation == OperationType.SUBSCRIPTION:
        raise UnsupportedError(f"{where(node)}: subscription {name!r}: subscriptions are not supported")
    module = snake_case(name)
    method = safe_name(snake_case(name))
    if module in FIXED_MODULES or not module.isidentifier() or module != safe_name(module):
        raise UnsupportedError(f"{where(node)}: operation {name!r} would be module {module!r}; rename it")
    if method in _RUNTIME_MEMBERS or method.startswith("_"):
        raise UnsupportedError(f"{where(node)}: operation {name!r} would override client method {method!r}")
    return module, method


class _Builder:
    def __init__(self, definitions: Definitions, leaves: LeafTypes) -> None:
        self.definitions = definitions
        self.leaves = leaves
        table = ClassTable()
        self.objects = ObjectBuilder(definitions, leaves, table)
        self.pagination = PaginationBuilder(table)

    def operation(self, node: OperationDefinitionNode, derived: DerivedConnection | None = None) -> Operation:
        module, method = operation_names(node)
        name = definition_name(node)
        root = self.definitions.schema.get_root_type(node.operation)
        assert root is not None  # validated
        classes: list[ModelClass] = []
        result = self.objects.object_class(
            pascal_case(name), root, [node.selection_set], (), Target(module, classes), None
        )
        variables = self._variables(node)
        return Operation(
            graphql_name=name,
            kind=node.operation.value,
            method_name=method,
            module_name=module,
            result_class=result.name,
            document_constant=constant_name(name) + "_DOCUMENT",
            document=self._document(node),
            variables=variables,
            pagination=self._pagination(node, derived, variables, classes, module),
            classes=tuple(classes),
        )

    def _pagination(
        self,
        node: OperationDefinitionNode,
        derived: DerivedConnection | None,
        variables: tuple[Variable, ...],
        classes: list[ModelClass],
        module: str,
    ) -> Pagination | None:
        """How to page through the operation's connection, if it has one (tightens `classes` in place)."""
        if derived is not None:
            return self.pagination.through_node(node, derived, classes, module)
        key = root_connection_key(self.definitions, node, variables)
        return None if key is None else self.pagination.root(node, key, classes, module)

    def _document(self, node: OperationDefinitionNode) -> str:
        used = self.definitions.used_fragments(node.selection_set)
        return "\n\n".join([print_ast(node), *(print_ast(self.definitions.fragments[name]) for name in used)])

    def _variables(self, node: OperationDefinitionNode) -> tuple[Variable, ...]:
        variables: list[Variable] = []
        for definition in node.variable_definitions or ():
            graphql_type = type_from_ast(self.definitions.schema, definition.type)
            assert is_input_type(graphql_type)  # validated
            inner = self.leaves.input_leaf(get_named_type(graphql_type))
            required = is_non_null_type(graphql_type) and definition.default_value is None
            type_ref = optional(wrap(graphql_type, inner), required)  # non-null with a default: may be left out
            graphql_name = definition.variable.name.value
            variables.append(Variable(attribute_name(graphql_name, _CLIENT_RESERVED), graphql_name, type_ref, required))
        check_unique([v.python_name for v in variables], f"{where(node)}: variables")
        # Required first so that the signature reads naturally; each group keeps the document's order.
        return tuple(sorted(variables, key=lambda v: not v.required))
