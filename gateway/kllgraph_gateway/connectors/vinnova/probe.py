"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import projects_by_ids

# A real project (KTH-Library/vinnova README and SweCRIS `2022-01624_Vinnova`; M, tools/snapshot_world/research):
# a by-id request keeps the answer small and non-empty, so the models see a whole record.
KNOWN_PROJECT = "2022-01624"


async def probe(client: SourceClient) -> str:
    found = await projects_by_ids(client, [KNOWN_PROJECT])
    return f"GET /projekt/{KNOWN_PROJECT}: {len(found)} project(s)"
