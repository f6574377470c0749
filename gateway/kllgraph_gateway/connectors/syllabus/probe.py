"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import programmes


async def probe(client: SourceClient) -> str:
    result = await programmes(client)
    return f"GET /v1/programs?timespan=LATEST: {len(result.programs)} programmes"
