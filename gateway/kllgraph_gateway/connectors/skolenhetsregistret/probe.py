"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import organizers


async def probe(client: SourceClient) -> str:
    # The register has no paging (H): the organiser list is the smallest whole list it serves.
    result = await organizers(client)
    return f"GET /v2/organizers: {len(result.data.attributes)} organisers"
