"""What one GraphQL request may ask, checked before any resolver runs, in time linear in the document's size.

A public gateway answers documents written by anyone, so every step before execution is bounded:

    step        limit (setting KLLGRAPH_...)                   refusal (extensions.code)
    HTTP        MAX_BODY_BYTES, MAX_QUERY_LENGTH (characters)     BAD_REQUEST (413), GRAPHQL_PARSE_FAILED
    parse       MAX_QUERY_TOKENS (comments count)                 GRAPHQL_PARSE_FAILED
    limits      MAX_OPERATIONS, MAX_DIRECTIVES, MAX_FIELD_REPEATS, GRAPHQL_VALIDATION_FAILED, with
                MAX_QUERY_DEPTH, MAX_ALIASES                      extensions.limit = the setting's name
    validation  the GraphQL spec's rules, on documents within the limits only
    cost        MAX_QUERY_COST (estimated upstream requests per   QUERY_TOO_COSTLY
                entity type, see `estimate_cost`)
    arguments   MAX_STRING_LENGTH per string; ids printable ASCII BAD_USER_INPUT, extensions.argument
                                                                  (a field error: its resolver never runs)

The HTTP endpoint refuses a long document unread (`_http.py`); the parser stops at the first token beyond its limit
(graphql-core's `max_tokens`, set by strawberry's MaxTokensLimiter). The limit rules are graphql-core validation
rules, built once per schema, that measure every fragment once (memoised: twenty fragments each spreading the
previous one twice cost twenty measurements, not 2^20). They run before the spec's rules, some of which are
quadratic, so those only ever see documents within the limits; the results of both are cached per document
(strawberry's ValidationCache), so a repeated document is validated once, and so is a stream of documents that differ
only in free-text literals, e.g. a search text written into the document (`ValidShapes`). The cost depends on the
variables, so it is estimated per request, still before execution.
"""

from __future__ import annotations

import functools
import inspect
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Final

import strawberry
from cachetools import LRUCache
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLID,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    TypeMetaFieldDef,
    Undefined,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
    specified_rules,
    validate,
)
from graphql.validation import ValidationContext, ValidationRule
from strawberry.extensions import ValidationCache
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.schema_directive import Location

from ._errors import BadUserInput
from ._pagination import DEFAULT_PAGE_SIZE
from ._personal import PERSONAL_TEXT_ARGUMENTS, names_personal_field

if TYPE_CHECKING:
    from ._settings import Settings

__all__ = [
    "AUDITED_RULES",
    "LimitedValidationCache",
    "ListSize",
    "QueryLimits",
    "ValidShapes",
    "estimate_cost",
    "guard_arguments",
    "is_object_list",
    "limit_rules",
    "limits_checker",
    "list_size",
]

QUERY_TOO_COSTLY: Final = "QUERY_TOO_COSTLY"
_VALIDATION_FAILED: Final = "GRAPHQL_VALIDATION_FAILED"
# Settings.max_string_length's default: the limit of `__type(name:)` when a schema runs without a gateway Context.
DEFAULT_MAX_STRING_LENGTH: Final = 1_000


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """The limits the schema applies (the HTTP endpoint applies MAX_BODY_BYTES and MAX_QUERY_LENGTH itself)."""

    max_query_tokens: int
    max_operations: int
    max_directives: int
    max_field_repeats: int
    max_query_depth: int
    max_aliases: int
    max_query_cost: int
    max_string_length: int
    max_page_size: int

    @classmethod
    def from_settings(cls, settings: Settings) -> QueryLimits:
        return cls(**{name: getattr(settings, name) for name in cls.__dataclass_fields__})


# --- the document's shape: one visit, fragments memoised --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Size:
    depth: int  # nested selection sets below the root, introspection not counted (as strawberry's QueryDepthLimiter)
    aliases: int  # aliased fields, every fragment spread expanded
    # Fields per (type condition, response name) in this selection set, fragments expanded: what the spec's
    # OverlappingFieldsCanBeMerged compares pairwise. "" is the selection set's own type.
    names: Counter[tuple[str, str]]


