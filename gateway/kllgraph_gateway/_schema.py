"""The gateway schema: root fields merged from the graph modules, plus the error-shaping extension."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter, ParserCache, SchemaExtension
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from ._errors import GatewayError
from ._extensions import ErrorExtensions, OfflineNotice
from ._graph import MODULES
from ._limits import ArgumentLimits, LimitedValidationCache, QueryLimits, limits_checker
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


# Documents cached after parsing and after validation (strawberry's LRU caches, shared by every request).
DOCUMENT_CACHE_SIZE = 512


Extension = type[SchemaExtension] | Callable[[], SchemaExtension]


def build_schema(limits: QueryLimits | None = None, *, extensions: Sequence[Extension] = (),
                 **kwargs: Any) -> strawberry.Schema:
    """The schema; `limits` bound what one request may ask (a public gateway's first defence, `_limits`).

    `extensions` are added after the gateway's own (tests inject theirs here rather than patching the schema).
    """
    limits = limits or QueryLimits.from_settings(Settings())
    # Built once here: the limit rules are the same classes in every request, so the validation caches hit.
    check_limits = limits_checker(limits, maxsize=DOCUMENT_CACHE_SIZE)
    own: list[Extension] = [
        ErrorExtensions,
        OfflineNotice,
        # The parser stops at the first token beyond the limit (parse_options, which ParserCache passes on).
        lambda: MaxTokensLimiter(max_token_count=limits.max_query_tokens),
        # Clients repeat the same documents (SDK operations, paging): parse and validate each once. Factories: the
        # LRU caches are module-level in strawberry, shared by the per-request instances.
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: LimitedValidationCache(limits=limits, check_limits=check_limits, maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ArgumentLimits(max_length=limits.max_string_length),
    ]
    return GatewaySchema(query=Query, extensions=[*own, *extensions], types=NODE_TYPES, **kwargs)


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
