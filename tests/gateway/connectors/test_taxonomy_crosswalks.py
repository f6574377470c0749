"""Taxonomy crosswalk mirrors: the live GraphQL bodies (agency-apis.md §1.3) and parsing of the world payloads."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from kllgraph_gateway._upstream import SourceClient
from kllgraph_gateway.connectors import taxonomy

from ..harness import running_gateway, world

Mirror = Callable[[SourceClient], Awaitable[list[Any]]]

CASES: list[tuple[Mirror, str, str, list[str]]] = [
    (taxonomy.api.ssyk_isco_groups, "KllSsykIsco", "taxonomy_ssyk_isco.json",
     ['concepts(type: "ssyk-level-4")', "ssyk_code_2012", 'related(type: "isco-level-4")', "isco_code_08",
      'narrower(type: "occupation-name")']),
    (taxonomy.api.sun_education_levels, "KllSunLevels", "taxonomy_sun_levels.json",
     ['concepts(type: "sun-education-level-1")', 'narrower(type: "sun-education-level-2")',
      'narrower(type: "sun-education-level-3")', "sun_education_level_code_2020"]),
    (taxonomy.api.sun_education_fields, "KllSunFields", "taxonomy_sun_fields.json",
     ['concepts(type: "sun-education-field-1")', 'narrower(type: "sun-education-field-4")',
      "sun_education_field_code_2020"]),
]


@pytest.mark.parametrize(("mirror", "operation", "world_file", "fragments"), CASES)
async def test_mirror_request_shape(mirror: Mirror, operation: str, world_file: str, fragments: list[str]) -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=world(world_file))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("taxonomy")
        concepts = await mirror(client)
        again = await mirror(client)
    assert len(seen) == 1 and again == concepts and concepts  # mirrored once, then cached
    (request,) = seen
    assert (request.method, str(request.url)) == ("POST", "https://taxonomy.api.jobtechdev.se/v1/taxonomy/graphql")
    body = json.loads(request.content)
    assert set(body) == {"query", "operationName"} and body["operationName"] == operation
    assert body["query"].startswith(f"query {operation} {{")
    for fragment in fragments:
        assert fragment in body["query"]


def test_ssyk_isco_query_is_pinned() -> None:
    assert taxonomy.api.SSYK_ISCO_QUERY == """query KllSsykIsco {
  concepts(type: "ssyk-level-4") {
    id type preferred_label ssyk_code_2012
    related(type: "isco-level-4") { id type preferred_label isco_code_08 }
    narrower(type: "occupation-name") { id type preferred_label }
  }
}"""


def test_world_payloads_parse_with_codes() -> None:
    groups = taxonomy.models.SsykIscoResponse.model_validate(world("taxonomy_ssyk_isco.json")).data.concepts
    by_code = {g.ssyk_code_2012: g for g in groups}
    assert by_code["2512"].id == "DJh5_yyF_hEM"
    assert {o.id for o in by_code["2512"].narrower} == {"GDHs_eoz_uKx", "rQds_YGd_quU"}
    assert [r.isco_code_08 for r in by_code["2512"].related] == ["2512"]
    levels = taxonomy.models.SunLevelsResponse.model_validate(world("taxonomy_sun_levels.json")).data.concepts
    assert levels[0].id == "tWjg_Y7L_yXK" and levels[0].narrower[0].id == "nmJt_fJC_a9g"
