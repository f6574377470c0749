"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import SearchFilter, search


async def probe(client: SourceClient) -> str:
    result = await search(client, SearchFilter(), offset=0, limit=1)
    return f"GET /search?limit=1: {result.total.value} ads, {len(result.hits)} returned"
