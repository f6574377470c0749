"""An upstream failure yields partial data plus errors naming the source, HTTP 200, no stack trace."""

from __future__ import annotations

import httpx

from .harness import GRAPHQL_RESPONSE, CountingTransport, make_settings, running_gateway, world


def taxonomy_down(request: httpx.Request) -> httpx.Response:
    if request.url.host == "jobsearch.api.jobtechdev.se":
        return httpx.Response(200, json={"total": {"value": 3}, "hits": world("jobsearch_ads.json")[:3]})
    return httpx.Response(500, text="java.lang.NullPointerException at se.jobtech.taxonomy...")


async def test_taxonomy_500_gives_ads_with_null_occupation_and_source_error() -> None:
    counting = CountingTransport(httpx.MockTransport(taxonomy_down))
    async with running_gateway(counting, settings=make_settings(retry_attempts=2)) as gateway:
        for accept in (GRAPHQL_RESPONSE, "application/json"):
            status, body = await gateway.query(
                "{ jobAds(first: 3) { edges { node { headline occupation { label } } } } }", accept=accept
            )
            assert status == 200
            edges = body["data"]["jobAds"]["edges"]
            assert [e["node"]["headline"] for e in edges] and all(e["node"]["occupation"] is None for e in edges)
            assert len(body["errors"]) == 3
            for error in body["errors"]:
                assert error["extensions"]["source"] == "taxonomy"
                assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
                assert error["path"][-1] == "occupation"
            assert "NullPointerException" not in str(body) and "Traceback" not in str(body)
    # Retried once, then the failure was shared by all three ads (one DataLoader batch).
    assert counting.counts[("taxonomy.api.jobtechdev.se", "/v1/taxonomy/graphql")] == 4


async def test_jobsearch_timeout_names_its_source() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    async with running_gateway(httpx.MockTransport(slow)) as gateway:
        status, body = await gateway.query("{ jobAds(first: 3) { totalCount } }")
    assert status == 200 and body["data"] == {"jobAds": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_TIMEOUT", "source": "jobsearch"}


async def test_bad_payload_is_upstream_bad_payload() -> None:
    def wrong(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"hits": "not a list"})

    async with running_gateway(httpx.MockTransport(wrong)) as gateway:
        _, body = await gateway.query("{ jobAds(first: 3) { totalCount } }")
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_BAD_PAYLOAD", "source": "jobsearch"}
