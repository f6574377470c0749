"""Leaf and input types: scalars to Python types, the enums and input objects that operations use, and the
list/nullable wrapping of a GraphQL type around its Python item type."""

from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLNamedType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    Undefined,
    get_named_type,
    is_input_object_type,
    is_list_type,
    is_non_null_type,
)
from graphql.type.definition import GraphQLWrappingType

from ._model import EnumClass, EnumValue, ListOf, ModelClass, ModelField, Nullable, PyName, TypeRef
from ._naming import attribute_name, check_unique, safe_name

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


def scalar_map(configured: dict[str, str]) -> dict[str, PyName]:
    mapping = {**BUILTIN_SCALARS, **KNOWN_SCALARS}
    for scalar, dotted in configured.items():
        module, _, name = dotted.rpartition(".")
        mapping[scalar] = PyName(name, module)
    return mapping


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


def optional(type_ref: TypeRef, required: bool) -> TypeRef:
    """`type_ref`, nullable when the value may be left out (e.g. a non-null input with a default)."""
    return type_ref if required or isinstance(type_ref, Nullable) else Nullable(type_ref)


def innermost(type_ref: TypeRef) -> TypeRef:
    while isinstance(type_ref, ListOf | Nullable):
        type_ref = type_ref.item if isinstance(type_ref, ListOf) else type_ref.inner
    return type_ref


def has_default(value: GraphQLInputField | GraphQLArgument) -> bool:
    # graphql-core 3.2 keeps a schema default in `default_value`; 3.3 in `default` (and leaves the first Undefined).
    return value.default_value is not Undefined or getattr(value, "default", None) is not None


class LeafTypes:
    """Python types for scalars, enums and input objects; remembers the enums and inputs used."""

    def __init__(self, schema: GraphQLSchema, scalars: dict[str, PyName]) -> None:
        self.schema = schema
        self.scalars = scalars
        self._enums: set[str] = set()
        self._inputs: set[str] = set()

    def leaf(self, named: GraphQLNamedType) -> PyName:
        if isinstance(named, GraphQLEnumType):
            self._enums.add(named.name)
            return PyName(named.name, "enums", generated=True)
        assert isinstance(named, GraphQLScalarType)
        return self.scalars.get(named.name, ANY)

    def input_leaf(self, named: GraphQLNamedType) -> PyName:
        if isinstance(named, GraphQLInputObjectType):
            self._inputs.add(named.name)
            return PyName(named.name, "inputs", generated=True)
        return self.leaf(named)

    def input_classes(self) -> tuple[ModelClass, ...]:
        """Input models reachable from the operations' variables, each after the inputs it uses."""
        ordered: list[ModelClass] = []
        visited: set[str] = set()
        for name in sorted(self._inputs):
            self._visit_input(name, visited, ordered)
        return tuple(ordered)

    def _visit_input(self, name: str, visited: set[str], ordered: list[ModelClass]) -> None:
        if name in visited:
            return
        visited.add(name)
        input_type = self.schema.get_type(name)
        assert isinstance(input_type, GraphQLInputObjectType)
        fields: list[ModelField] = []
        for graphql_name, input_field in input_type.fields.items():
            named = get_named_type(input_field.type)
            if is_input_object_type(named):
                self._visit_input(named.name, visited, ordered)
            required = is_non_null_type(input_field.type) and not has_default(input_field)
            type_ref = optional(wrap(input_field.type, self.input_leaf(named)), required)
            fields.append(
                ModelField(attribute_name(graphql_name), graphql_name, type_ref, required, input_field.description)
            )
        check_unique([f.python_name for f in fields], f"input {name}")
        ordered.append(ModelClass(name, tuple(fields), (), input_type.description))

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
