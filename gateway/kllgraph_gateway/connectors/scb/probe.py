"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import config


async def probe(client: SourceClient) -> str:
    limits = await config(client)
    return (f"GET /config: API {limits.apiVersion or '?'}, {limits.maxCallsPerTimeWindow} calls per "
            f"{limits.timeWindow} s")
