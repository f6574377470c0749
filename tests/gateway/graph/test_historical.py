"""historicalDemand batches across occupations (one stats search per year per 20 ids); historicalJobAds pages
archived ads; offline answers; upstream failure and bad input."""

from __future__ import annotations

import json
from datetime import date

import httpx

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway.graph.historical import default_years

from ..harness import CountingTransport, ad_occupations, running_gateway, world

# The world's core occupations (those its ads are for) and its deprecated one.
OCCUPATION_IDS = sorted(o["id"] for o in world("taxonomy_occupations.json")["data"]["concepts"]
                        if o["id"] in ad_occupations() or o["deprecated"])
MANY_IDS = [f"Aa{n:02d}_bbb_ccc" for n in range(25)]
KNOWN_IDS = OCCUPATION_IDS + MANY_IDS


def stats_upstream(request: httpx.Request) -> httpx.Response:
    """Counts = 10 * year digit + position of the id; only ids with a count > 0 appear in the stats."""
    params = request.url.params
    assert params["limit"] == "0" and params["stats"] == "occupation-name"
    year = int(params["historical-from"][:4])
    assert params["historical-to"] == f"{year}-12-31"
    ids = params.get_list("occupation-name")
    assert params["stats.limit"] == str(len(ids)) and len(ids) <= 20
    values = [{"term": i, "concept_id": i, "code": "1", "count": 10 * (year % 10) + KNOWN_IDS.index(i)}
              for i in ids if KNOWN_IDS.index(i) != 0]  # the first id has no ads: absent from the stats
    return httpx.Response(200, json={"total": {"value": sum(v["count"] for v in values)},
                                     "stats": [{"type": "occupation-name", "values": values}], "hits": []})


async def test_demand_of_many_occupations_costs_one_search_per_year() -> None:
    counting = CountingTransport(httpx.MockTransport(stats_upstream))
    aliases = " ".join(f'o{n}: historicalDemand(occupation: "{i}", years: [2023, 2024]) {{ year adCount }}'
                       for n, i in enumerate(OCCUPATION_IDS))
    async with running_gateway(counting) as gateway:
        status, body = await gateway.query(f"{{ {aliases} }}")
    assert status == 200 and "errors" not in body
    assert counting.counts == {("historical.api.jobtechdev.se", "/search"): 2}  # 12 occupations, 2 years
    assert body["data"]["o0"] == [{"year": 2023, "adCount": 0}, {"year": 2024, "adCount": 0}]
    assert body["data"]["o5"] == [{"year": 2023, "adCount": 35}, {"year": 2024, "adCount": 45}]


async def test_more_than_twenty_occupations_split_into_chunks() -> None:
    ids = MANY_IDS
    counting = CountingTransport(httpx.MockTransport(stats_upstream))
    aliases = " ".join(f'o{n}: historicalDemand(occupation: "{i}", years: [2022]) {{ adCount }}'
                       for n, i in enumerate(ids))
    async with running_gateway(counting) as gateway:
        status, body = await gateway.query(f"{{ {aliases} }}")
    assert status == 200 and "errors" not in body
    assert counting.counts[("historical.api.jobtechdev.se", "/search")] == 2  # 25 ids = 20 + 5
    assert sorted(len(r.url.params.get_list("occupation-name")) for r in counting.requests) == [5, 20]


def test_default_years_are_the_last_five_full_years() -> None:
    assert default_years(date(2026, 11, 27)) == [2021, 2022, 2023, 2024, 2025]


async def test_offline_demand_and_archived_ads() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(
            '{ historicalDemand(occupation: "GDHs_eoz_uKx") { year adCount } '
            'historicalJobAds(municipality: "0180", first: 3) { totalCount edges { node { id headline '
            "source { name } occupation { label } } } } }"
        )
    assert status == 200 and "errors" not in body, body
    demand = body["data"]["historicalDemand"]
    assert [d["year"] for d in demand] == default_years() and all(d["adCount"] > 0 for d in demand)
    edges = body["data"]["historicalJobAds"]["edges"]
    assert len(edges) == 3 and all(e["node"]["source"]["name"] == "historical" for e in edges)
    assert all(e["node"]["occupation"]["label"] for e in edges)


