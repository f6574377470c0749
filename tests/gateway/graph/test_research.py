"""ResearchProject / InnovationProject end to end: offline snapshot, upstream failure, bad input, request bounds."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ...conftest import REPO
from ..harness import CountingTransport, running_gateway

WORLD = REPO / "tools/snapshot_world/research"
KTH, UU, VR, VINNOVA = "2021003054", "2021002932", "2021005208", "2021005216"

PROJECTS_QUERY = """query($o: String!) { researchProjects(organisationNumber: $o, first: 20) { totalCount edges { node {
  id title startDate fundingSek coordinatingOrganisation { organisationNumber name } funder { organisationNumber }
  subjects { code name } innovationProject { id title call { id title } researchProject { id } }
} } } }"""


async def test_university_projects_offline_with_funders_and_vinnova_side() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for number in (KTH, UU):
            _, body = await gateway.query(PROJECTS_QUERY, {"o": number})
            assert "errors" not in body, body
            nodes = [e["node"] for e in body["data"]["researchProjects"]["edges"]]
            assert len(nodes) >= 3
            assert {n["coordinatingOrganisation"]["organisationNumber"] for n in nodes} == {number}
            assert all(n["coordinatingOrganisation"]["name"] for n in nodes)
            assert {n["funder"]["organisationNumber"] for n in nodes} == {VR, VINNOVA}
            vinnova = [n for n in nodes if n["id"].endswith("_Vinnova")]
            assert vinnova and all(n["innovationProject"]["researchProject"]["id"] == n["id"] for n in vinnova)
            assert all(n["innovationProject"] is None for n in nodes if n["id"].endswith("_VR"))
        _, body = await gateway.query('{ researchProject(id: "2021-00157_VR") { title subjects { code } '
                                      'participants { orcid role } } innovationProject(id: "2023-01789") '
                                      '{ call { title } } }')
        assert body["data"]["researchProject"]["title"] == "Petra III svensk nod"
        assert body["data"]["researchProject"]["subjects"][0]["code"] == "10399"
        assert body["data"]["innovationProject"]["call"]["title"]


async def test_vinnova_down_gives_projects_and_a_vinnova_error() -> None:
    projects = json.loads((WORLD / "swecris_projects.json").read_text(encoding="utf-8"))

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.host == "swecris-api.vr.se":
            return httpx.Response(200, json=[p for p in projects if p["coordinatingOrganisationId"] == "202100-3054"])
        return httpx.Response(503, text="maintenance")

    counting = CountingTransport(httpx.MockTransport(upstream))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query(
            '{ researchProjects(organisationNumber: "2021003054") { edges { node { id innovationProject { id } } } } }'
        )
    nodes = [e["node"] for e in body["data"]["researchProjects"]["edges"]]
    assert len(nodes) == 6
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["source"]) == ("UPSTREAM_UNAVAILABLE", "vinnova")
    assert error["path"][-1] == "innovationProject"
    # One SweCRIS request for the list, one Vinnova request for all Vinnova-funded projects of the level.
    assert counting.counts == {("swecris-api.vr.se", "/v1/projects/organisations/202100-3054"): 1,
                               ("data.vinnova.se", "/api/projekt/2022-01624"): 1}


async def test_bad_input_is_bad_user_input() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for query, argument in [
            ('{ researchProjects(organisationNumber: "12-34") { totalCount } }', "organisationNumber"),
            ('{ researchProject(id: "../../v1/persons") { id } }', "id"),
            ('{ innovationProject(id: "2022-1624,2022-01625") { id } }', "id"),
            ('{ innovationProjects(first: 3) { totalCount } }', "organisationNumber"),
            ('{ researchProjects(organisationNumber: "2021003054", first: 101) { totalCount } }', "first"),
        ]:
            status, body = await gateway.query(query)
            assert status == 200, query
            (error,) = body["errors"]
            assert error["extensions"]["code"] == "BAD_USER_INPUT", query
            assert error["extensions"]["argument"] == argument, query
