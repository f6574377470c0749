"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import providers


async def probe(client: SourceClient) -> str:
    result = await providers(client, ids=(), page=0, size=1)
    total = result.page.totalElements if result.page is not None else None
    return f"GET /providers?page=0&size=1: {total if total is not None else len(result.content)} providers"
