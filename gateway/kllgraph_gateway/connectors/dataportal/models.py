"""EntryScape `/store/search?type=solr` payload: entries with their metadata as RDF/JSON (agency-apis.md §7).

Shape from the real (third-party-trimmed) response in shared/upstream-samples/dataportal-store-search.json (M):
`{offset, results, resource: {children: [{entryId, contextId, info: {<entry URL>: {...}},
metadata: {<subject URI>: {<predicate URI>: [{type, value, lang?, datatype?}]}}}]}}`.
`results` (the total hit count) is read by one client (M) and is missing from the trimmed sample, so optional.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, RootModel

RdfGraph = dict[str, dict[str, list["RdfValue"]]]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class RdfValue(_Model):
    type: str  # "uri" | "literal" | "bnode"
    value: str
    lang: str | None = None
    datatype: str | None = None


class Entry(_Model):
    entryId: str
    contextId: str
    info: RdfGraph = {}
    metadata: RdfGraph = {}


class Children(_Model):
    children: list[Entry]  # always sent, empty when nothing matched (the real sample): required catches drift


class SearchResponse(_Model):
    offset: int = 0
    results: int | None = None
    resource: Children  # always sent (the real sample): a `{}` answer is drift, not an empty result


class MetadataGraph(RootModel[dict[str, dict[str, list[RdfValue]]]]):
    """`/store/{contextId}/metadata/{entryId}`: one entry's metadata as a bare RDF/JSON graph (M)."""
