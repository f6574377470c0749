"""The gateway schema: root fields merged from the graph modules, plus the error-shaping extension."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from ._errors import GatewayError
from ._extensions import ErrorExtensions
from .graph.jobads import JobAdQuery
from .graph.occupations import OccupationQuery

__all__ = ["build_schema", "schema_sdl"]

log = logging.getLogger("kllgraph_gateway.errors")

Query = merge_types("Query", (JobAdQuery, OccupationQuery))


class GatewaySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected failures (bad input, upstream down) are logged briefly; bugs were logged with traceback already.
        for error in errors:
            if isinstance(error.original_error, GatewayError):
                log.info("%s at %s: %s", error.original_error.code, error.path, error.message)


def build_schema(**kwargs: Any) -> strawberry.Schema:
    return GatewaySchema(query=Query, extensions=[ErrorExtensions], **kwargs)


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
