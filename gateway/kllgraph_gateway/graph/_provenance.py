"""Provenance: which upstream an entity came from, and the `sources` list of every upstream we read."""

from __future__ import annotations

from datetime import datetime

import strawberry

from ..connectors import Source
from ._context import Info
from ._module import GraphModule

__all__ = ["MODULE", "SourceInfo", "SourceStatus", "SourcesQuery"]


@strawberry.type(description="The upstream API an entity was read from.")
class SourceInfo:
    name: str = strawberry.field(description="Short name, as in extensions.source and KLLGRAPH_<NAME>_URL")
    agency: str
    api_name: str
    licence: str
    documentation: str

    @classmethod
    def of(cls, s: Source) -> SourceInfo:
        return cls(name=s.name, agency=s.agency, api_name=s.api_name, licence=s.licence,
                   documentation=s.documentation)


@strawberry.type(description="An upstream API the gateway reads, with its current status in this gateway process.")
class SourceStatus(SourceInfo):
    base_url: str
    dataportal: str | None = strawberry.field(description="The dataportal.se entry describing this API, if any")
    cache_ttl_seconds: float
    offline: bool = strawberry.field(description="Answered from the recorded snapshot instead of the live API")
    last_error: str | None = strawberry.field(description="The last upstream failure seen, if any")
    last_error_at: datetime | None


@strawberry.type
class SourcesQuery:
    @strawberry.field(description="Every upstream API in the graph: agency, base URL, licence, docs, last error.")
    def sources(self, info: Info) -> list[SourceStatus]:
        ctx = info.context
        statuses = []
        for s in ctx.graph.sources:
            runtime = ctx.upstream.runtimes[s.name]
            statuses.append(SourceStatus(
                name=s.name, agency=s.agency, api_name=s.api_name, licence=s.licence, documentation=s.documentation,
                base_url=runtime.base_url, dataportal=s.dataportal, cache_ttl_seconds=runtime.ttl_seconds,
                offline=ctx.settings.offline,
                last_error=runtime.last_error.message if runtime.last_error else None,
                last_error_at=runtime.last_error.at if runtime.last_error else None,
            ))
        return statuses


MODULE = GraphModule(name="sources", query=SourcesQuery)
