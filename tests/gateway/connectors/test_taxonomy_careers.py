"""Taxonomy mirrors for career moves: substitutability, skills and the occupations' curated skill links
(career-switch-apis.md §1a, §1b): the live request shapes, and the real payloads they parse."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from kllgraph_gateway._upstream import SourceClient
from kllgraph_gateway.connectors import taxonomy
from kllgraph_gateway.connectors.taxonomy.models import SkillsResponse, SubstitutabilityResponse

from ...conftest import SAMPLES
from ..harness import running_gateway, taxonomy_answer, world

MIRRORS: dict[str, tuple[Callable[[SourceClient], Awaitable[list[Any]]], str, tuple[str, ...]]] = {
    "KllSubstitutability": (taxonomy.api.substitutability, "taxonomy_substitutability.json", (
        'concepts(type: "occupation-name")', 'substitutes(type: "occupation-name")',
        'substituted_by(type: "occupation-name")', "substitutability_percentage")),
    "KllSkills": (taxonomy.api.skills, "taxonomy_skills.json", (
        'concepts(type: "skill")', 'broader(type: "skill-headline")', 'exact_match(type: "esco-skill")',
        "esco_uri", 'related(type: "ssyk-level-4")', "ssyk_code_2012")),
    "KllOccupationSkills": (taxonomy.api.occupation_skills, "taxonomy_occupation_skills.json", (
        'concepts(type: "occupation-name")', 'essential(type: "skill")', 'optional(type: "skill")')),
}


@pytest.mark.parametrize("operation", sorted(MIRRORS))
async def test_mirror_request_shape(operation: str) -> None:
    read, world_file, selections = MIRRORS[operation]
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=world(world_file))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        concepts = await read(gateway.upstream.client("taxonomy"))
        again = await read(gateway.upstream.client("taxonomy"))
    assert len(seen) == 1 and again == concepts and concepts  # one request for the whole type, then cached
    (request,) = seen
    assert (request.method, str(request.url)) == ("POST", "https://taxonomy.api.jobtechdev.se/v1/taxonomy/graphql")
    body = json.loads(request.content)
    assert body["operationName"] == operation and f"query {operation} {{" in body["query"]
    for selection in selections:
        assert selection in body["query"]


def test_the_real_substitutability_distribution_parses_with_its_direction() -> None:
    payload = json.loads((SAMPLES / "taxonomy-substitutability-excerpt.json").read_text(encoding="utf-8"))
    concepts = {c.id: c for c in SubstitutabilityResponse.model_validate(payload).data.concepts}
    # The official examples (REFERENCE.md): Beläggningsarbetare can be substituted by Väg- och anläggningsarbetare
    # with a high level (75), the reverse is low (25); from Förskollärare to Barnskötare is low.
    paving = concepts["y5XM_3yd_YN6"]
    assert {(s.id, s.substitutability_percentage) for s in paving.substituted_by} >= {("MQHi_q9J_x2d", 75)}
    assert [(s.id, s.substitutability_percentage) for s in paving.substitutes] == [("MQHi_q9J_x2d", 25)]
    preschool = concepts["rUcW_z9R_Qsv"]
    assert ("rM7G_ge7_XhP", 25) in {(s.id, s.substitutability_percentage) for s in preschool.substituted_by}
    nursery = concepts["rM7G_ge7_XhP"]
    assert ("rUcW_z9R_Qsv", 25) in {(s.id, s.substitutability_percentage) for s in nursery.substitutes}


def test_the_real_skill_distribution_parses() -> None:
    payload = json.loads((SAMPLES / "taxonomy-skills-excerpt.json").read_text(encoding="utf-8"))
    skills = SkillsResponse.model_validate(payload).data.concepts
    assert (skills[0].id, skills[0].preferred_label) == ("11L4_Q2Z_8tM", "Kylteknik") and len(skills) == 3
    assert all(s.related == [] and s.broader == [] for s in skills)  # the file carries no relations


@pytest.mark.parametrize("percentage", [50, 0, 100, None])
async def test_a_strength_other_than_25_or_75_is_a_bad_payload(percentage: int | None) -> None:
    payload = world("taxonomy_substitutability.json")
    payload["data"]["concepts"][0]["substitutes"][0]["substitutability_percentage"] = percentage

    def upstream(request: httpx.Request) -> httpx.Response:
        return taxonomy_answer(request, {"KllSubstitutability": httpx.Response(200, json=payload)})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        status, body = await gateway.query('{ occupation(id: "bXNH_MNX_dUR") { label } '
                                           'careerMoves(from: "bXNH_MNX_dUR") { level } }')
    assert status == 200 and body["data"]["occupation"] == {"label": "Sjuksköterska, grundutbildad"}
    error = body["errors"][0]
    assert error["path"] == ["careerMoves"] and body["data"]["careerMoves"] is None
    assert error["extensions"]["code"] == "UPSTREAM_BAD_PAYLOAD" and error["extensions"]["source"] == "taxonomy"
    assert "substitutability_percentage" in error["message"]
