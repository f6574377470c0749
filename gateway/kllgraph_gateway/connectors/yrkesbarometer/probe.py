"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import FILE_PATH, rows


async def probe(client: SourceClient) -> str:
    # The file is the only thing the source serves, so the probe reads it whole (about 5.7 MB).
    found = await rows(client)
    rounds = sorted({row.omgang for row in found if row.omgang})
    return f"GET {FILE_PATH}: {len(found)} rows, round {', '.join(rounds) or 'not stated'}"