_ZERO = _Size(0, 0, Counter())


class _ShapeRule(ValidationRule):
    """Counts operations and directives while graphql-core visits the document once, and measures the depth,
    aliases and repeated fields of each operation and fragment, every fragment once (memoised)."""

    limits: ClassVar[QueryLimits]

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.operations = self.directives = self.depth = self.aliases = 0
        self.deepest = self.most_aliased = "anonymous"
        self.repeated: tuple[str, int, FieldNode | SelectionSetNode] | None = None
        self.fragment_sizes: dict[str, _Size | None] = {}  # None while a fragment is being measured (cycles)

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        self.operations += 1
        size = self._measure(node.selection_set, "")
        name = node.name.value if node.name else "anonymous"
        if size.depth > self.depth:
            self.depth, self.deepest = size.depth, name
        if size.aliases > self.aliases:
            self.aliases, self.most_aliased = size.aliases, name

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_args: Any) -> None:
        self._fragment(node.name.value)  # also unused ones: the spec's rules will look at them

    def enter_directive(self, *_args: Any) -> None:
        self.directives += 1

    def leave_document(self, *_args: Any) -> None:
        limits = self.limits
        if self.depth > limits.max_query_depth:
            self._report(f"Operation '{self.deepest}' is {self.depth} levels deep; the maximum operation depth is"
                         f" {limits.max_query_depth}.", "max_query_depth")
        if self.aliases > limits.max_aliases:
            self._report(f"Operation '{self.most_aliased}' uses {self.aliases} aliases (fragments expanded); at most"
                         f" {limits.max_aliases} are allowed.", "max_aliases")
        if self.repeated is not None:
            name, count, node = self.repeated
            self._report(f"'{name}' is selected {count} times in one selection set (fragments expanded); at most"
                         f" {limits.max_field_repeats} are allowed.", "max_field_repeats", node)
        if self.operations > limits.max_operations:
            self._report(f"The document has {self.operations} operations; at most {limits.max_operations} are"
                         " allowed.", "max_operations")
        if self.directives > limits.max_directives:
            self._report(f"The document uses {self.directives} directives; at most {limits.max_directives} are"
                         " allowed.", "max_directives")

    def _report(self, message: str, setting: str, node: Any = None) -> None:
        self.report_error(GraphQLError(message, node, extensions={"code": _VALIDATION_FAILED, "limit": setting}))

    def _measure(self, selection_set: SelectionSetNode, condition: str) -> _Size:
        depth = aliases = 0
        names: Counter[tuple[str, str]] = Counter()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                aliases += selection.alias is not None
                names[condition, (selection.alias or selection.name).value] += 1
                if selection.selection_set is not None:
                    inner = self._measure(selection.selection_set, "")
                    aliases += inner.aliases
                    if not selection.name.value.startswith("__"):
                        depth = max(depth, inner.depth + 1)
                continue
            if isinstance(selection, FragmentSpreadNode):
                inner = self._fragment(selection.name.value)
            else:
                type_condition = selection.type_condition  # type: ignore[attr-defined]
                inner = self._measure(selection.selection_set,  # type: ignore[attr-defined]
                                      type_condition.name.value if type_condition else condition)
            depth, aliases = max(depth, inner.depth), aliases + inner.aliases
            names.update(inner.names)
        if self.repeated is None and names:
            (_condition, name), count = names.most_common(1)[0]
            if count > self.limits.max_field_repeats:
                self.repeated = (name, count, selection_set)
        return _Size(depth, aliases, names)

    def _fragment(self, name: str) -> _Size:
        if name in self.fragment_sizes:
            return self.fragment_sizes[name] or _ZERO  # a cycle: NoFragmentCyclesRule reports it
        fragment = self.context.get_fragment(name)
        if fragment is None:
            return _ZERO  # KnownFragmentNamesRule reports it
        self.fragment_sizes[name] = None
        size = self.fragment_sizes[name] = self._measure(fragment.selection_set, fragment.type_condition.name.value)
        return size


