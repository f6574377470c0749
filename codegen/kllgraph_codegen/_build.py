"""Stage 2: a validated schema and operations become the intermediate model (`ClientPackage`).

Naming follows the response path: the result of operation `JobAds` is class `JobAds`, its field `jobAds` is class
`JobAdsJobAds`, `edges` inside it `JobAdsJobAdsEdges`, and so on (aliases name the path, since they name the key).
A selection that spreads a named fragment derives from the fragment's class, so shared fragments are shared
models. Selections on interfaces/unions that narrow with `... on T` become discriminated unions on `__typename`
(which the generator adds to the document when the operation did not select it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from graphql import (
    DocumentNode,
    EnumTypeDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLEnumType,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    Undefined,
    Visitor,
    get_named_type,
    is_abstract_type,
    is_composite_type,
    is_input_object_type,
    is_input_type,
    is_list_type,
    is_non_null_type,
    print_ast,
    type_from_ast,
    visit,
)
from graphql.type.definition import GraphQLWrappingType

from ._errors import UnsupportedError
from ._load import DerivedConnection, LoadedOperations
from ._model import (
    ClientPackage,
    DiscriminatedUnion,
    EnumClass,
    EnumValue,
    ListOf,
    LiteralOf,
    ModelClass,
    ModelField,
    NodeConnection,
    Nullable,
    Operation,
    Pagination,
    PyName,
    TypeRef,
    Variable,
)
from ._naming import attribute_name, constant_name, pascal_case, safe_name, snake_case

TYPENAME = "__typename"
TYPENAME_ATTRIBUTE = "typename__"

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
_ENUM_RESERVED = frozenset({"name", "value", "mro"})

BUILTIN_SCALARS: dict[str, PyName] = {
    "String": PyName("str"),
    "ID": PyName("str"),
    "Int": PyName("int"),
    "Float": PyName("float"),
    "Boolean": PyName("bool"),
}
# Custom scalars with a well-known meaning (strawberry's names); anything else is `Any` unless configured.
KNOWN_SCALARS: dict[str, PyName] = {
    "Date": PyName("date", "datetime"),
    "DateTime": PyName("datetime", "datetime"),
    "Time": PyName("time", "datetime"),
    "Decimal": PyName("Decimal", "decimal"),
    "UUID": PyName("UUID", "uuid"),
    "JSON": PyName("Any", "typing"),
}
ANY = PyName("Any", "typing")


def build_package(
    schema: GraphQLSchema, loaded: LoadedOperations, *, scalars: dict[str, str] | None = None
) -> ClientPackage:
    """The intermediate model for `loaded` (already validated against `schema`)."""
    document = add_typename_where_narrowed(
        schema, DocumentNode(definitions=(*loaded.operations, *loaded.fragments.values()))
    )
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    builder = _Builder(schema, fragments, _scalar_map(scalars or {}))
    for name in sorted(fragments):
        builder.fragment(name)
    derived = {d.operation: d for d in loaded.derived}
    built = tuple(builder.operation(op, derived.get(_name(op))) for op in sorted(operations, key=lambda op: _name(op)))
    return ClientPackage(
        enums=builder.enum_classes(),
        inputs=builder.input_classes(),
        fragments=tuple(builder.fragment_classes),
        operations=built,
    )


def _name(node: OperationDefinitionNode | FragmentDefinitionNode) -> str:
    assert node.name is not None  # the loader rejects anonymous operations
    return node.name.value


def _scalar_map(configured: dict[str, str]) -> dict[str, PyName]:
    mapping = {**BUILTIN_SCALARS, **KNOWN_SCALARS}
    for scalar, dotted in configured.items():
        module, _, name = dotted.rpartition(".")
        mapping[scalar] = PyName(name, module)
    return mapping


# --- `__typename` where a selection narrows an abstract type -----------------------------------------------


def possible_types(schema: GraphQLSchema, type_: GraphQLNamedType) -> frozenset[str]:
    if is_abstract_type(type_):
        return frozenset(t.name for t in schema.get_possible_types(type_))
    return frozenset({type_.name})


def covers(schema: GraphQLSchema, condition: GraphQLNamedType, type_: GraphQLNamedType) -> bool:
    """True when a fragment on `condition` applies to every object that can be a `type_`."""
    return possible_types(schema, condition) >= possible_types(schema, type_)


def narrows(
    schema: GraphQLSchema,
    selection_set: SelectionSetNode,
    type_: GraphQLNamedType,
    fragments: dict[str, FragmentDefinitionNode],
) -> bool:
    """True when some fragment in the selection (or in fragments it spreads that apply to every possible type)
    applies to only part of the possible types of `type_`."""
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition_name = selection.type_condition.name.value if selection.type_condition else type_.name
            nested = selection.selection_set
        elif isinstance(selection, FragmentSpreadNode):
            definition = fragments[selection.name.value]
            condition_name, nested = definition.type_condition.name.value, definition.selection_set
        else:
            continue
        condition = schema.get_type(condition_name)
        assert condition is not None  # validated
        if not covers(schema, condition, type_) or narrows(schema, nested, type_, fragments):
            return True
    return False


def add_typename_where_narrowed(schema: GraphQLSchema, document: DocumentNode) -> DocumentNode:
    """`document` with `__typename` first in every abstract-type selection that narrows and lacks it."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    type_info = TypeInfo(schema)

    class AddTypename(Visitor):
        def leave_selection_set(self, node: SelectionSetNode, *_: object) -> SelectionSetNode | None:
            parent = type_info.get_parent_type()
            if parent is None or not is_abstract_type(parent) or not narrows(schema, node, parent, fragments):
                return None
            if any(isinstance(s, FieldNode) and s.alias is None and s.name.value == TYPENAME for s in node.selections):
                return None
            typename = FieldNode(name=NameNode(value=TYPENAME), arguments=(), directives=())
            return SelectionSetNode(selections=(typename, *node.selections), loc=node.loc)

    result = visit(document, TypeInfoVisitor(type_info, AddTypename()))
    assert isinstance(result, DocumentNode)
    return result


