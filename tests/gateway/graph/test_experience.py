"""`matchExperience`: a person's text to occupations (JobEd) and skills (Enrichments), linked to the taxonomy only
where a label matches; offline from the composed samples, each source failing on its own, bad input, and GET
refused. The privacy guarantees are proved with a canary phrase in tests/gateway/test_personal_text.py."""

from __future__ import annotations

import json

import httpx
import pytest

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway.graph.experience import SAMPLE_EXPERIENCES

from ..connectors.test_enrichments import answer as enrichments_answer
from ..connectors.test_jobed import MATCH_BY_TEXT
from ..harness import GRAPHQL_RESPONSE, make_settings, running_gateway, taxonomy_answer

QUERY = """query($t: String!) { matchExperience(text: $t) {
  occupations(first: 3) { score label occupation { id label } } skills { label prediction skill { id label } } } }"""


def agencies(seen: list[httpx.Request], *, failing: str | None = None) -> httpx.MockTransport:
    """Taxonomy, Enrichments and JobEd in their real shapes; `failing` (a host) answers 503."""

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == failing:
            return httpx.Response(503)
        if request.url.host == "taxonomy.api.jobtechdev.se":
            return taxonomy_answer(request)
        if request.url.host == "jobad-enrichments-api.jobtechdev.se":
            return enrichments_answer(request)
        assert request.url.path == "/v1/occupations/match-by-text"
        return httpx.Response(200, json=MATCH_BY_TEXT)

    return httpx.MockTransport(upstream)


async def test_the_composed_samples_answer_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(QUERY, {"t": SAMPLE_EXPERIENCES[0]})
    assert status == 200 and "errors" not in body, body
    match = body["data"]["matchExperience"]
    assert match["occupations"][0]["occupation"] == {"id": "4zLr_jP5_peZ", "label": "Vårdbiträde"}
    skills = {s["label"]: s["skill"] for s in match["skills"]}
    # A label equal to a taxonomy skill's is linked; another keeps only its label (never a guessed neighbour).
    assert skills["Omvårdnad"] == {"id": "MR4H_FFT_mTj", "label": "Omvårdnad"}
    assert skills["B-körkort"] is None
    predictions = [s["prediction"] for s in match["skills"]]
    assert predictions == sorted(predictions, reverse=True)


async def test_live_each_part_from_its_own_api_and_linked_by_label() -> None:
    seen: list[httpx.Request] = []
    async with running_gateway(agencies(seen)) as gateway:
        status, body = await gateway.query(QUERY, {"t": "Chaufför med C-körkort"})
    assert status == 200 and "errors" not in body, body
    match = body["data"]["matchExperience"]
    assert [o["score"] for o in match["occupations"]] == [0.71, None]
    assert match["occupations"][1]["occupation"] == {"id": "4zLr_jP5_peZ", "label": "Vårdbiträde"}
    # The real candidates: "C-körkort" and "Distribution" are no skill labels of the world's taxonomy.
    assert [(s["label"], s["skill"]) for s in match["skills"]] == [("Distribution", None), ("C-körkort", None)]
    hosts = sorted({r.url.host for r in seen})
    assert hosts == ["jobad-enrichments-api.jobtechdev.se", "jobed-connect-api.jobtechdev.se",
                     "taxonomy.api.jobtechdev.se"]


async def test_skills_alone_send_the_text_to_enrichments_alone() -> None:
    seen: list[httpx.Request] = []
    async with running_gateway(agencies(seen)) as gateway:
        _, body = await gateway.query('query($t: String!) { matchExperience(text: $t) { skills { label } } }',
                                      {"t": "Chaufför med C-körkort"})
    assert "errors" not in body, body
    assert {r.url.host for r in seen} == {"jobad-enrichments-api.jobtechdev.se"}