def limit_rules(limits: QueryLimits) -> tuple[type[ValidationRule], ...]:
    """The limit rules, bound to `limits`: build them once per schema, so validation caches can key on them."""
    return (type("DocumentShapeRule", (_ShapeRule,), {"limits": limits}),)


# --- cost: estimated upstream requests -------------------------------------------------------------------------


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION], name="listSize",
    description="The size of a list field that is not a connection, for the cost estimate (QUERY_TOO_COSTLY): at "
    "most `assumedSize` items, or as many as its `slicingArguments` ask for (their default when not given). The "
    "arguments are those of the IBM GraphQL Cost Directives specification's @listSize; connections are sized by "
    "their `first`.",
)
class ListSize:
    assumed_size: int | None = strawberry.UNSET
    slicing_arguments: list[str] | None = strawberry.UNSET


def _calls_upstream(field: GraphQLField) -> bool:
    # Upstream calls are awaited, so a field with a synchronous resolver (e.g. `sources`) never makes one.
    resolve = field.resolve
    return resolve is not None and inspect.iscoroutinefunction(inspect.unwrap(resolve))  # past `guard_arguments`


def _is_connection(field: GraphQLField) -> bool:
    return get_named_type(field.type).name.endswith("Connection")


def list_size(field: GraphQLField) -> ListSize | None:
    """The `@listSize` a field declares, if any."""
    definition = field.extensions.get("strawberry-definition")
    for directive in getattr(definition, "directives", None) or ():
        if isinstance(directive, ListSize):
            return directive
    return None


def is_object_list(field: GraphQLField) -> bool:
    """A plain list of objects (not a connection): its items' selections exist once per item."""
    return is_list_type(get_nullable_type(field.type)) and is_composite_type(get_named_type(field.type))


def _int_argument(node: FieldNode, name: str, field: GraphQLField, operation: OperationDefinitionNode,
                  variables: Mapping[str, Any]) -> int | None:
    """The value an Int argument will have: literal, variable (or the variable's default), else the schema's
    default. An explicit null means the default too (the gateway's one rule for null, `guard_arguments`)."""
    value: object = None
    for argument in node.arguments or ():
        if argument.name.value != name:
            continue
        literal = argument.value
        if isinstance(literal, IntValueNode):
            value = int(literal.value)
        elif isinstance(literal, VariableNode):
            variable = literal.name.value
            if variable in variables:
                value = variables[variable]
            else:
                for definition in operation.variable_definitions or ():
                    if (definition.variable.name.value == variable
                            and isinstance(definition.default_value, IntValueNode)):
                        value = int(definition.default_value.value)
    if value is None and name in field.args:
        value = field.args[name].default_value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _items(field: GraphQLField, node: FieldNode, operation: OperationDefinitionNode, variables: Mapping[str, Any],
           max_page_size: int) -> int:
    """How many times the selections inside `field` can exist per parent: a connection's page, a list's size."""
    if _is_connection(field):
        first = _int_argument(node, "first", field, operation, variables)
        size = DEFAULT_PAGE_SIZE if first is None else first
        return max(0, min(size, max_page_size))  # out of range: the resolver refuses it without a request
    if not is_object_list(field):
        return 1
    declared = list_size(field)
    if declared is None:
        return 1  # a list whose items reach no costed field (`test_limits` holds every other list to a bound)
    for name in declared.slicing_arguments or ():
        sliced = _int_argument(node, name, field, operation, variables)
        if sliced is not None:
            return max(0, min(sliced, max_page_size))
    return declared.assumed_size or 1


