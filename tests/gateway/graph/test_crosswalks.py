"""Crosswalk root fields: rows from the mirrored taxonomy types, one request per type, offline, failure, input."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ..harness import CountingTransport, running_gateway, world

WORLD_BY_OPERATION = {
    "KllSsykIsco": "taxonomy_ssyk_isco.json",
    "KllSunLevels": "taxonomy_sun_levels.json",
    "KllSunFields": "taxonomy_sun_fields.json",
    "KllMunicipalities": "taxonomy_municipalities.json",
}


def taxonomy_upstream(request: httpx.Request) -> httpx.Response:
    operation = json.loads(request.content)["operationName"]
    return httpx.Response(200, json=world(WORLD_BY_OPERATION[operation]))


ALL_FIELDS = """{
  ssykGroups(first: 100) { totalCount edges { node { code id label iscoCodes occupations { id label }
                                                     iscoGroups { code ssykCodes } } } }
  iscoGroups(isco: "2512") { edges { node { code ssykGroups { code label } } } }
  sunEducationLevels { edges { node { id label level parentId childIds } } }
  sunEducationFields { edges { node { id label level } } }
  geographyCrosswalk(first: 100) { totalCount edges { node { municipalityCode municipalityName countyCode
                                                            countyName nuts3Code } } }
}""".replace('iscoGroups(isco: "2512")', 'isco: iscoGroups(iscoCode: "2512")')


async def test_crosswalks_cost_one_request_per_mirrored_type() -> None:
    counting = CountingTransport(httpx.MockTransport(taxonomy_upstream))
    async with running_gateway(counting) as gateway:
        status, body = await gateway.query(ALL_FIELDS)
    assert status == 200 and "errors" not in body, body
    operations = sorted(json.loads(r.content)["operationName"] for r in counting.requests)
    assert operations == sorted(WORLD_BY_OPERATION)
    data = body["data"]
    groups = {e["node"]["code"]: e["node"] for e in data["ssykGroups"]["edges"]}
    assert data["ssykGroups"]["totalCount"] == 11 and list(groups) == sorted(groups)
    assert groups["2512"]["id"] == "DJh5_yyF_hEM" and groups["2512"]["iscoCodes"] == ["2512"]
    assert {o["id"] for o in groups["2512"]["occupations"]} == {"GDHs_eoz_uKx", "rQds_YGd_quU"}
    assert data["isco"]["edges"][0]["node"]["ssykGroups"] == [
        {"code": "2512", "label": "Mjukvaru- och systemutvecklare m.fl."}]
    levels = data["sunEducationLevels"]["edges"]
    assert [(n["node"]["id"], n["node"]["level"], n["node"]["parentId"]) for n in levels] == [
        ("tWjg_Y7L_yXK", 1, None), ("nmJt_fJC_a9g", 2, "tWjg_Y7L_yXK")]
    rows = {e["node"]["municipalityCode"]: e["node"] for e in data["geographyCrosswalk"]["edges"]}
    assert rows["2584"] == {"municipalityCode": "2584", "municipalityName": "Kiruna", "countyCode": "25",
                            "countyName": "Norrbottens län", "nuts3Code": "SE332"}


async def test_offline_crosswalks_answer_from_the_bundled_snapshot() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(ALL_FIELDS)
    assert status == 200 and "errors" not in body, body
    assert body["data"]["ssykGroups"]["totalCount"] == 11
    assert body["data"]["geographyCrosswalk"]["totalCount"] == 6


async def test_taxonomy_failure_names_the_source() -> None:
    async with running_gateway(httpx.MockTransport(lambda request: httpx.Response(500))) as gateway:
        status, body = await gateway.query("{ ssykGroups { totalCount } }")
    assert status == 200 and body["data"] == {"ssykGroups": None}
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["source"]) == ("UPSTREAM_UNAVAILABLE", "taxonomy")


async def test_bad_input() -> None:
    counting = CountingTransport(httpx.MockTransport(taxonomy_upstream))
    async with running_gateway(counting) as gateway:
        for query in ('{ ssykGroups(ssykCode: "25") { totalCount } }', '{ iscoGroups(iscoCode: "x") { totalCount } }',
                      '{ geographyCrosswalk(countyCode: "1") { totalCount } }'):
            _, body = await gateway.query(query)
            assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", query
    assert not counting.requests
