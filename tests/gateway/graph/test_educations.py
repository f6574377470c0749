"""Education end to end: offline from the bundled snapshot, hub resolvers, request bounds, failures, bad input."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from kllgraph_gateway._errors import BadUserInput
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway.graph._context import Context
from kllgraph_gateway.graph.educations import (
    educations_for_occupation,
    educations_in_municipality,
    educations_of_organisation,
)

from ...conftest import REPO
from ..connectors.test_susanavet import emil3_fake, listing
from ..harness import CountingTransport, ad_occupations, make_settings, running_gateway

WORLD = REPO / "tools" / "snapshot_world" / "educations"
TAXONOMY = REPO / "tools" / "snapshot_world" / "jobtech" / "taxonomy_occupations.json"


def world(name: str) -> Any:
    return json.loads((WORLD / name).read_text(encoding="utf-8"))


async def test_municipality_educations_come_from_planned_educations_offline() -> None:
    # Susa-navet emil3 has no municipality filter: Municipality.educations and educations(municipality:) read
    # Planned Educations adult-education events. The snapshot holds those (real samples) for 1480 and 2180 only;
    # the other world municipalities answer an empty list.
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for code, count in (("1480", 2), ("2180", 1), ("0180", 0)):
            _, body = await gateway.query(
                'query E($m: String!) { educations(municipality: $m, first: 10) { totalCount edges { node { '
                'id title form credits creditsSystem start provider { name } municipality { code } '
                'readVia { name } } } } }', {"m": code})
            assert "errors" not in body, body
            edges = body["data"]["educations"]["edges"]
            assert len(edges) == count, code
            for edge in edges:
                node = edge["node"]
                assert node["title"] and node["form"] and node["provider"]["name"]
                assert node["municipality"] == {"code": code} and node["readVia"] == {"name": "planned_educations"}


async def test_susa_navet_answers_by_school_type_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for narrowing, form in (("form: HIGHER_EDUCATION", "HIGHER_EDUCATION"), ("form: ADULT_EDUCATION",
                                "ADULT_EDUCATION"), ("form: YH", "YH"), ("schoolType: [HS, YH]", None)):
            _, body = await gateway.query(
                f"{{ educations({narrowing}, first: 30) {{ totalCount edges {{ node {{ id title form credits start "
                f"provider {{ name }} municipality {{ code }} readVia {{ name }} }} }} }} }}")
            assert "errors" not in body, body
            nodes = [edge["node"] for edge in body["data"]["educations"]["edges"]]
            assert nodes, narrowing
            for node in nodes:
                assert node["title"] and node["credits"] and node["start"] and node["provider"]["name"]
                assert node["municipality"]["code"] and node["readVia"] == {"name": "susanavet"}
                assert node["form"] == form or (form is None and node["form"] in {"HIGHER_EDUCATION", "YH"})


async def test_yh_events_come_from_planned_educations_with_myh_as_source_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query(
            '{ educations(municipality: "1480", form: YH, first: 5) { edges { node { id title form credits '
            'creditsSystem provider { name } source { name agency } readVia { name } } } } '
            'one: education(id: "e.myh.27538") { title form start pace provider { name } source { name } } }')
    assert "errors" not in body, body
    nodes = {edge["node"]["id"]: edge["node"] for edge in body["data"]["educations"]["edges"]}
    yh = nodes["e.myh.27538"]
    assert yh["title"] == ".NET Cloud Developer" and yh["form"] == "YH"
    assert (yh["credits"], yh["creditsSystem"]) == (400.0, "yh")
    assert yh["provider"] == {"name": "IT-Högskolan Sverige AB"}
    assert yh["source"]["name"] == "myh" and yh["readVia"] == {"name": "planned_educations"}
    assert body["data"]["one"] == {"title": ".NET Cloud Developer", "form": "YH", "start": "2025-08-01",
                                   "pace": 100.0, "provider": {"name": "IT-Högskolan Sverige AB"},
                                   "source": {"name": "myh"}}


@pytest.mark.parametrize(("number", "provider"), [("2021003054", "p.uoh.kth"), ("202100-2932", "p.uoh.uu")])
async def test_university_educations_offline(number: str, provider: str) -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        ctx = Context(upstream=gateway.upstream, settings=make_settings(offline=True))
        page = await educations_of_organisation(ctx, number, 5, None)
        assert page is not None and page.edges
        assert all(edge.node.provider_ids == (provider,) for edge in page.edges)
        # The root field sends the same request (the seed records it) and shows the joined fields.
        _, body = await gateway.query(
            'query O($o: String!) { educations(organisation: $o, first: 5) { totalCount edges { node { id form '
            'provider { providerId organisation { organisationNumber } } } } } }', {"o": number})
    assert "errors" not in body, body
    result = body["data"]["educations"]
    assert result["totalCount"] == page.total_count
    assert [e["node"]["id"] for e in result["edges"]] == [e.node.id for e in page.edges]
    for edge in result["edges"]:
        assert edge["node"]["form"] == "HIGHER_EDUCATION"
        assert edge["node"]["provider"] == {"providerId": provider,
                                            "organisation": {"organisationNumber": number.replace("-", "")}}


async def test_every_world_occupation_leads_to_an_education_offline() -> None:
    # The live ones: the world's deprecated occupation-name is there for old (historical) ads only.
    # The core ones, which ads are for (the career-move targets beside them have no JobEd links in the world).
    core = ad_occupations()
    concepts = [c for c in json.loads(TAXONOMY.read_text(encoding="utf-8"))["data"]["concepts"] if c["id"] in core]
    assert len(concepts) == 12
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for concept in concepts:
            _, body = await gateway.query(
                'query E($o: String!) { educations(occupation: $o, first: 2) { edges { node { title form '
                'occupations { id } source { name } } } } }', {"o": concept["id"]})
            assert "errors" not in body, body
            edges = body["data"]["educations"]["edges"]
            assert edges, concept["preferred_label"]
            assert all(e["node"]["title"] and e["node"]["form"] for e in edges)
            assert all(e["node"]["occupations"] == [{"id": concept["id"]}] for e in edges)


async def test_hub_resolvers_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        ctx = Context(upstream=gateway.upstream, settings=make_settings(offline=True))
        in_gothenburg = await educations_in_municipality(ctx, "1480", 3, None)
        assert in_gothenburg is not None and len(in_gothenburg.edges) == 2
        for_nurse = await educations_for_occupation(ctx, "bXNH_MNX_dUR", "Sjuksköterska, grundutbildad", "2221",
                                                    2, None)
        assert for_nurse is not None and [e.node.id for e in for_nurse.edges] == ["i.uoh.uu.kll.vss"]
        with pytest.raises(BadUserInput):
            await educations_in_municipality(ctx, "180", 3, None)
        unknown = await educations_of_organisation(ctx, "2120000142", 3, None)
        assert unknown is not None and unknown.edges == []  # no provider carries the number: empty, not an error


def jobed_upstream(request: httpx.Request) -> httpx.Response:
    occupation = request.url.params["occupation_id"]
    return httpx.Response(200, json={"hits": [{"id": f"i.sv.kll.{occupation}", "education_title": occupation,
                                               "education_form": "vuxenutbildning"}]})


async def test_occupation_educations_batch_per_level_one_request_per_distinct_occupation() -> None:
    # JobEd's match-by-occupation takes ONE occupation id (no batch form found): the DataLoader sends one request per
    # distinct occupation and block, concurrently, and shares it between parents with the same occupation.
    counting = CountingTransport(httpx.MockTransport(jobed_upstream))
    async with running_gateway(counting) as gateway:
        ctx = Context(upstream=gateway.upstream, settings=make_settings())
        ids = ["bXNH_MNX_dUR", "GDHs_eoz_uKx", "bXNH_MNX_dUR", "bXNH_MNX_dUR", "GDHs_eoz_uKx"]
        pages = await asyncio.gather(*(educations_for_occupation(ctx, i, "", None, 2, None) for i in ids))
    assert [p.edges[0].node.id for p in pages if p] == [f"i.sv.kll.{i}" for i in ids]
    assert counting.counts == {("jobed-connect-api.jobtechdev.se", "/v1/educations/match-by-occupation"): 2}


async def test_the_organisation_index_is_read_once_per_request() -> None:
    # emil3 cannot filter providers by organisation number: the index over `/educationProviders` (pages of 2000) is
    # built once per GraphQL request, however many organisations (and levels) ask.
    counting = CountingTransport(httpx.MockTransport(emil3_fake(providers_pages=2)))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query(
            '{ kth: organisation(organisationNumber: "2021003054") { educations(first: 2) { totalCount } } '
            'uu: organisation(organisationNumber: "2021002932") { educations(first: 2) { totalCount } } '
            'none: organisation(organisationNumber: "2120000142") { educations(first: 2) { totalCount } } }')
    assert "errors" not in body, body
    assert [body["data"][k]["educations"]["totalCount"] for k in ("kth", "uu", "none")] == [3, 6, 0]
    assert counting.counts == {
        ("api.skolverket.se", "/susa-navet/emil3/educationProviders"): 2,  # totalPages of the whole list, once
        ("api.skolverket.se", "/susa-navet/emil3/educationEvents"): 2,  # one per provider that carries the number
    }


async def test_upstream_failure_gives_partial_data_and_names_the_source() -> None:
    events = world("susanavet_events.json")[:2]

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/susa-navet/emil3/educationEvents":
            return httpx.Response(200, json=listing("educationEvents", events))
        return httpx.Response(503, json={"status": 503, "type": "Service Unavailable",
                                         "message": "The system is currently updating education resources."})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        status, body = await gateway.query("{ educations(first: 2) { edges { node { id start form } } } }")
    assert status == 200
    nodes = [edge["node"] for edge in body["data"]["educations"]["edges"]]
    assert [n["id"] for n in nodes] == [e["identifier"] for e in events] and all(n["start"] for n in nodes)
    assert all(n["form"] is None for n in nodes)
    assert body["errors"] and all(
        (e["extensions"]["code"], e["extensions"]["source"], e["path"][-1]) == ("UPSTREAM_UNAVAILABLE", "susanavet",
                                                                               "form") for e in body["errors"])


async def test_jobed_failure_names_jobed() -> None:
    async with running_gateway(httpx.MockTransport(lambda r: httpx.Response(500))) as gateway:
        _, body = await gateway.query('{ educations(occupation: "bXNH_MNX_dUR") { edges { node { id } } } }')
    assert body["data"] == {"educations": None}
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["source"]) == ("UPSTREAM_UNAVAILABLE", "jobed")


@pytest.mark.parametrize(("query", "argument"), [
    ('{ educations(municipality: "18") { totalCount } }', "municipality"),
    ("{ educations(form: OTHER) { totalCount } }", "form"),
    ('{ educations(organisation: "12") { totalCount } }', "organisationNumber"),
    ('{ educations(occupation: "nurse") { totalCount } }', "occupation"),
    ('{ educations(occupation: "bXNH_MNX_dUR", municipality: "0180") { totalCount } }', "occupation"),
    ('{ education(id: "x.1 ; drop") { id } }', "id"),
])
async def test_bad_input_never_reaches_an_upstream(query: str, argument: str) -> None:
    counting = CountingTransport(httpx.MockTransport(lambda r: httpx.Response(500)))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query(query)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["argument"] == argument
    assert not counting.counts
