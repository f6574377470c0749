"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from ..jobsearch.api import SearchFilter
from .api import search


async def probe(client: SourceClient) -> str:
    result = await search(client, SearchFilter(), historical_from=None, historical_to=None, offset=0, limit=1)
    return f"GET /search?limit=1: {result.total.value} archived ads, {len(result.hits)} returned"
