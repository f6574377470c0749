"""Live requests to JobAd Enrichments (H for the endpoint, the body and the answer: JobTech's own ad importer)."""

from __future__ import annotations

from ..._upstream import SourceClient
from .models import EnrichedDocument, EnrichedDocuments

_DOCUMENT_ID = "1"


async def enrich_text(client: SourceClient, text: str) -> EnrichedDocument | None:
    """The occupations, competencies, traits and places one text names.

    `POST /enrichtextdocuments` (every candidate with its `prediction`, not only those above the model's threshold)
    with the importer's body. The text is a person's: it is sent in the body, never in a URL, and nothing is cached.
    """
    body = {
        "documents_input": [{"doc_id": _DOCUMENT_ID, "doc_headline": "", "doc_text": text}],
        "include_terms_info": True,
        "include_sentences": False,
        "sort_by_prediction_score": "NOT_SORTED",  # M: clients send it; the order is ours to choose anyway
    }
    documents = await client.post_private("/enrichtextdocuments", EnrichedDocuments, endpoint="enrichtextdocuments",
                                          json=body)
    return next((d for d in documents.root if d.doc_id == _DOCUMENT_ID), None)
