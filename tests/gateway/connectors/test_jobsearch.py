"""JobSearch: the live request shape pinned against agency-apis.md §1.1, parsed from real-shaped payloads."""

from __future__ import annotations

import json
from datetime import datetime

import httpx
import pytest

from kllgraph_gateway.connectors import jobsearch

from ...conftest import SAMPLES
from ..harness import make_settings, running_gateway, world


async def test_search_request_shape_and_parse() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"total": {"value": 54}, "hits": world("jobsearch_ads.json")[:2]})

    async with running_gateway(httpx.MockTransport(upstream),
                               settings=make_settings(source_tokens={"jobsearch": "k3y"})) as gateway:
        client = gateway.upstream.client("jobsearch")
        search_filter = jobsearch.api.SearchFilter(
            q="sjuksköterska", occupation_name=("bXNH_MNX_dUR",), municipality=("AvNB_uwa_6n6",),
            region=("CifL_Rzy_Mku",), employer=("2120000142",), published_after=datetime(2026, 11, 1, 8, 0),
        )
        response = await jobsearch.api.search(client, search_filter, offset=100, limit=100)
    (request,) = seen
    assert request.method == "GET"
    assert request.url.scheme == "https" and request.url.host == "jobsearch.api.jobtechdev.se"
    assert request.url.path == "/search"
    assert request.url.params.multi_items() == [
        ("q", "sjuksköterska"), ("occupation-name", "bXNH_MNX_dUR"), ("municipality", "AvNB_uwa_6n6"),
        ("region", "CifL_Rzy_Mku"), ("employer", "2120000142"), ("published-after", "2026-11-01T08:00:00"),
        ("offset", "100"), ("limit", "100"),
    ]
    assert request.headers["api-key"] == "k3y"  # sent only because a token is configured
    assert response.total.value == 54 and response.hits[0].occupation is not None


async def test_no_api_key_header_without_token() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"total": {"value": 0}, "hits": []})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        await jobsearch.api.search(gateway.upstream.client("jobsearch"), jobsearch.api.SearchFilter(),
                                   offset=0, limit=100)
    assert "api-key" not in seen[0].headers


def test_real_stats_sample_parses() -> None:
    sample = json.loads((SAMPLES / "jobsearch-search-stats.json").read_text(encoding="utf-8"))
    parsed = jobsearch.models.SearchResponse.model_validate(sample)
    assert parsed.total.value == 79 and parsed.hits == []
    assert parsed.stats[0].values[0].concept_id == "KQty_E1u_cia"


async def test_ad_by_id_and_404() -> None:
    ad = world("jobsearch_ads.json")[0]

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.path == f"/ad/{ad['id']}":
            return httpx.Response(200, json=ad)
        return httpx.Response(404, json={"message": "Ad not found"})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("jobsearch")
        found = await jobsearch.api.ad(client, ad["id"])
        assert found is not None and found.id == ad["id"]
        assert await jobsearch.api.ad(client, "1") is None
        _, body = await gateway.query('{ jobAd(id: "1") { id } }')
        assert body == {"data": {"jobAd": None}}


@pytest.mark.parametrize(("argument", "value", "param", "expected"), [
    ("municipality", "0180", "municipality", "AvNB_uwa_6n6"),
    ("municipality", "AvNB_uwa_6n6", "municipality", "AvNB_uwa_6n6"),
    ("region", "01", "region", "CifL_Rzy_Mku"),
    ("occupation", "2221", "occupation-group", "Z8ci_bBE_tmx"),
    ("occupation", "bXNH_MNX_dUR", "occupation-name", "bXNH_MNX_dUR"),
    ("employer", "212000-0142", "employer", "2120000142"),
    ("employer", "2", "employer", "2"),
])
async def test_gateway_arguments_map_to_jobsearch_concept_filters(
    argument: str, value: str, param: str, expected: str
) -> None:
    searches: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/search":
            searches.append(request)
            return httpx.Response(200, json={"total": {"value": 0}, "hits": []})
        operation = json.loads(request.content)["operationName"]
        name = "taxonomy_occupations.json" if operation == "KllOccupations" else "taxonomy_municipalities.json"
        return httpx.Response(200, json=world(name))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query(f'{{ jobAds({argument}: "{value}", first: 5) {{ totalCount }} }}')
    assert body == {"data": {"jobAds": {"totalCount": 0}}}
    assert searches[0].url.params.get_list(param) == [expected]
