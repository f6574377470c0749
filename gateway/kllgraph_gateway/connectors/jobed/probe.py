"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import educations_by_occupation

# Taxonomy occupation-name "Vårdbiträde" (H: tools/snapshot_world/jobtech/PROVENANCE.md), a common occupation with
# educations leading to it.
KNOWN_OCCUPATION = "4zLr_jP5_peZ"


async def probe(client: SourceClient) -> str:
    result = await educations_by_occupation(client, KNOWN_OCCUPATION, offset=0, limit=1)
    return (f"POST /v1/educations/match-by-occupation (occupation {KNOWN_OCCUPATION}, limit=1): "
            f"{len(result.hits)} match(es)")
