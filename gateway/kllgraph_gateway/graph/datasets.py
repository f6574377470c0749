"""Dataset: a DCAT-AP-SE dataset in Sveriges dataportal (DIGG's EntryScape registry), linked to its publisher.

Publishers are coded `http://dataportal.se/organisation/SE<10 digits>` where the publisher is a Swedish
organisation (M, agency-apis.md §7 and stitching key #6); other publishers (EntryScape agent entries or bare
literals, as in the real sample) keep their name but get no Organisation link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import strawberry

from .._errors import BadUserInput
from .._keys import organisation_number
from .._pagination import Block, Connection, fetch_window, window
from ..connectors import dataportal
from ..connectors.dataportal.models import Entry, RdfValue
from ._context import Context, Info, Loader
from ._module import GraphModule, NameProvider, hub_link
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct
from .organisations import Organisation

__all__ = ["MODULE", "Dataset", "DatasetQuery", "datasets_of_organisation", "publisher_uri", "seed"]


DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ORG_URI = re.compile(r"https?://dataportal\.se/organisation/SE([0-9]{10})")
_DATASET_ID = re.compile(r"([0-9]{1,9})_([0-9]{1,12})")  # "<contextId>_<entryId>", as in www.dataportal.se/datasets/...
_PORTAL_URL = "https://www.dataportal.se/datasets/{id}"
Graph = dict[str, dict[str, list[RdfValue]]]


def publisher_uri(number: str) -> str:
    return f"http://dataportal.se/organisation/SE{number}"


def _text(values: list[RdfValue] | None) -> str | None:
    """A language-tagged literal: Swedish first, then English, then untagged/any (DCAT-AP-SE is bilingual)."""
    literals = [v for v in values or [] if v.type == "literal"]
    for lang in ("sv", "en", None):
        for value in literals:
            if value.lang == lang:
                return value.value
    return literals[0].value if literals else None


def _uris(values: list[RdfValue] | None) -> list[str]:
    return [v.value for v in values or [] if v.type == "uri"]


def _first_uri(values: list[RdfValue] | None) -> str | None:
    uris = _uris(values)
    return uris[0] if uris else None


@strawberry.type(description="A dataset's publisher as the catalogue names it.")
class Publisher:
    uri: str | None = strawberry.field(description="dcterms:publisher URI, e.g. http://dataportal.se/organisation/SE...")
    name: str | None = strawberry.field(description="foaf:name where the catalogue gives one, else a literal")
    organisation_number: str | None = strawberry.field(description="From a SE<10 digits> publisher URI")

    @strawberry.field(description="The publishing organisation, where the publisher URI carries its number")
    def organisation(self) -> Organisation | None:
        return Organisation.of(self.organisation_number) if self.organisation_number else None


@strawberry.type(description="One way to get a dataset's data (dcat:Distribution).")
class Distribution:
    title: str | None
    access_url: str | None = strawberry.field(description="dcat:accessURL")
    download_url: str | None = strawberry.field(description="dcat:downloadURL")
    format: str | None = strawberry.field(description="dcterms:format (media type or EU file-type URI)")
    licence: str | None = strawberry.field(description="dcterms:license URI")

    @classmethod
    def from_graph(cls, properties: dict[str, list[RdfValue]]) -> Distribution:
        fmt = properties.get(DCT + "format") or properties.get(DCAT + "mediaType")
        return cls(title=_text(properties.get(DCT + "title")),
                   access_url=_first_uri(properties.get(DCAT + "accessURL")),
                   download_url=_first_uri(properties.get(DCAT + "downloadURL")),
                   format=(fmt[0].value if fmt else None),
                   licence=_first_uri(properties.get(DCT + "license")))


@dataclass(frozen=True, slots=True)
class _DatasetRecord:
    id: str
    uri: str
    graph: Graph


@strawberry.type(description="A dataset in Sveriges dataportal (DCAT-AP-SE metadata from DIGG's registry).")
class Dataset(Node):
    id: strawberry.ID = strawberry.field(description='"<contextId>_<entryId>" of the registry entry')
    uri: str = strawberry.field(description="The dataset's own URI (the DCAT resource)")
    url: str = strawberry.field(description="The dataset's page on www.dataportal.se")
    title: str | None = strawberry.field(description="Swedish title where given, else English, else any")
    title_en: str | None
    description: str | None
    publisher: Publisher | None
    themes: list[str] = strawberry.field(description="dcat:theme URIs (EU data themes)")
    keywords: list[str]
    licence: str | None = strawberry.field(description="dcterms:license URI (on the dataset, else its distributions)")
    landing_page: str | None
    modified: str | None
    source: SourceInfo
    distribution_uris: strawberry.Private[list[str]]
    graph: strawberry.Private[Graph]

    @classmethod
    def from_record(cls, record: _DatasetRecord) -> Dataset:
        props = record.graph.get(record.uri, {})
        distributions = _uris(props.get(DCAT + "distribution"))
        titles = props.get(DCT + "title") or []
        return cls(
            node_id=global_id("Dataset", record.id),
            id=strawberry.ID(record.id),
            uri=record.uri,
            url=_PORTAL_URL.format(id=record.id),
            title=_text(titles),
            title_en=next((t.value for t in titles if t.lang == "en"), None),
            description=_text(props.get(DCT + "description")),
            publisher=_publisher(record.graph, props),
            themes=_uris(props.get(DCAT + "theme")),
            keywords=[v.value for v in props.get(DCAT + "keyword") or [] if v.lang in ("sv", None)],
            licence=_licence(record.graph, props, distributions),
            landing_page=_first_uri(props.get(DCAT + "landingPage")),
            modified=_text(props.get(DCT + "modified")) or next(
                (v.value for v in props.get(DCT + "modified") or []), None),
            source=SourceInfo.of(dataportal.SOURCE),
            distribution_uris=distributions,
            graph=record.graph,
        )

    @strawberry.field(description="dcat:distribution: access/download URLs and formats")
    async def distributions(self, info: Info) -> list[Distribution] | None:
        # Harvested entries often carry their distributions in the same graph; EntryScape-edited ones keep each
        # distribution as its own entry, read for all datasets of a level in one search (DataLoader).
        result: list[Distribution] = []
        missing = [uri for uri in self.distribution_uris if uri not in self.graph]
        loaded = await load_distributions(info.context, missing) if missing else {}
        for uri in self.distribution_uris:
            props = self.graph.get(uri) or loaded.get(uri)
            if props is not None:
                result.append(Distribution.from_graph(props))
        return result


def _publisher(graph: Graph, props: dict[str, list[RdfValue]]) -> Publisher | None:
    """dcterms:publisher, named by its foaf:name in the same graph where it has one."""
    uri = _first_uri(props.get(DCT + "publisher"))
    name = _text(props.get(DCT + "publisher"))  # some publishers are bare literals (real sample)
    if uri and uri in graph:
        name = _text(graph[uri].get(FOAF_NAME)) or name
    if not (uri or name):
        return None
    match = _ORG_URI.fullmatch(uri or "")
    return Publisher(uri=uri, name=name, organisation_number=match.group(1) if match else None)


def _licence(graph: Graph, props: dict[str, list[RdfValue]], distributions: list[str]) -> str | None:
    """dcterms:license of the dataset, else of the first of its distributions that gives one."""
    return _first_uri(props.get(DCT + "license")) or next(
        (lic for uri in distributions if (lic := _first_uri(graph.get(uri, {}).get(DCT + "license")))), None)


def _record(entry: Entry) -> _DatasetRecord | None:
    uri = next((v.value for info in entry.info.values()
                for v in info.get("http://entrystore.org/terms/resource", []) if v.type == "uri"), None)
    if uri is None:  # fall back to the graph's dataset subject
        uri = _dataset_subject(entry.metadata)
    if uri is None:
        return None
    return _DatasetRecord(id=f"{entry.contextId}_{entry.entryId}", uri=uri, graph=entry.metadata)


def _dataset_subject(graph: Graph) -> str | None:
    for subject, props in graph.items():
        if DCAT + "Dataset" in _uris(props.get(RDF_TYPE)):
            return subject
    return next((s for s, props in graph.items() if DCT + "title" in props and not s.startswith("_:")), None)


_DISTRIBUTIONS = Loader[str, dict[str, list[RdfValue]] | None]("dataportal distributions by uri")


async def load_distributions(ctx: Context, uris: list[str]) -> dict[str, dict[str, list[RdfValue]]]:
    async def load(keys: list[str]) -> list[dict[str, list[RdfValue]] | None]:
        found: dict[str, dict[str, list[RdfValue]]] = {}
        client, size = ctx.source("dataportal"), dataportal.SOURCE.page_size
        unique = sorted(set(keys))
        # One search per 100 distributions (the upstream's `limit` cap).
        for start in range(0, len(unique), size):
            chunk = unique[start:start + size]
            response = await dataportal.api.search(client, dataportal.api.resource_query(chunk), offset=0,
                                                   limit=size, sort=None)
            for entry in response.resource.children:
                for uri in chunk:
                    if uri in entry.metadata:
                        found[uri] = entry.metadata[uri]
        return [found.get(key) for key in keys]

    loader = ctx.loader(_DISTRIBUTIONS, load)
    values = await loader.load_many(uris)
    return {uri: props for uri, props in zip(uris, values, strict=True) if props is not None}


async def dataset_connection(ctx: Context, query: str, first: int | None, after: str | None) -> Connection[Dataset]:
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    client, size = ctx.source("dataportal"), dataportal.SOURCE.page_size

    async def fetch_block(index: int) -> Block[_DatasetRecord]:
        response = await dataportal.api.search(client, query, offset=index * size, limit=size)
        records = [record for entry in response.resource.children if (record := _record(entry))]
        return Block(items=records, total=response.results)

    records, total, has_next = await fetch_window(win, block_size=size, fetch_block=fetch_block)
    return Connection[Dataset].from_window([Dataset.from_record(r) for r in records], win, total=total,
                                           has_next=has_next)


async def datasets_of_organisation(
    ctx: Context, organisation_number: str, first: int | None, after: str | None
) -> Connection[Dataset] | None:
    """Datasets whose dcterms:publisher is `http://dataportal.se/organisation/SE<number>`.

    One search per organisation: each organisation's list pages separately, so lists of organisations cannot share
    one request without losing per-organisation paging (reported exception to the per-level bound)."""
    number = organisation_number_argument(organisation_number, "organisationNumber")
    query = dataportal.api.dataset_query(publishers=[publisher_uri(number)])
    return await dataset_connection(ctx, query, first, after)


def organisation_number_argument(value: str, argument: str) -> str:
    return organisation_number(value, argument=argument)


async def load_dataset(ctx: Context, dataset_id: str) -> Dataset | None:
    match = _DATASET_ID.fullmatch(dataset_id)
    if not match:
        raise BadUserInput(f"{dataset_id!r} is not a dataportal dataset id (<contextId>_<entryId>)", argument="id")
    graph = await dataportal.api.entry_metadata(ctx.source("dataportal"), match.group(1), match.group(2))
    if graph is None:
        return None
    subject = _dataset_subject(graph.root)
    if subject is None:
        return None
    return Dataset.from_record(_DatasetRecord(id=dataset_id, uri=subject, graph=graph.root))


@strawberry.type
class DatasetQuery:
    @strawberry.field(description="Search public datasets in Sveriges dataportal (newest first).")
    async def datasets(
        self, info: Info, query: str | None = None,
        publisher: str | None = None,
        first: int | None = None, after: str | None = None,
    ) -> Connection[Dataset] | None:
        if query is not None and (len(query) > 200 or not query.strip()):
            raise BadUserInput("`query` must be 1-200 characters", argument="query")
        publishers = ([publisher_uri(organisation_number_argument(publisher, "publisher"))]
                      if publisher is not None else [])
        solr = dataportal.api.dataset_query(text=query, publishers=publishers)
        return await dataset_connection(info.context, solr, first, after)

    @strawberry.field(description='One dataset by its registry id "<contextId>_<entryId>" (e.g. "43_69395").')
    async def dataset(self, info: Info, id: strawberry.ID) -> Dataset | None:
        return await load_dataset(info.context, str(id))


async def publisher_name(ctx: Context, number: str) -> str | None:
    """The name on the organisation's newest dataset's publisher (shares the cached datasets-by-publisher search)."""
    page = await datasets_of_organisation(ctx, number, 1, None)
    for edge in page.edges if page else []:
        publisher = edge.node.publisher
        if publisher and publisher.organisation_number == number and publisher.name:
            return publisher.name
    return None


# The public employers/agencies of the shared world that publish open data (tools/snapshot_world/jobtech).
SEED_PUBLISHERS = ("2021000696", "2021002114", "2021004185", "2021000837", "2120000142")


async def seed(run: SeedRun) -> None:
    """The newest datasets, the datasets of each seeded publisher, and each dataset by id."""
    execute, max_follow = run.execute, run.max_follow
    data = await execute("{ datasets(first: 100) { totalCount edges { node { id title distributions { format } "
                         "publisher { organisationNumber } } } } }", None)
    ids: list[str | None] = [edge["node"]["id"] for edge in (data.get("datasets") or {}).get("edges", [])]
    for number in SEED_PUBLISHERS:
        data = await execute(
            "query Seed($o: String!) { datasets(publisher: $o, first: 100) { totalCount edges { node { id title "
            "distributions { accessUrl format } publisher { name organisation { organisationNumber } } } } } }",
            {"o": number},
        )
        ids.extend(edge["node"]["id"] for edge in (data.get("datasets") or {}).get("edges", []))
    for dataset_id in distinct(ids, max_follow):
        await execute("query Seed($id: ID!) { dataset(id: $id) { id title distributions { format } } }",
                      {"id": dataset_id})


async def _published_datasets(
    root: Organisation, info: Info, first: int | None = None, after: str | None = None
) -> Connection[Dataset] | None:
    return await datasets_of_organisation(info.context, root.organisation_number, first, after)


MODULE = GraphModule(
    name="datasets",
    connectors=(dataportal,),
    query=DatasetQuery,
    types=(Dataset,),
    nodes={"Dataset": load_dataset},
    seed=seed,
    name_provider=NameProvider(source=dataportal.SOURCE, priority=30, name=publisher_name),
    links=(
        hub_link(Organisation, "datasets", _published_datasets,
                 description="Datasets this organisation publishes on dataportal.se (DIGG).",
                 seed="datasets(first: 100) { totalCount edges { node { title } } }"),
    ),
)
