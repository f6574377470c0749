"""Schema extension: every GraphQL error leaves with a stable `extensions.code`, and never with internals.

Gateway errors (`_errors.GatewayError`) carry their code and, for upstream failures, the source name. Any other
exception in a resolver is a bug: it is logged with its traceback here and reaches the client only as
"Internal server error" with code INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from ._errors import GatewayError
from ._snapshot import date_field, read_manifest, snapshot_date

__all__ = ["ErrorExtensions", "OfflineNotice"]

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


class OfflineNotice(SchemaExtension):
    """What an answer says about itself in `extensions.kllgraph`:

    - offline, that the answers come from a snapshot, with its date and whether it was recorded from the agencies or
      composed in their shapes;
    - live or offline, which parts were served stale because their upstream failed (stale-if-error), with the
      source, the endpoint, the answer's age and the error that made it stale.
    """

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        settings = getattr(context, "settings", None)
        budget = getattr(context, "budget", None)
        notice: dict[str, Any] = {}
        if settings is not None and settings.offline:
            manifest = read_manifest(settings.snapshot_dir) or {}
            provenance = str(manifest.get("provenance", "unknown"))
            day = snapshot_date(settings.snapshot_dir)
            notice["mode"] = "offline"
            notice["snapshot"] = {
                # composedOn for composed data, recordedOn for a recording: the name says which it is.
                date_field(provenance): day.isoformat() if day else None,
                "provenance": provenance,
                "note": manifest.get("note", ""),
            }
        if budget is not None and budget.stale:
            notice["stale"] = [
                {"source": stale.source, "endpoint": stale.endpoint, "ageSeconds": round(stale.age_seconds),
                 "error": stale.error_code}
                for stale in budget.stale
            ]
        return {"kllgraph": notice} if notice else {}
