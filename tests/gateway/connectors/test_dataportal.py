"""Dataportal (EntryScape): the Solr search request shape (agency-apis.md §7) and the real sample's parsing."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway.connectors.dataportal.models import SearchResponse

from ...conftest import SAMPLES
from ..harness import running_gateway

SAMPLE = json.loads((SAMPLES / "dataportal-store-search.json").read_text(encoding="utf-8"))


async def test_datasets_by_publisher_request_shape() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=SAMPLE)

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query('{ datasets(publisher: "202100-0696", first: 5) { edges { node { id } } } }')
    assert "errors" not in body, body
    (request,) = seen
    assert (request.url.scheme, request.url.host, request.url.path) == ("https", "admin.dataportal.se", "/store/search")
    params = request.url.params
    assert params["type"] == "solr"
    assert params["limit"] == "100" and params["offset"] == "0"  # whole blocks of the max page size
    assert params["sort"] == "modified desc"
    assert params["query"] == (
        r"rdfType:http\:\/\/www.w3.org\/ns\/dcat\#Dataset AND public:true AND "
        r"(metadata.predicate.uri.9259d4c1:http\:\/\/dataportal.se\/organisation\/SE2021000696)"
    )
    assert set(params.keys()) == {"type", "query", "limit", "offset", "sort"}  # no rows/start


async def test_real_sample_parses_into_a_dataset() -> None:
    response = SearchResponse.model_validate(SAMPLE)
    assert response.resource.children[0].entryId == "69395"

    async with running_gateway(httpx.MockTransport(lambda request: httpx.Response(200, json=SAMPLE))) as gateway:
        _, body = await gateway.query(
            '{ datasets(query: "luftkvalitet", first: 5) { edges { node { id url title description '
            'publisher { name organisationNumber organisation { organisationNumber } } } } } }'
        )
    assert "errors" not in body, body
    node = body["data"]["datasets"]["edges"][0]["node"]
    assert node["id"] == "43_69395" and node["url"] == "https://www.dataportal.se/datasets/43_69395"
    assert node["title"] == "Luftkvalitetsmätningar Västra esplanaden"
    # A literal publisher keeps its name but links to no organisation.
    assert node["publisher"] == {"name": "Umeå kommun", "organisationNumber": None, "organisation": None}