def _cost_group(field: GraphQLField) -> str:
    # The entity type a field reads: `JobAdConnection` and `jobAd` both read JobAds (from JobSearch).
    return get_named_type(field.type).name.removesuffix("Connection")


def estimate_cost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
                  variables: Mapping[str, Any] | None, *, max_page_size: int) -> Counter[str]:
    """The upstream requests `operation` may cost, per entity type read, estimated from the schema alone.

    Counted, each once per parent object that can exist: every root field whose resolver is async (it calls a
    source), and every connection field (returning a `...Connection` type: one page, one request). The selections
    inside a list exist once per item, so they count as many times as the list can hold: a connection's `first`
    (the literal, the variable, or the default page size), a plain list's declared `@listSize` (e.g. 21 regions,
    at most 49 municipalities in one region). Requests are grouped by the entity type the field returns (`JobAd`
    for `jobAds`, `jobAd` and `historicalJobAds`), standing in for the source: each entity type is read from one
    source, or a few of one agency's, and an upstream's rate limit is what a fan-out strains.
    Not counted: lookups of single entities below the root (DataLoaders batch them per request), caching, and
    pages larger than one upstream request. So it is an estimate: an upper bound for nested lists (caching and
    batching only lower the real count), a lower bound for a `first` beyond an upstream's page size. It bounds
    fan-out such as many aliased root searches, or a connection nested in a large page or list of another.
    Fragments are costed once each (memoised), so the estimate takes time linear in the document's size."""
    variables = variables or {}
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    memo: dict[tuple[str, bool], Counter[str] | None] = {}

    def selection_cost(selection_set: SelectionSetNode, parent: GraphQLNamedType | None, root: bool) -> Counter[str]:
        cost: Counter[str] = Counter()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                    continue  # a union has only __typename; the spec's rules refuse other fields
                field = parent.fields.get(selection.name.value)
                if field is None:
                    continue  # __typename, introspection: no upstream
                if _is_connection(field) or (root and _calls_upstream(field)):
                    cost[_cost_group(field)] += 1
                if selection.selection_set is not None:
                    inner = selection_cost(selection.selection_set, get_named_type(field.type), False)
                    items = _items(field, selection, operation, variables, max_page_size)
                    if items != 1:
                        inner = Counter({group: n * items for group, n in inner.items()})
                    cost.update(inner)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner_type = schema.get_type(condition.name.value) if condition is not None else None
                cost.update(selection_cost(selection.selection_set, inner_type or parent, root))
            elif isinstance(selection, FragmentSpreadNode):
                cost.update(fragment_cost(selection.name.value, parent, root))
        return cost

    def fragment_cost(name: str, parent: GraphQLNamedType | None, root: bool) -> Counter[str]:
        key = (name, root)  # a fragment on the root type counts root fields; elsewhere the same fields do not
        if key in memo:
            return memo[key] or Counter()  # None: a cycle, which the spec's rules refuse
        fragment = fragments.get(name)
        if fragment is None:
            return Counter()
        memo[key] = None
        fragment_type = schema.get_type(fragment.type_condition.name.value) or parent
        cost = memo[key] = selection_cost(fragment.selection_set, fragment_type, root)
        return cost

    return selection_cost(operation.selection_set, schema.get_root_type(operation.operation), True)


# --- the validation step ----------------------------------------------------------------------------------------


# --- valid shapes: documents that differ only in free-text literals -----------------------------------------------

# The validation rules whose outcome the shapes below were audited against: graphql-core's specified rules (as of
# graphql-core 3.3), the two strawberry adds in `validate_document`, and the limit rules (`_ShapeRule`). None of
# them reads the characters of a string literal in a String or ID position: the spec's rules look at its kind
# (ValuesOfCorrectType: String and ID accept any string literal), and the few that compare values
# (OverlappingFieldsCanBeMerged: two fields of one response name must have equal arguments) only compare them for
# equality, which a shape keeps. tests/gateway/test_limits.py fails when the rules that run change.
AUDITED_RULES: Final = frozenset({*specified_rules, MaybeNullValidationRule, OneOfInputValidationRule})


