"""Taxonomy: the mirror queries' live request shape (agency-apis.md §1.3) and parsing of real-shaped responses."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway.connectors import taxonomy
from kllgraph_gateway.connectors.taxonomy.models import OccupationsResponse

from ...conftest import SAMPLES
from ..harness import running_gateway, world


async def test_occupation_mirror_request_shape() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=world("taxonomy_occupations.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        concepts = await taxonomy.api.occupation_names(gateway.upstream.client("taxonomy"))
        again = await taxonomy.api.occupation_names(gateway.upstream.client("taxonomy"))
    assert len(seen) == 1 and again == concepts  # mirrored once, then cached
    (request,) = seen
    assert (request.method, str(request.url)) == ("POST", "https://taxonomy.api.jobtechdev.se/v1/taxonomy/graphql")
    assert request.headers["content-type"] == "application/json"
    body = json.loads(request.content)
    assert body["operationName"] == "KllOccupations"
    # Deprecated concepts mirrored too, with what replaces them (and the replacement's SSYK group).
    assert 'concepts(type: "occupation-name", include_deprecated: true)' in body["query"]
    assert 'broader(type: "ssyk-level-4")' in body["query"] and "ssyk_code_2012" in body["query"]
    assert " deprecated\n" in body["query"] and "replaced_by {" in body["query"]
    nurse = next(c for c in concepts if c.id == "bXNH_MNX_dUR")
    assert nurse.broader[0].ssyk_code_2012 == "2221" and not nurse.deprecated and nurse.ssyk_group == nurse.broader[0]


def test_a_deprecated_concept_takes_its_ssyk_group_from_its_replacement() -> None:
    concepts = OccupationsResponse.model_validate(world("taxonomy_occupations.json")).data.concepts
    old = next(c for c in concepts if c.deprecated)
    assert old.broader == [] and old.replaced_by and old.replaced_by[0].id == "rQds_YGd_quU"
    assert old.ssyk_group is not None and old.ssyk_group.ssyk_code_2012 == "2512"
    # Live concepts with `replaced_by: null` (as a client reading the real API guards against) parse too.
    live = OccupationsResponse.model_validate({"data": {"concepts": [
        {"id": "rQds_YGd_quU", "preferred_label": "Mjukvaruutvecklare", "deprecated": False, "replaced_by": None}]}})
    assert live.data.concepts[0].ssyk_group is None and not live.data.concepts[0].deprecated


async def test_municipality_mirror_parses_codes() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        assert json.loads(request.content)["operationName"] == "KllMunicipalities"
        return httpx.Response(200, json=world("taxonomy_municipalities.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        municipalities = await taxonomy.api.municipalities(gateway.upstream.client("taxonomy"))
    stockholm = next(m for m in municipalities if m.lau_2_code_2015 == "0180")
    assert stockholm.id == "AvNB_uwa_6n6"
    assert stockholm.broader[0].national_nuts_level_3_code_2019 == "01"


def test_real_graphql_sample_has_the_response_envelope() -> None:
    # The recorded collection sample has the same {"data": {"concepts": [...]}} envelope and concept keys.
    sample = json.loads((SAMPLES / "taxonomy-graphql-occupation-collections.json").read_text(encoding="utf-8"))
    related = sample["data"]["concepts"][0]["related"]
    parsed = OccupationsResponse.model_validate({"data": {"concepts": related}})
    assert {c.preferred_label for c in parsed.data.concepts} >= {"Vårdbiträde", "Byggstädare"}


async def test_barometer_occupation_mirror_request_shape() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=world("taxonomy_barometer_occupations.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        concepts = await taxonomy.api.barometer_occupations(gateway.upstream.client("taxonomy"))
        again = await taxonomy.api.barometer_occupations(gateway.upstream.client("taxonomy"))
    assert len(seen) == 1 and again == concepts  # mirrored once, then cached
    (request,) = seen
    assert (request.method, str(request.url)) == ("POST", "https://taxonomy.api.jobtechdev.se/v1/taxonomy/graphql")
    body = json.loads(request.content)
    assert body["operationName"] == "KllBarometerOccupations"
    # The official documentation's query (barometer-occupation.html), with `type` on the concept as every mirror asks.
    assert 'concepts(type: "barometer-occupation")' in body["query"]
    assert 'related(type: "occupation-name") { id type preferred_label }' in body["query"]
    developers = next(c for c in concepts if c.preferred_label == "Mjukvaru- och systemutvecklare")
    assert developers.type == "barometer-occupation"
    # SSYK 2512's occupations in the world: two with ads, three career-move targets (PROVENANCE.md).
    assert {r.id for r in developers.related} == {"GDHs_eoz_uKx", "rQds_YGd_quU", "fg7B_yov_smw", "CZkP_hCz_KM8",
                                                   "7wdX_4rv_33z"}
