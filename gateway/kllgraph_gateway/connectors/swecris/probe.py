"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import organisations


async def probe(client: SourceClient) -> str:
    found = await organisations(client)
    return f"GET /v1/organisations: {len(found)} organisations"