# --- the builder --------------------------------------------------------------------------------------------


@dataclass
class _Collected:
    """Fields (by response key, with the type each was selected on) and fragment bases of one selection."""

    fields: dict[str, list[tuple[FieldNode, GraphQLCompositeType]]] = field(default_factory=dict)
    fragment_bases: list[str] = field(default_factory=list)


def wrap(graphql_type: GraphQLOutputType | GraphQLInputType, inner: TypeRef) -> TypeRef:
    """`inner` wrapped in the list/nullable structure of `graphql_type`."""
    if is_non_null_type(graphql_type):
        return _wrap_non_null(graphql_type.of_type, inner)
    return Nullable(_wrap_non_null(graphql_type, inner))


def _wrap_non_null(graphql_type: GraphQLOutputType | GraphQLInputType, inner: TypeRef) -> TypeRef:
    if is_list_type(graphql_type):
        assert isinstance(graphql_type, GraphQLWrappingType)
        return ListOf(wrap(graphql_type.of_type, inner))
    return inner


def innermost(type_ref: TypeRef) -> TypeRef:
    while isinstance(type_ref, ListOf | Nullable):
        type_ref = type_ref.item if isinstance(type_ref, ListOf) else type_ref.inner
    return type_ref


def replace_innermost(type_ref: TypeRef, inner: TypeRef) -> TypeRef:
    if isinstance(type_ref, ListOf):
        return ListOf(replace_innermost(type_ref.item, inner))
    if isinstance(type_ref, Nullable):
        return Nullable(replace_innermost(type_ref.inner, inner))
    return inner


