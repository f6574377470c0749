"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import dataset_query, search


async def probe(client: SourceClient) -> str:
    result = await search(client, dataset_query(), offset=0, limit=1)
    return f"GET /search (Solr, public datasets, limit=1): {result.results} datasets"