class ValidShapes:
    """Documents known to be valid, by *shape*: the document's text with each free-text literal replaced by a
    placeholder that keeps only which literals are equal (and their kind, quoted or block string).

    A free-text literal is a string literal given directly (or as an item of a list) to a field argument whose name
    is, everywhere in the schema, an argument of the built-in String or ID type (`query`, ids, codes). Validation
    never depends on such a literal's characters (`AUDITED_RULES`), so a document with the shape of one that
    validated is valid too: `jobAds(query: "nurse")` then `jobAds(query: "welder")` are validated once. Clients
    that put their search text in the document instead of a variable otherwise cost a full validation (~1.5 ms)
    per request. Only valid documents are remembered (errors may quote the document); a bounded LRU.

    Two texts with equal shapes are the same token sequence except for the string tokens the placeholders stand
    for (a placeholder is delimited by NUL, which no text with a shape contains), so they parse to the same tree
    with only those values differing, and the same literals are free in both."""

    def __init__(self, maxsize: int) -> None:
        self._valid: LRUCache[tuple[tuple[type, ...], str], bool] = LRUCache(maxsize=maxsize)
        self._free_for: tuple[GraphQLSchema, frozenset[str]] | None = None

    def free_arguments(self, schema: GraphQLSchema) -> frozenset[str]:
        """Argument names that are String or ID wherever a field of `schema` takes them (computed once)."""
        if self._free_for is None or self._free_for[0] is not schema:
            types: dict[str, set[bool]] = {}
            for named in schema.type_map.values():
                if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
                    for field in named.fields.values():
                        for name, argument in field.args.items():
                            free = get_named_type(argument.type) in (GraphQLString, GraphQLID)
                            types.setdefault(name, set()).add(free)
            self._free_for = (schema, frozenset(name for name, kinds in types.items() if kinds == {True}))
        return self._free_for[1]

    def shape(self, schema: GraphQLSchema, document: DocumentNode) -> str | None:
        """The document's shape, or None when it has no source locations to cut the literals out of, or holds the
        placeholders' delimiter itself (a comment may: the lexer refuses it everywhere else)."""
        if document.loc is None or "\0" in document.loc.source.body:
            return None
        free = self.free_arguments(schema)
        literals: list[StringValueNode] = []

        def arguments(selection_set: SelectionSetNode) -> None:
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    for argument in selection.arguments or ():
                        if argument.name.value in free:
                            value = argument.value
                            if isinstance(value, StringValueNode):
                                literals.append(value)
                            elif isinstance(value, ListValueNode):
                                literals.extend(item for item in value.values if isinstance(item, StringValueNode))
                if getattr(selection, "selection_set", None) is not None:
                    arguments(selection.selection_set)  # type: ignore[attr-defined]

        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
                arguments(definition.selection_set)
        text = document.loc.source.body
        if not literals:
            return text
        parts: list[str] = []
        position, classes = 0, dict[tuple[str, bool], int]()
        for literal in sorted(literals, key=lambda node: node.loc.start if node.loc else -1):
            if literal.loc is None:
                return None
            index = classes.setdefault((literal.value, bool(literal.block)), len(classes))
            parts.append(text[position:literal.loc.start])
            parts.append(f"\0{index}{'b' if literal.block else 's'}\0")
            position = literal.loc.end
        parts.append(text[position:])
        return "".join(parts)

    def valid(self, rules: tuple[type, ...], shape: str) -> bool:
        return self._valid.get((rules, shape), False)

    def remember(self, rules: tuple[type, ...], shape: str) -> None:
        self._valid[(rules, shape)] = True


