"""Live requests to the dataportal.se EntryScape registry (agency-apis.md §7).

`GET /store/search?type=solr&query=<Solr>&limit=<=100&offset=&sort=`; unknown params are ignored silently, so
only these names are sent (M: `rows`/`start` do not work).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..._upstream import SourceClient
from .models import MetadataGraph, SearchResponse

DCAT_DATASET = "http://www.w3.org/ns/dcat#Dataset"
# EntryStore indexes every URI-valued predicate as `metadata.predicate.uri.<first 8 hex of md5(predicate)>`
# (H: MetaSolutionsAB/entrystore SolrSearchIndex.java). md5("http://purl.org/dc/terms/publisher")[:8] = 9259d4c1,
# the same field dataportal-style front-ends facet as "organizations" (M: two independent clients).
PUBLISHER_FIELD = "metadata.predicate.uri.9259d4c1"
SORT_NEWEST = "modified desc"

_SOLR_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|#\s])')


def solr_escape(value: str) -> str:
    return _SOLR_SPECIAL.sub(r"\\\1", value)


def dataset_query(*, text: str | None = None, publishers: Sequence[str] = ()) -> str:
    """Solr query for public DCAT datasets, optionally by free text and/or publisher URIs."""
    parts = [f"rdfType:{solr_escape(DCAT_DATASET)}", "public:true"]
    if publishers:
        parts.append("(" + " OR ".join(f"{PUBLISHER_FIELD}:{solr_escape(p)}" for p in publishers) + ")")
    if text:
        words = [solr_escape(word) for word in text.split() if word]
        if words:
            # The portal's own text search matches title, description and keywords (M: client query builder).
            term = " AND ".join(words)
            parts.append(f"(title:({term}) OR description:({term}) OR tag.literal:({term}))")
    return " AND ".join(parts)


def resource_query(resources: Sequence[str]) -> str:
    """Entries (of any type, e.g. distributions) whose resource URI is one of `resources` (Solr field `resource`, M)."""
    return "public:true AND (" + " OR ".join(f"resource:{solr_escape(r)}" for r in resources) + ")"


async def search(client: SourceClient, query: str, *, offset: int, limit: int,
                 sort: str | None = SORT_NEWEST) -> SearchResponse:
    params = [("type", "solr"), ("query", query), ("limit", str(limit)), ("offset", str(offset))]
    if sort:
        params.append(("sort", sort))
    return await client.get_model("/search", SearchResponse, endpoint="search", params=params)


async def entry_metadata(client: SourceClient, context_id: str, entry_id: str) -> MetadataGraph | None:
    """One entry's metadata graph, `GET /store/{contextId}/metadata/{entryId}` (M: client code)."""
    return await client.get(f"/{context_id}/metadata/{entry_id}", MetadataGraph, endpoint="metadata",
                            not_found_ok=True)
