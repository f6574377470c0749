"""Doctor probe: one cheap live request through api.py (the shared probe protocol of issue 7)."""

from __future__ import annotations

from ..._upstream import SourceClient
from . import api


async def probe(client: SourceClient) -> str:
    """GET /educationEvents?page=0&size=1, validated by the connector's models (envelope, resource, event)."""
    found = await api.education_events(client, page=0, size=1)
    total = found.page.totalElements if found.page else None
    return f"GET /educationEvents?page=0&size=1: {len(found.educationEvents)} event(s), totalElements {total}"