class LimitedValidationCache(ValidationCache):
    """strawberry's ValidationCache, preceded by the limit rules and followed by the cost limit.

    The limit rules run alone first (cached per document as well); only a document within them meets the spec's
    rules. A document with the shape of one that passed both is not validated again (`ValidShapes`). A valid
    document's cost depends on its variables, so it is estimated per request, before execution."""

    def __init__(self, *, limits: QueryLimits, check_limits: Callable[[GraphQLSchema, DocumentNode],
                 list[GraphQLError]], maxsize: int, shapes: ValidShapes | None = None) -> None:
        super().__init__(maxsize=maxsize)
        self.limits = limits
        self.check_limits = check_limits
        self.shapes = shapes

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        schema: GraphQLSchema = context.schema._schema
        document = context.graphql_document
        assert document is not None
        # A document naming a person's text is validated without the caches, which would keep it (`_personal`).
        personal = names_personal_field(context.query)
        rules = tuple(context.validation_rules)
        shape = None if personal else self._shape(schema, document, rules)
        if shape is not None and self.shapes is not None and self.shapes.valid(rules, shape):
            errors: list[GraphQLError] = []
        else:
            errors = self._validate(schema, document, rules, personal=personal)
            if not errors and shape is not None and self.shapes is not None:
                self.shapes.remember(rules, shape)
        if not errors:
            errors = self._check_cost(schema, document)
        context.pre_execution_errors = errors
        yield

    def _shape(self, schema: GraphQLSchema, document: DocumentNode, rules: tuple[type, ...]) -> str | None:
        if self.shapes is None or not AUDITED_RULES.issuperset(rules):
            return None
        return self.shapes.shape(schema, document)

    def _validate(self, schema: GraphQLSchema, document: DocumentNode, rules: tuple[type, ...], *,
                  personal: bool) -> list[GraphQLError]:
        """The limit rules, then (within them) the spec's rules; through the caches unless `personal`."""
        check_limits = getattr(self.check_limits, "__wrapped__", self.check_limits) if personal else self.check_limits
        validate_document = (getattr(self.cached_validate_document, "__wrapped__", self.cached_validate_document)
                             if personal else self.cached_validate_document)
        errors: list[GraphQLError] = check_limits(schema, document)
        if not errors:
            # What ValidationCache.on_validate does; repeated here because the cost must be set before the yield.
            errors = validate_document(schema, document, rules)
        return errors

    def _check_cost(self, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
        context = self.execution_context
        operation = _operation(document, context.operation_name)
        if operation is None:
            return []
        costs = estimate_cost(schema, document, operation, context.variables, max_page_size=self.limits.max_page_size)
        if not costs:
            return []
        group, cost = costs.most_common(1)[0]
        if cost <= self.limits.max_query_cost:
            return []
        return [GraphQLError(
            f"The query would cost an estimated {cost} upstream requests for {group}; at most"
            f" {self.limits.max_query_cost} per entity type are allowed (KLLGRAPH_MAX_QUERY_COST). Ask for smaller"
            " pages (`first`) in nested connections, or split the query.",
            operation,
            extensions={"code": QUERY_TOO_COSTLY, "cost": cost, "maxCost": self.limits.max_query_cost, "type": group},
        )]


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (name is None or (
                definition.name is not None and definition.name.value == name)):
            return definition
    return None


def limits_checker(limits: QueryLimits, *, maxsize: int) -> Callable[[GraphQLSchema, DocumentNode],
                                                                   list[GraphQLError]]:
    """The limit rules as one cached function of (schema, document): built once per schema."""
    rules = limit_rules(limits)

    @lru_cache(maxsize=maxsize)
    def check(schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
        return validate(schema, document, rules)

    return check


# --- arguments --------------------------------------------------------------------------------------------------


# Arguments that are free text (searched, not matched): the only strings that may start or end with whitespace.
FREE_TEXT_ARGUMENTS: Final = frozenset({"query"})


def guard_arguments(schema: GraphQLSchema, *, max_length: int) -> None:
    """Before a resolver runs, one rule for every argument of every field:

    - an explicit `null` for a nullable argument with a default is that default, as if it were left out (GraphQL
      lets a client send null; the gateway treats it as documented in the schema, the same way everywhere);
    - every string in its arguments (also inside lists and input objects) is at most `max_length` characters;
    - ids and codes (every string argument but the free-text ones, `FREE_TEXT_ARGUMENTS`) are matched whole: a
      leading or trailing space or newline is refused, never trimmed;
    - ID arguments are printable ASCII (no id in this graph is anything else, and an upstream URL must never receive
      a newline or a non-ASCII digit).

    A refusal is BAD_USER_INPUT naming the argument, raised as the field's error, so the resolver and its upstream
    request never run. Installed on the fields that take arguments only (their resolvers are wrapped once, when the
    schema is built), so the fields that take none, nearly all of an answer, pay nothing for it.
    """
    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
            for name, field in named.fields.items():
                if field.args and field.resolve is not None:
                    personal = frozenset(argument for owner, field_name, argument in PERSONAL_TEXT_ARGUMENTS
                                         if (owner, field_name) == (named.name, name))
                    field.resolve = _checked(field.resolve, field, lambda _info: max_length, personal=personal)
    # `__type(name:)` is graphql-core's one field definition for every schema in the process: wrapped once, it
    # reads the limit of the request's own gateway (its Context's settings).
    if not getattr(TypeMetaFieldDef.resolve, "kllgraph_checked", False) and TypeMetaFieldDef.resolve is not None:
        TypeMetaFieldDef.resolve = _checked(TypeMetaFieldDef.resolve, TypeMetaFieldDef, _context_max_length)


def _context_max_length(info: Any) -> int:
    settings = getattr(info.context, "settings", None)
    limit: int = getattr(settings, "max_string_length", None) or DEFAULT_MAX_STRING_LENGTH
    return limit


def _checked(resolve: Callable[..., Any], field: GraphQLField, max_length: Callable[[Any], int], *,
             personal: frozenset[str] = frozenset()) -> Callable[..., Any]:
    """`resolve`, behind the argument rules. `personal` arguments (a person's text, `_personal`) are left to their
    resolver, which checks them with a limit of their own and never echoes them."""
    ids = frozenset(name for name, argument in field.args.items() if get_named_type(argument.type) is GraphQLID)
    keys = frozenset(name for name in field.args if name not in FREE_TEXT_ARGUMENTS)
    # graphql-core gives an omitted argument its default; an explicit null gets the same here.
    defaults = {name: argument.default_value for name, argument in field.args.items()
                if argument.default_value is not Undefined and argument.default_value is not None}

    @functools.wraps(resolve)
    def checked(root: Any, info: Any, **kwargs: Any) -> Any:
        for name, value in kwargs.items():
            if value is None and name in defaults:
                kwargs[name] = defaults[name]
            elif name not in personal:
                _check_argument(name, value, name in ids, name in keys, max_length(info))
        return resolve(root, info, **kwargs)

    checked.kllgraph_checked = True  # type: ignore[attr-defined]
    return checked


def _check_argument(path: str, value: Any, is_id: bool, is_key: bool, max_length: int) -> None:
    if isinstance(value, str):
        if len(value) > max_length:
            raise BadUserInput(f"`{path}` is {len(value)} characters long; at most {max_length} are allowed.",
                               argument=path)
        if is_key and value != value.strip():
            raise BadUserInput(f"`{path}` starts or ends with whitespace: {value!r}. Ids and codes are matched "
                               "whole, never trimmed.", argument=path)
        if is_id and not (value.isascii() and value.isprintable() and " " not in value):
            raise BadUserInput(f"`{path}` is not an id of this API: {value!r}", argument=path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_argument(f"{path}[{index}]", item, is_id, is_key, max_length)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_argument(f"{path}.{key}", item, False, is_key, max_length)
