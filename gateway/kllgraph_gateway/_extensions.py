"""Schema extension: every GraphQL error leaves with a stable `extensions.code`, and never with internals.

Gateway errors (`_errors.GatewayError`) carry their code and, for upstream failures, the source name. Any other
exception in a resolver is a bug: it is logged with its traceback here and reaches the client only as
"Internal server error" with code INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from ._errors import GatewayError

__all__ = ["ErrorExtensions"]

log = logging.getLogger("kllgraph_gateway.errors")


def _shape(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return error  # parse/validation errors: coded by the HTTP layer
    if isinstance(original, GatewayError):
        extensions = {**(error.extensions or {}), **original.extensions}
        return GraphQLError(
            original.message, nodes=error.nodes, source=error.source, positions=error.positions,
            path=error.path, original_error=original, extensions=extensions,
        )
    log.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        "Internal server error", nodes=error.nodes, source=error.source, positions=error.positions,
        path=error.path, original_error=None, extensions={"code": "INTERNAL_SERVER_ERROR"},
    )


class ErrorExtensions(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [_shape(error) for error in errors]