async def test_upstream_failure_gives_partial_data_and_names_the_source() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.host == "historical.api.jobtechdev.se":
            return httpx.Response(503)
        return httpx.Response(200, json=world("taxonomy_occupations.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        status, body = await gateway.query(
            '{ occupation(id: "GDHs_eoz_uKx") { label } '
            'historicalDemand(occupation: "GDHs_eoz_uKx", years: [2024]) { adCount } }'
        )
    assert status == 200
    assert body["data"]["occupation"]["label"] == "Frontend-utvecklare"
    assert body["data"]["historicalDemand"] is None
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["source"]) == ("UPSTREAM_UNAVAILABLE", "historical")


async def test_bad_input_never_reaches_the_upstream() -> None:
    counting = CountingTransport(httpx.MockTransport(stats_upstream))
    async with running_gateway(counting) as gateway:
        for query in ('{ historicalDemand(occupation: "nope") { year } }',
                      '{ historicalDemand(occupation: "GDHs_eoz_uKx", years: [1999]) { year } }',
                      '{ historicalJobAds(from: "2024-02-01", to: "2024-01-01") { totalCount } }',
                      '{ historicalJobAds(municipality: "180") { totalCount } }'):
            _, body = await gateway.query(query)
            assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", query
    assert not counting.requests


def taxonomy_like_the_real_api(request: httpx.Request) -> httpx.Response:
    """The taxonomy mirror as the API answers it: deprecated concepts only when the query asks for them."""
    body = world("taxonomy_occupations.json")
    if "include_deprecated: true" not in json.loads(request.content)["query"]:
        body = {"data": {"concepts": [c for c in body["data"]["concepts"] if not c["deprecated"]]}}
    return httpx.Response(200, json=body)


async def test_live_historical_ad_with_a_deprecated_occupation_joins_it() -> None:
    """Acceptance (issue 7): an archived ad carrying a deprecated occupation-name id still reaches its occupation,
    marked deprecated, with its SSYK group taken from the live concept that replaces it."""
    old_ad = next(ad for ad in world("historical_ads.json") if ad["occupation"]["concept_id"] == "zKll_dep_001")

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.host == "taxonomy.api.jobtechdev.se":
            return taxonomy_like_the_real_api(request)
        return httpx.Response(200, json={"total": {"value": 1}, "hits": [old_ad], "stats": []})

    counting = CountingTransport(httpx.MockTransport(upstream))
    async with running_gateway(counting) as gateway:
        status, body = await gateway.query(
            "{ historicalJobAds(first: 5) { edges { node { id occupation { id label deprecated ssykCode "
            "occupationGroup { id } replacedBy { id label deprecated ssykCode } } } } } }")
    assert status == 200 and "errors" not in body, body
    (edge,) = body["data"]["historicalJobAds"]["edges"]
    occupation = edge["node"]["occupation"]
    assert occupation is not None and (occupation["id"], occupation["deprecated"]) == ("zKll_dep_001", True)
    assert occupation["ssykCode"] == "2512" and occupation["occupationGroup"] == {"id": "DJh5_yyF_hEM"}
    assert occupation["replacedBy"] == [{"id": "rQds_YGd_quU", "label": "Mjukvaruutvecklare", "deprecated": False,
                                         "ssykCode": "2512"}]
    assert counting.counts[("taxonomy.api.jobtechdev.se", "/v1/taxonomy/graphql")] == 1  # one mirror for both


async def test_occupation_lists_hide_deprecated_ones_unless_asked_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query(
            '{ live: occupations(ssykCode: "2512", first: 20) { edges { node { id deprecated } } } '
            '  all: occupations(ssykCode: "2512", includeDeprecated: true, first: 20) { edges { node { id } } } '
            '  old: occupation(id: "zKll_dep_001") { deprecated ssykCode replacedBy { id } } }')
    assert "errors" not in body, body
    live = {e["node"]["id"] for e in body["data"]["live"]["edges"]}
    # SSYK 2512's live occupation-names in the world: two with ads, three career-move targets.
    assert live == {"GDHs_eoz_uKx", "rQds_YGd_quU", "fg7B_yov_smw", "CZkP_hCz_KM8", "7wdX_4rv_33z"}
    assert {e["node"]["id"] for e in body["data"]["all"]["edges"]} == live | {"zKll_dep_001"}
    assert body["data"]["old"] == {"deprecated": True, "ssykCode": "2512", "replacedBy": [{"id": "rQds_YGd_quU"}]}
