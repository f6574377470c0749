"""The gateway schema: root fields merged from the graph modules, plus the error-shaping extension."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import strawberry
from graphql import GraphQLEnumType, GraphQLError, GraphQLObjectType, GraphQLSchema, get_named_type, parse
from strawberry.extensions import MaxTokensLimiter, ParserCache, SchemaExtension
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from ._answers import DOCUMENT_CACHE_SIZE as DOCUMENT_CACHE_SIZE
from ._answers import parse_document
from ._errors import GatewayError
from ._extensions import ErrorExtensions, OfflineNotice
from ._graph import MODULES
from ._limits import LimitedValidationCache, QueryLimits, ValidShapes, guard_arguments, limits_checker
from ._personal import names_personal_field
from ._settings import Settings
from .graph._module import compose_hubs

__all__ = ["Extension", "build_schema", "schema_sdl"]

log = logging.getLogger("kllgraph_gateway.errors")

# Every module's entity types are named to the schema (some are reachable only through `node(id:)`).
NODE_TYPES = tuple(entity for module in MODULES for entity in module.types)

# The hub types get the link fields the other modules declare, before anything reads their definitions.
compose_hubs(MODULES)

Query = merge_types("Query", tuple(module.query for module in MODULES if module.query is not None))


class GatewaySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected failures (bad input, upstream down) are logged briefly; bugs were logged with traceback already.
        for error in errors:
            if isinstance(error.original_error, GatewayError):
                log.info("%s at %s: %s", error.original_error.code, error.path, error.message)


class DocumentParserCache(ParserCache):
    """strawberry's ParserCache, reading the request path's one parse cache (`_answers.parse_document`, which the
    whole-answer cache filled when it computed the request's key), except for a document that names a person's text
    (`_personal`): parsed without any cache, which would keep its text for as long as it stays in the LRU."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if names_personal_field(context.query):
            context.graphql_document = parse(context.query or "", **context.parse_options)
            yield
            return
        options = context.parse_options
        if context.query is not None and set(options) <= {"max_tokens"}:
            context.graphql_document = parse_document(context.query, options.get("max_tokens"))
            yield
            return
        yield from super().on_parse()


Extension = type[SchemaExtension] | Callable[[], SchemaExtension]


def build_schema(limits: QueryLimits | None = None, *, extensions: Sequence[Extension] = (),
                 **kwargs: Any) -> strawberry.Schema:
    """The schema; `limits` bound what one request may ask (a public gateway's first defence, `_limits`).

    `extensions` are added after the gateway's own (tests inject theirs here rather than patching the schema). Their
    `resolve` hooks run for fields with a resolver or arguments; plain attribute reads bypass them.
    """
    limits = limits or QueryLimits.from_settings(Settings())
    # Built once here: the limit rules are the same classes in every request, so the validation caches hit.
    check_limits = limits_checker(limits, maxsize=DOCUMENT_CACHE_SIZE)
    # Valid documents by shape (free-text literals left out): one validation for a stream of searches.
    shapes = ValidShapes(maxsize=DOCUMENT_CACHE_SIZE)
    own: list[Extension] = [
        ErrorExtensions,
        OfflineNotice,
        # The parser stops at the first token beyond the limit (parse_options, which ParserCache passes on).
        lambda: MaxTokensLimiter(max_token_count=limits.max_query_tokens),
        # Clients repeat the same documents (SDK operations, paging): parse and validate each once. Factories: the
        # LRU caches are module-level in strawberry, shared by the per-request instances.
        lambda: DocumentParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: LimitedValidationCache(limits=limits, check_limits=check_limits, maxsize=DOCUMENT_CACHE_SIZE,
                                       shapes=shapes),
    ]
    schema = GatewaySchema(query=Query, extensions=[*own, *extensions], types=NODE_TYPES, **kwargs)
    # No per-field hook on the hot path: argument limits wrap only the fields that take arguments, and plain
    # attributes are read directly (an injected extension's `resolve` sees every field that runs code).
    guard_arguments(schema._schema, max_length=limits.max_string_length)
    read_plain_attributes(schema._schema)
    return schema


def read_plain_attributes(schema: GraphQLSchema) -> None:
    """Fields that only read an attribute of their parent object (no resolver, arguments, permissions or field
    extensions, not an enum) resolve by a plain `getattr`, instead of through strawberry's per-field wrapper (which
    builds a strawberry Info and runs the schema extensions' `resolve` chain, empty here). Most of an answer's
    fields are such attributes: for a page of 100 ads this was about a quarter of execution time.

    Enums keep strawberry's wrapper (it converts a Python enum member to its GraphQL value)."""
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for field in named.fields.values():
            definition = field.extensions.get("strawberry-definition")
            if (definition is None or definition.base_resolver is not None or definition.permission_classes
                    or definition.extensions or field.args
                    or isinstance(get_named_type(field.type), GraphQLEnumType)):
                continue
            field.resolve = _attribute(definition.python_name)


def _attribute(name: str) -> Callable[..., Any]:
    def read(root: Any, _info: Any) -> Any:
        return getattr(root, name)

    return read


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