@pytest.mark.parametrize(("failing", "source", "nulled", "kept"), [
    ("jobad-enrichments-api.jobtechdev.se", "enrichments", "skills", "occupations"),
    ("jobed-connect-api.jobtechdev.se", "jobed", "occupations", "skills"),
])
async def test_a_failing_source_nulls_only_its_own_part(failing: str, source: str, nulled: str, kept: str) -> None:
    async with running_gateway(agencies([], failing=failing)) as gateway:
        status, body = await gateway.query(QUERY, {"t": "Chaufför med C-körkort"})
    assert status == 200
    match = body["data"]["matchExperience"]
    assert match[nulled] is None and match[kept]
    (error,) = body["errors"]
    assert error["path"] == ["matchExperience", nulled]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE" and error["extensions"]["source"] == source


async def test_a_failing_taxonomy_keeps_the_labels() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.host == "taxonomy.api.jobtechdev.se":
            return httpx.Response(503)
        return enrichments_answer(request)

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query('query($t: String!) { matchExperience(text: $t) { skills { label skill { id } } '
                                      "} }", {"t": "Chaufför med C-körkort"})
    assert [s["label"] for s in body["data"]["matchExperience"]["skills"]] == ["Distribution", "C-körkort"]
    assert {e["extensions"]["source"] for e in body["errors"]} == {"taxonomy"}


@pytest.mark.parametrize(("variables", "argument", "message"), [
    ({"t": "x" * 101}, "text", "`text` is 101 characters long; at most 100 are allowed (KLLGRAPH_MAX_EXPERIENCE_TEXT)"),
    ({"t": " \n "}, "text", "`text` is empty"),
    ({"t": "Vårdbiträde", "n": 0}, "first", "`first` must be between 1 and 50, not 0"),
    ({"t": "Vårdbiträde", "n": 51}, "first", "`first` must be between 1 and 50, not 51"),
])
async def test_bad_input_names_the_argument_without_echoing_the_text(
        variables: dict[str, object], argument: str, message: str) -> None:
    seen: list[httpx.Request] = []
    settings = make_settings(max_experience_text=100)
    async with running_gateway(agencies(seen), settings=settings) as gateway:
        _, body = await gateway.query("query($t: String!, $n: Int) { matchExperience(text: $t) { "
                                      "occupations(first: $n) { label } } }", variables)
    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert error["message"].startswith(message) and "xxxxx" not in error["message"]
    assert not [r for r in seen if r.url.host != "taxonomy.api.jobtechdev.se"]


async def test_a_text_longer_than_the_string_limit_is_fine_up_to_its_own() -> None:
    # The general 1,000-character limit on string arguments does not apply: a CV paragraph is longer.
    seen: list[httpx.Request] = []
    async with running_gateway(agencies(seen)) as gateway:
        _, body = await gateway.query("query($t: String!) { matchExperience(text: $t) { skills { label } } }",
                                      {"t": "Chaufför med C-körkort. " * 200})
    assert "errors" not in body, body
    assert len(json.loads(seen[0].content)["documents_input"][0]["doc_text"]) == 24 * 200


@pytest.mark.parametrize("query", [
    '{ matchExperience(text: "Tio år som vårdbiträde") { skills { label } } }',
    "query Q { ...F } fragment F on Query { matchExperience(text: \"x\") { skills { label } } }",
])
async def test_get_is_refused_naming_post(query: str) -> None:
    seen: list[httpx.Request] = []
    async with running_gateway(agencies(seen)) as gateway:
        response = await gateway.client.get("/graphql", params={"query": query},
                                            headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"} and "POST" in error["message"]
    assert "vårdbiträde" not in error["message"].casefold()
    assert seen == []


async def test_the_answer_tells_every_cache_not_to_store_it() -> None:
    async with running_gateway(agencies([])) as gateway:
        response = await gateway.client.post("/graphql", json={"query": QUERY, "variables": {"t": "Chaufför"}},
                                             headers={"accept": GRAPHQL_RESPONSE})
        other = await gateway.client.post("/graphql", json={"query": '{ occupation(id: "4zLr_jP5_peZ") { label } }'},
                                          headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers
    assert "cache-control" not in other.headers and "etag" in other.headers  # other POST answers as before
