"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import school_units


async def probe(client: SourceClient) -> str:
    result = await school_units(client, page=0, size=1)
    return f"GET /v4/school-units?page=0&size=1: {result.body.page.totalElements} school units"