class _Builder:
    def __init__(
        self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode], scalars: dict[str, PyName]
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.scalars = scalars
        self.fragment_classes: list[ModelClass] = []
        self._fragments_built: set[str] = set()
        self._classes: dict[tuple[str, str], ModelClass] = {}  # (module, name) -> class, for inheritance
        self._enums: set[str] = set()
        self._inputs: set[str] = set()

    # fragments and operations

    def fragment(self, name: str) -> None:
        """Build the class of fragment `name` (and of the fragments it spreads) unless it is a union shape."""
        if name in self._fragments_built:
            return
        self._fragments_built.add(name)
        if not self._fragment_is_single_class(name):
            return  # narrowing fragments are inlined wherever they are spread
        definition = self.fragments[name]
        type_ = self._composite(definition.type_condition.name.value)
        self._object_class(name, type_, [definition.selection_set], (), self.fragment_classes, "fragments", None)

    def operation(self, node: OperationDefinitionNode, derived: DerivedConnection | None = None) -> Operation:
        name = _name(node)
        if node.operation == OperationType.SUBSCRIPTION:
            raise UnsupportedError(f"{_where(node)}: subscription {name!r}: subscriptions are not supported")
        module = snake_case(name)
        method = safe_name(snake_case(name))
        if module in FIXED_MODULES or not module.isidentifier() or module != safe_name(module):
            raise UnsupportedError(f"{_where(node)}: operation {name!r} would be module {module!r}; rename it")
        if method in _RUNTIME_MEMBERS or method.startswith("_"):
            raise UnsupportedError(f"{_where(node)}: operation {name!r} would override client method {method!r}")
        root = self.schema.get_root_type(node.operation)
        assert root is not None  # validated
        classes: list[ModelClass] = []
        result = self._object_class(pascal_case(name), root, [node.selection_set], (), classes, module, None)
        variables = self._variables(node)
        if derived is not None:
            pagination: Pagination | None = self._node_pagination(node, derived, classes, module)
        else:
            pagination = self._pagination(node, classes[-1], module, variables)
            if pagination is not None:
                classes[-1] = self._with_required_connection(classes[-1], pagination, module)
        return Operation(
            graphql_name=name,
            kind=node.operation.value,
            method_name=method,
            module_name=module,
            result_class=result.name,
            document_constant=constant_name(name) + "_DOCUMENT",
            document=self._document(node),
            variables=variables,
            classes=tuple(classes),
            pagination=pagination,
        )

    def _document(self, node: OperationDefinitionNode) -> str:
        used: set[str] = set()
        pending: list[SelectionSetNode] = [node.selection_set]
        while pending:
            for selection in pending.pop().selections:
                if isinstance(selection, FragmentSpreadNode):
                    if selection.name.value not in used:
                        used.add(selection.name.value)
                        pending.append(self.fragments[selection.name.value].selection_set)
                elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set is not None:
                    pending.append(selection.selection_set)
        parts = [print_ast(node), *(print_ast(self.fragments[name]) for name in sorted(used))]
        return "\n\n".join(parts)

    def _variables(self, node: OperationDefinitionNode) -> tuple[Variable, ...]:
        variables: list[Variable] = []
        for definition in node.variable_definitions or ():
            graphql_type = type_from_ast(self.schema, definition.type)
            assert is_input_type(graphql_type)  # validated
            inner = self._input_leaf(get_named_type(graphql_type))
            required = is_non_null_type(graphql_type) and definition.default_value is None
            type_ref = wrap(graphql_type, inner)
            if not required and not isinstance(type_ref, Nullable):
                type_ref = Nullable(type_ref)  # non-null with a default: may be left out
            graphql_name = definition.variable.name.value
            variables.append(Variable(attribute_name(graphql_name, _CLIENT_RESERVED), graphql_name, type_ref, required))
        _check_unique([v.python_name for v in variables], f"{_where(node)}: variables")
        # Required first so that the signature reads naturally; each group keeps the document's order.
        return tuple(sorted(variables, key=lambda v: not v.required))

    def _pagination(
        self, node: OperationDefinitionNode, result: ModelClass, module: str, variables: Sequence[Variable]
    ) -> Pagination | None:
        names = {v.graphql_name for v in variables}
        root_fields = [f for f in result.fields if f.python_name != TYPENAME_ATTRIBUTE]
        if not {"first", "after"} <= names or len(root_fields) != 1 or result.bases:
            return None
        root_field = root_fields[0]
        connection = self._class_of(innermost(root_field.type), module)
        if connection is None:
            return None
        connection_fields = self._all_fields(connection)
        if not {"edges", "pageInfo"} <= connection_fields.keys():
            return None
        where = f"{_where(node)}: paginated operation {_name(node)!r}"
        node_type = self._connection_node_type(connection, module, where)
        return Pagination(connection_attribute=root_field.python_name, node_type=node_type)

    def _connection_node_type(self, connection: ModelClass, module: str, where: str) -> TypeRef:
        """The item type of a connection class selected for pagination; raises when its selection does not fit."""
        connection_fields = self._all_fields(connection)
        problems: list[str] = []
        edges = connection_fields["edges"]
        edge_class = (
            self._class_of(edges.type.item, module)
            if isinstance(edges.type, ListOf) and isinstance(edges.type.item, PyName)
            else None
        )
        if edges.python_name != "edges" or edge_class is None:
            problems.append("`edges` must be a non-null list of non-null edges")
        node_field = self._all_fields(edge_class).get("node") if edge_class is not None else None
        if node_field is None or node_field.python_name != "node":
            problems.append("select `edges { node { ... } }`")
        page_info = connection_fields["pageInfo"]
        page_info_class = self._class_of(page_info.type, module)
        page_info_fields = self._all_fields(page_info_class) if page_info_class is not None else {}
        if page_info.python_name != "page_info" or not {"hasNextPage", "endCursor"} <= page_info_fields.keys():
            problems.append("select `pageInfo { hasNextPage endCursor }` (non-null pageInfo)")
        elif not page_info_fields["hasNextPage"].required:
            problems.append("`pageInfo.hasNextPage` must be non-null")
        total = connection_fields.get("totalCount")
        if total is None or total.python_name != "total_count":
            problems.append("select `totalCount`")
        if problems:
            raise UnsupportedError(f"{where}: " + "; ".join(problems))
        assert node_field is not None
        return node_field.type

    def _node_pagination(
        self, node: OperationDefinitionNode, derived: DerivedConnection, classes: list[ModelClass], module: str
    ) -> Pagination:
        """The pagination of an operation derived by `_derive`: `node(id:) { ... on Parent { connection } }`.

        The connection field of the Parent member is made required (a null connection then fails validation in
        the runtime, as for root connections); the node itself is narrowed by a generated function.
        """
        where = f"{_where(node)}: paginated operation {_name(node)!r}"
        result = classes[-1]
        node_field = next(f for f in result.fields if f.graphql_name == derived.node_field)
        inner = innermost(node_field.type)
        members = inner.members if isinstance(inner, DiscriminatedUnion) else (inner,)
        member_classes = [self._class_of(m, module) for m in members]
        matching = [
            (member, model)
            for member, model in zip(members, member_classes, strict=True)
            if model is not None
            and any(f.type == LiteralOf((derived.parent_type,)) for f in model.fields if f.graphql_name == TYPENAME)
        ]
        if len(matching) != 1:
            raise UnsupportedError(f"{where}: no single result class for `... on {derived.parent_type}`")
        member, member_class = matching[0]
        assert isinstance(member, PyName)
        connection_field = next(f for f in member_class.fields if f.graphql_name == derived.connection_key)
        connection_type = innermost(connection_field.type)
        connection = self._class_of(connection_type, module)
        assert connection is not None and isinstance(connection_type, PyName)
        node_type = self._connection_node_type(connection, module, where)
        tightened = replace(
            member_class,
            fields=tuple(
                replace(f, type=connection_type, required=True) if f is connection_field else f
                for f in member_class.fields
            ),
        )
        self._classes[(module, member_class.name)] = tightened
        classes[classes.index(member_class)] = tightened
        return Pagination(
            connection_attribute=node_field.python_name,
            node_type=node_type,
            through_node=NodeConnection(
                function_name=f"{module}_connection",
                member=member,
                parent_type=derived.parent_type,
                connection_attribute=connection_field.python_name,
                connection_type=connection_type,
                other_types=len(members) > 1,
                source=".".join((derived.source, *derived.path)),
            ),
        )

    def _with_required_connection(self, result: ModelClass, pagination: Pagination, module: str) -> ModelClass:
        """`result` with its connection field required even where the schema makes it nullable.

        The paginator needs a connection on every page. A null one then fails validation in the runtime, which
        reports it as `ResponseValidationError` with the request, instead of a `None` reaching the paginator.
        """
        fields = tuple(
            replace(f, type=f.type.inner, required=True)
            if f.python_name == pagination.connection_attribute and isinstance(f.type, Nullable)
            else f
            for f in result.fields
        )
        tightened = replace(result, fields=fields)
        self._classes[(module, result.name)] = tightened
        return tightened

    # selections

    def _selection_type(
        self,
        class_name: str,
        type_: GraphQLCompositeType,
        selection_sets: list[SelectionSetNode],
        extra_bases: tuple[PyName, ...],
        out: list[ModelClass],
        module: str,
    ) -> PyName | DiscriminatedUnion:
        if not (is_abstract_type(type_) and any(self._narrows(s, type_) for s in selection_sets)):
            return self._object_class(class_name, type_, selection_sets, extra_bases, out, module, None)
        if extra_bases:
            raise UnsupportedError(
                f"{class_name}: a field selected both in a fragment and with `... on` narrowing is not supported"
            )
        candidates = sorted(self.schema.get_possible_types(type_), key=lambda t: t.name)
        narrowed = [t for t in candidates if self._selects_specifically(selection_sets, t, type_)]
        members = [
            self._object_class(class_name + t.name, t, selection_sets, (), out, module, (t.name,)) for t in narrowed
        ]
        others = tuple(t.name for t in candidates if t not in narrowed)
        if others:
            members.append(self._object_class(class_name, type_, selection_sets, (), out, module, others))
        return members[0] if len(members) == 1 else DiscriminatedUnion(tuple(members))

    def _object_class(
        self,
        class_name: str,
        type_: GraphQLCompositeType,
        selection_sets: list[SelectionSetNode],
        extra_bases: tuple[PyName, ...],
        out: list[ModelClass],
        module: str,
        typename: tuple[str, ...] | None,
    ) -> PyName:
        """Build the class for `selection_sets` on `type_` (nested classes first into `out`) and name it."""
        collected = _Collected()
        for selection_set in selection_sets:
            self._collect(selection_set, type_, type_, collected)
        for fragment_name in collected.fragment_bases:
            self.fragment(fragment_name)
        bases = self._without_ancestors(
            [*extra_bases, *(PyName(f, "fragments", generated=True) for f in collected.fragment_bases)]
        )
        inherited: dict[str, list[ModelField]] = {}
        for base in bases:
            for key, inherited_field in self._all_fields(self._classes[(base.module or "", base.name)]).items():
                inherited.setdefault(key, []).append(inherited_field)

        fields: list[ModelField] = []
        if typename is not None:
            fields.append(ModelField(TYPENAME_ATTRIBUTE, TYPENAME, LiteralOf(typename), required=True))
        for key, selected in collected.fields.items():
            first, selected_on = selected[0]
            if first.name.value == TYPENAME:
                if typename is None and key not in inherited:
                    python_name = TYPENAME_ATTRIBUTE if key == TYPENAME else attribute_name(key)
                    fields.append(ModelField(python_name, key, PyName("str"), required=True))
                continue
            assert isinstance(selected_on, GraphQLObjectType) or hasattr(selected_on, "fields")
            definition = selected_on.fields[first.name.value]
            named = get_named_type(definition.type)
            required = is_non_null_type(definition.type)
            if not is_composite_type(named):
                if key not in inherited:
                    leaf_type = wrap(definition.type, self._leaf(named))
                    fields.append(ModelField(attribute_name(key), key, leaf_type, required))
                continue
            assert isinstance(named, GraphQLObjectType) or is_abstract_type(named)
            sub_sets = [node.selection_set for node, _ in selected if node.selection_set is not None]
            nested_name = class_name + pascal_case(key)
            sub_bases = self._nested_bases(nested_name, inherited.get(key, []))
            scratch: list[ModelClass] = []
            inner = self._selection_type(nested_name, named, sub_sets, sub_bases, scratch, module)
            created = scratch[-1] if scratch else None
            if len(scratch) == 1 and created is not None and not created.fields and created.bases == sub_bases:
                # The field adds nothing to what the fragment already selects: keep the inherited field.
                del self._classes[(module, created.name)]
                continue
            out.extend(scratch)
            fields.append(ModelField(attribute_name(key), key, wrap(definition.type, inner), required))

        own_keys = {f.graphql_name for f in fields}
        inherited_names = [fs[0].python_name for key, fs in inherited.items() if key not in own_keys]
        _check_unique([f.python_name for f in fields] + inherited_names, f"class {class_name}")
        model = ModelClass(class_name, tuple(fields), tuple(bases))
        if (module, class_name) in self._classes:
            raise UnsupportedError(f"two generated classes would be named {class_name!r} in module {module!r}")
        self._classes[(module, class_name)] = model
        out.append(model)
        return PyName(class_name, module, generated=True)

    def _nested_bases(self, nested_name: str, inherited: list[ModelField]) -> tuple[PyName, ...]:
        bases: list[PyName] = []
        for inherited_field in inherited:
            inner = innermost(inherited_field.type)
            if not isinstance(inner, PyName):
                raise UnsupportedError(
                    f"{nested_name}: a field selected both directly and in a fragment that narrows it with "
                    "`... on` is not supported; select it in one place"
                )
            if inner not in bases:
                bases.append(inner)
        return tuple(bases)

    def _collect(
        self,
        selection_set: SelectionSetNode,
        type_: GraphQLCompositeType,
        scope: GraphQLCompositeType,
        collected: _Collected,
    ) -> None:
        """Gather what applies to `type_`; `scope` is the type the selections are written against."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                collected.fields.setdefault(key, []).append((selection, scope))
            elif isinstance(selection, InlineFragmentNode):
                condition = self._composite(selection.type_condition.name.value) if selection.type_condition else scope
                if covers(self.schema, condition, type_):
                    self._collect(selection.selection_set, type_, condition, collected)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                definition = self.fragments[selection.name.value]
                condition = self._composite(definition.type_condition.name.value)
                if not covers(self.schema, condition, type_):
                    continue
                if self._fragment_is_single_class(selection.name.value):
                    if selection.name.value not in collected.fragment_bases:
                        collected.fragment_bases.append(selection.name.value)
                else:
                    self._collect(definition.selection_set, type_, condition, collected)

    def _selects_specifically(
        self, selection_sets: Iterable[SelectionSetNode], object_type: GraphQLNamedType, abstract: GraphQLNamedType
    ) -> bool:
        """True when some fragment applies to `object_type` but not to every possible type of `abstract`."""
        for selection_set in selection_sets:
            for selection in selection_set.selections:
                if isinstance(selection, InlineFragmentNode):
                    condition = (
                        self._composite(selection.type_condition.name.value) if selection.type_condition else abstract
                    )
                    nested = selection.selection_set
                elif isinstance(selection, FragmentSpreadNode):
                    definition = self.fragments[selection.name.value]
                    condition = self._composite(definition.type_condition.name.value)
                    nested = definition.selection_set
                else:
                    continue
                if not covers(self.schema, condition, object_type):
                    continue
                if not covers(self.schema, condition, abstract):
                    return True
                if self._selects_specifically([nested], object_type, abstract):
                    return True
        return False

    def _narrows(self, selection_set: SelectionSetNode, type_: GraphQLNamedType) -> bool:
        return narrows(self.schema, selection_set, type_, self.fragments)

    def _fragment_is_single_class(self, name: str) -> bool:
        definition = self.fragments[name]
        condition = self._composite(definition.type_condition.name.value)
        return not (is_abstract_type(condition) and self._narrows(definition.selection_set, condition))

    # classes already built

    def _class_of(self, type_ref: TypeRef, module: str) -> ModelClass | None:
        if not isinstance(type_ref, PyName) or not type_ref.generated:
            return None
        return self._classes.get((type_ref.module or module, type_ref.name))

    def _all_fields(self, model: ModelClass | None) -> dict[str, ModelField]:
        """Fields of `model` including inherited ones, by GraphQL response key (most derived wins)."""
        if model is None:
            return {}
        fields: dict[str, ModelField] = {}
        for base in reversed(model.bases):
            fields.update(self._all_fields(self._classes[(base.module or "", base.name)]))
        fields.update({f.graphql_name: f for f in model.fields})
        return fields

    def _ancestors(self, name: PyName) -> set[PyName]:
        found: set[PyName] = set()
        for base in self._classes[(name.module or "", name.name)].bases:
            found |= {base, *self._ancestors(base)}
        return found

    def _without_ancestors(self, bases: list[PyName]) -> tuple[PyName, ...]:
        """Drop bases that another base already derives from, which would make the MRO inconsistent."""
        unique = list(dict.fromkeys(bases))
        covered = set().union(*(self._ancestors(base) for base in unique)) if unique else set()
        return tuple(base for base in unique if base not in covered)

    # leaf and input types

    def _composite(self, name: str) -> GraphQLCompositeType:
        type_ = self.schema.get_type(name)
        assert type_ is not None and is_composite_type(type_)  # validated
        return type_

    def _leaf(self, named: GraphQLNamedType) -> PyName:
        if isinstance(named, GraphQLEnumType):
            self._enums.add(named.name)
            return PyName(named.name, "enums", generated=True)
        assert isinstance(named, GraphQLScalarType)
        return self.scalars.get(named.name, ANY)

    def _input_leaf(self, named: GraphQLNamedType) -> PyName:
        if isinstance(named, GraphQLInputObjectType):
            self._inputs.add(named.name)
            return PyName(named.name, "inputs", generated=True)
        return self._leaf(named)

    def input_classes(self) -> tuple[ModelClass, ...]:
        """Input models reachable from the operations' variables, each after the inputs it uses."""
        ordered: list[ModelClass] = []
        visited: set[str] = set()

        def visit_input(name: str) -> None:
            if name in visited:
                return
            visited.add(name)
            input_type = self.schema.get_type(name)
            assert isinstance(input_type, GraphQLInputObjectType)
            fields: list[ModelField] = []
            for graphql_name, input_field in input_type.fields.items():
                named = get_named_type(input_field.type)
                if is_input_object_type(named):
                    visit_input(named.name)
                required = is_non_null_type(input_field.type) and not _has_default(input_field)
                type_ref = wrap(input_field.type, self._input_leaf(named))
                if not required and not isinstance(type_ref, Nullable):
                    type_ref = Nullable(type_ref)
                fields.append(
                    ModelField(attribute_name(graphql_name), graphql_name, type_ref, required, input_field.description)
                )
            _check_unique([f.python_name for f in fields], f"input {name}")
            ordered.append(ModelClass(name, tuple(fields), (), input_type.description))

        for name in sorted(self._inputs):
            visit_input(name)
        return tuple(ordered)

    def enum_classes(self) -> tuple[EnumClass, ...]:
        classes: list[EnumClass] = []
        for name in sorted(self._enums):
            enum_type = self.schema.get_type(name)
            assert isinstance(enum_type, GraphQLEnumType)
            values = tuple(
                EnumValue(safe_name(value_name, _ENUM_RESERVED), value_name, value.description)
                for value_name, value in enum_type.values.items()
            )
            classes.append(EnumClass(name, values, enum_type.description))
        return tuple(classes)


def _has_default(input_field: GraphQLInputField) -> bool:
    # graphql-core 3.2 keeps a schema default in `default_value`; 3.3 in `default` (and leaves the first Undefined).
    return input_field.default_value is not Undefined or getattr(input_field, "default", None) is not None


def _check_unique(names: list[str], where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise UnsupportedError(f"{where}: two fields map to the Python name {name!r}; alias one of them")
        seen.add(name)


def _where(node: OperationDefinitionNode | FragmentDefinitionNode | EnumTypeDefinitionNode) -> str:
    if node.loc is None:
        return "<operations>"
    location = node.loc.source.get_location(node.loc.start)
    return f"{node.loc.source.name}:{location.line}:{location.column}"
