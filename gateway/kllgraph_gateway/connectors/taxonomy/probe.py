"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import municipalities


async def probe(client: SourceClient) -> str:
    # The smallest of the mirrors the graph reads (about 290 concepts).
    concepts = await municipalities(client)
    return f"POST /v1/taxonomy/graphql (municipality concepts): {len(concepts)} concepts"
