"""Stage 2 output: the intermediate model, plain data that the generators turn into Python modules.

Nothing here knows about graphql-core or `ast`; module names are relative to the generated package
("enums", "inputs", "fragments", one per operation), `None` meaning a builtin.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PyName:
    """A named Python type: `str`, `datetime.date` (module "datetime"), or a generated class."""

    name: str
    module: str | None = None
    # True for modules of the generated package (imported relatively), False for stdlib/third party.
    generated: bool = False


@dataclass(frozen=True)
class ListOf:
    item: TypeRef


@dataclass(frozen=True)
class Nullable:
    inner: TypeRef


@dataclass(frozen=True)
class LiteralOf:
    """`Literal["A", "B"]`: the `__typename` of the members of a discriminated union."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class DiscriminatedUnion:
    """Result classes of an abstract type, told apart by their `typename__` literal."""

    members: tuple[PyName, ...]


TypeRef = PyName | ListOf | Nullable | LiteralOf | DiscriminatedUnion


@dataclass(frozen=True)
class ModelField:
    python_name: str
    graphql_name: str  # response key for results (alias if aliased), field name for inputs; the pydantic alias
    type: TypeRef
    required: bool  # False -> `= None` default (nullable results, optional inputs)
    description: str | None = None


@dataclass(frozen=True)
class ModelClass:
    """A pydantic model; with no `bases` it derives from `kllgraph.GraphQLModel`."""

    name: str
    fields: tuple[ModelField, ...]
    bases: tuple[PyName, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class EnumValue:
    python_name: str
    value: str
    description: str | None = None


@dataclass(frozen=True)
class EnumClass:
    name: str
    values: tuple[EnumValue, ...]
    description: str | None = None


@dataclass(frozen=True)
class Variable:
    python_name: str
    graphql_name: str
    type: TypeRef  # Nullable(...) exactly when the variable may be left out
    required: bool
    description: str | None = None  # of the argument the variable is passed to


@dataclass(frozen=True)
class NodeConnection:
    """A connection reached through `node(id:)` (operations derived for nested connections): the result's node
    must be the parent type. The operation's module gets a function `function_name(result) -> connection_type`
    that narrows the node and raises `ValueError` when it is of another type or null."""

    function_name: str
    member: PyName  # the result class of the node when it is `parent_type`
    parent_type: str  # GraphQL type name
    connection_attribute: str  # attribute of `member` holding the connection
    connection_type: PyName
    other_types: bool  # the node may be of another type (its annotation is a union)
    source: str  # "Organisation.organisation.researchProjects": the operation and path it paginates


@dataclass(frozen=True)
class Pagination:
    """How to find the Relay connection in the result of a paginated operation."""

    connection_attribute: str  # attribute of the result model holding the connection (or the node)
    node_type: TypeRef
    through_node: NodeConnection | None = None


@dataclass(frozen=True)
class Lookup:
    """A single lookup (`jobAd(id:)`): the client method returns the root field's value, not the root result."""

    attribute: str  # of the root result class
    type: TypeRef  # the field's type: the entity, `| None` where the schema allows null


@dataclass(frozen=True)
class Operation:
    graphql_name: str
    kind: str  # "query" or "mutation"
    method_name: str
    module_name: str
    result_class: str
    document_constant: str
    document: str  # the operation followed by every fragment it uses, as sent to the server
    variables: tuple[Variable, ...]
    classes: tuple[ModelClass, ...]  # dependencies first, result class last
    pagination: Pagination | None
    lookup: Lookup | None = None
    description: str | None = None  # of the root field(s) the operation selects


@dataclass(frozen=True)
class ClientPackage:
    enums: tuple[EnumClass, ...]
    inputs: tuple[ModelClass, ...]  # dependencies first
    fragments: tuple[ModelClass, ...]  # dependencies first
    operations: tuple[Operation, ...]
