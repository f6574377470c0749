"""Skills: `Occupation.skills` (curated and SSYK-group links, each once at its strongest relevance), `skill(id:)`,
`skills(query:)`, `node(id:)`; live against the Taxonomy in its real shape, offline, failing, and bad input."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ..harness import CountingTransport, running_gateway, taxonomy_answer, world

NURSE = "bXNH_MNX_dUR"  # Sjuksköterska, grundutbildad (SSYK 2221)


def _world_skill_ids(label: str) -> str:
    skills = world("taxonomy_skills.json")["data"]["concepts"]
    return str(next(s["id"] for s in skills if s["preferred_label"] == label))


async def test_an_occupations_skills_are_curated_first_then_its_groups_each_once() -> None:
    counting = CountingTransport(httpx.MockTransport(taxonomy_answer))
    async with running_gateway(counting) as gateway:
        status, body = await gateway.query(
            f'{{ occupation(id: "{NURSE}") {{ skills {{ relevance skill {{ id label headline {{ label }} }} }} }} }}')
    assert status == 200 and "errors" not in body, body
    skills = body["data"]["occupation"]["skills"]
    relevance = [s["relevance"] for s in skills]
    assert relevance == sorted(relevance, key=["ESSENTIAL", "OPTIONAL", "GROUP"].index)
    by_label = {s["skill"]["label"]: s["relevance"] for s in skills}
    assert by_label["Legitimation som sjuksköterska"] == "ESSENTIAL"
    # Curated as optional and suggested for SSYK 2221 too: listed once, at its strongest relevance.
    assert by_label["Akutsjukvård, sjukhus"] == "OPTIONAL"
    assert by_label["Omvårdnad"] == "GROUP"
    assert len(by_label) == len(skills)
    group = [s["skill"]["label"] for s in skills if s["relevance"] == "GROUP"]
    assert group == sorted(group, key=str.casefold)
    # One request per mirrored type, whatever the number of occupations.
    operations = sorted(json.loads(r.content)["operationName"] for r in counting.requests)
    assert operations == ["KllOccupationSkills", "KllOccupations", "KllSkills"]


async def test_skill_lookups_search_and_node_ids() -> None:
    omvardnad = _world_skill_ids("Omvårdnad")
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(
            f'{{ skill(id: "{omvardnad}") {{ id label nodeId escoUri source {{ name }} }} '
            '  unknown: skill(id: "XXXX_XXX_XXX") { id } '
            '  skills(query: "OMVÅRDNAD", first: 3) { totalCount edges { node { label } } } }')
        assert status == 200 and "errors" not in body, body
        data = body["data"]
        assert data["skill"]["label"] == "Omvårdnad" and data["skill"]["source"] == {"name": "taxonomy"}
        assert data["unknown"] is None
        labels = [e["node"]["label"] for e in data["skills"]["edges"]]
        assert labels and all("omvårdnad" in label.casefold() for label in labels)
        assert labels == sorted(labels, key=str.casefold)
        _, node = await gateway.query(f'{{ node(id: "{data["skill"]["nodeId"]}") {{ ... on Skill {{ label }} }} }}')
    assert node["data"]["node"] == {"label": "Omvårdnad"}


async def test_a_bad_skill_id_is_bad_user_input_without_a_request() -> None:
    counting = CountingTransport(httpx.MockTransport(taxonomy_answer))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query('{ skill(id: "omvårdnad") { id } }')
    assert body["data"] == {"skill": None}
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}
    assert counting.requests == []


async def test_a_failing_skill_mirror_nulls_only_the_skills() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        return taxonomy_answer(request, {"KllSkills": httpx.Response(503)})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        status, body = await gateway.query(f'{{ occupation(id: "{NURSE}") {{ label skills {{ relevance }} }} }}')
    assert status == 200
    assert body["data"]["occupation"] == {"label": "Sjuksköterska, grundutbildad", "skills": None}
    (error,) = body["errors"]
    assert error["path"] == ["occupation", "skills"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE" and error["extensions"]["source"] == "taxonomy"
