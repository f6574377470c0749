"""JobAd.occupation goes through a DataLoader over the mirrored taxonomy: 100 ads, at most 2 upstream requests."""

from __future__ import annotations

import copy
import json

import httpx

from .harness import CountingTransport, running_gateway, world


def hundred_ads() -> list[dict[str, object]]:
    base = world("jobsearch_ads.json")
    ads = []
    for i in range(100):
        ad = copy.deepcopy(base[i % len(base)])
        ad["id"] = str(40000000 + i)  # distinct ads over the world's occupations
        ads.append(ad)
    return ads


def upstream(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/search":
        return httpx.Response(200, json={"total": {"value": 100}, "hits": hundred_ads()})
    if request.url.path == "/v1/taxonomy/graphql":
        assert json.loads(request.content)["operationName"] == "KllOccupations"
        return httpx.Response(200, json=world("taxonomy_occupations.json"))
    return httpx.Response(404)


async def test_hundred_ads_with_occupations_cost_two_upstream_requests() -> None:
    counting = CountingTransport(httpx.MockTransport(upstream))
    async with running_gateway(counting) as gateway:
        status, body = await gateway.query("{ jobAds(first: 100) { edges { node { occupation { label } } } } }")
    assert status == 200 and "errors" not in body
    edges = body["data"]["jobAds"]["edges"]
    assert len(edges) == 100 and all(e["node"]["occupation"]["label"] for e in edges)
    assert sum(counting.counts.values()) <= 2
    assert counting.counts == {("jobsearch.api.jobtechdev.se", "/search"): 1,
                               ("taxonomy.api.jobtechdev.se", "/v1/taxonomy/graphql"): 1}
