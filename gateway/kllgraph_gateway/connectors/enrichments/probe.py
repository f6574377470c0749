"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import enrich_text

# A job ad's sentence, nobody's experience: the probe sends no personal text.
PROBE_TEXT = "Vi söker en undersköterska med erfarenhet av demensvård och körkort B."


async def probe(client: SourceClient) -> str:
    document = await enrich_text(client, PROBE_TEXT)
    found = len(document.enriched_candidates.competencies) if document else 0
    return f"POST /enrichtextdocuments (one probe sentence): {found} competencies"
