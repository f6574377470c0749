"""`kllgraph-gateway doctor`'s check of SCB: one cheap request through this connector (probe protocol)."""

from __future__ import annotations

from ..._upstream import SourceClient
from . import api

__all__ = ["probe"]


async def probe(client: SourceClient) -> str:
    """`GET /config`, validated by `models.Config` (the limits the gateway's rate limiter and cell bound read).

    The figure tables are checked against their metadata on use (`resolve.py`), not here: that costs a search
    and several metadata requests. Failures propagate as the UpstreamError subclasses SourceClient raises."""
    limits = await api.config(client)
    return (f"GET /config: API {limits.apiVersion or '?'}, maxDataCells {limits.maxDataCells}, "
            f"{limits.maxCallsPerTimeWindow} calls per {limits.timeWindow} s")
