"""Career moves: `Occupation.substitutes` / `substitutedBy` in the taxonomy's direction, `careerMoves` ranked, with
skills, educations, ads and wage per target at a declared request cost; offline, live against fakes in the real
shapes, failing sources and bad input."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ..harness import CountingTransport, running_gateway, taxonomy_answer, world

NURSE = "bXNH_MNX_dUR"  # Sjuksköterska, grundutbildad
CARE_AIDE = "4zLr_jP5_peZ"  # Vårdbiträde
ASSISTANT = "eU1q_zvL_9Rf"  # Personlig assistent
DEVELOPER = "rQds_YGd_quU"  # Mjukvaruutvecklare: ten substitutes in the world
TEACHER = "iYgm_hfD_Bez"  # Lärare i grundskolan, årskurs 7-9: no substitutes in the world

MOVE = """occupation { id label ssykCode } level sharedSkills { id label } missingSkills { id label }
  educations(first: 5) { edges { node { id } } } jobAds(first: 5) { totalCount } monthlyWage { value unit }
  outlook { regionCode forecast }"""


async def test_substitutes_and_substituted_by_follow_the_taxonomy_direction() -> None:
    query = f"""{{ aide: occupation(id: "{CARE_AIDE}") {{ substitutes {{ level occupation {{ id label }} }} }}
                  assistant: occupation(id: "{ASSISTANT}") {{ substitutedBy {{ level occupation {{ id }} }} }}
                  teacher: occupation(id: "{TEACHER}") {{ substitutes {{ level }} substitutedBy {{ level }} }} }}"""
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(query)
    assert status == 200 and "errors" not in body, body
    data = body["data"]
    # Real taxonomy data (PROVENANCE.md, [SUBST]): a Vårdbiträde can fill a Personlig assistent's vacancy (75), so
    # the assistant's vacancies are `substitutedBy` the aide, at the same level.
    moves = [(m["occupation"]["id"], m["level"]) for m in data["aide"]["substitutes"]]
    assert (ASSISTANT, "HIGH") in moves and (CARE_AIDE, "HIGH") in [
        (m["occupation"]["id"], m["level"]) for m in data["assistant"]["substitutedBy"]]
    levels = [level for _, level in moves]
    assert levels == sorted(levels, key=["HIGH", "LOW"].index)
    for level in ("HIGH", "LOW"):
        labels = [m["occupation"]["label"] for m in data["aide"]["substitutes"] if m["level"] == level]
        assert labels == sorted(labels, key=str.casefold)
    assert data["teacher"] == {"substitutes": [], "substitutedBy": []}


def _rank_key(move: dict[str, Any]) -> tuple[int, float, str]:
    shared, missing = len(move["sharedSkills"]), len(move["missingSkills"])
    share = shared / (shared + missing) if shared + missing else 0.0
    return (move["level"] != "HIGH", -share, move["occupation"]["label"].casefold())


async def test_career_moves_are_ranked_as_documented_with_the_skill_gap() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(
            f'{{ careerMoves(from: "{NURSE}") {{ {MOVE} }} occupation(id: "{NURSE}") {{ skills {{ skill {{ id }} }} '
            "substitutes { occupation { id } } } }")
    assert status == 200 and "errors" not in body, body
    moves = body["data"]["careerMoves"]
    origin = body["data"]["occupation"]
    assert {m["occupation"]["id"] for m in moves} == {s["occupation"]["id"] for s in origin["substitutes"]}
    assert moves == sorted(moves, key=_rank_key)
    have = {s["skill"]["id"] for s in origin["skills"]}
    for move in moves:
        assert {s["id"] for s in move["sharedSkills"]} <= have
        assert not {s["id"] for s in move["missingSkills"]} & have
    geriatric = next(m for m in moves if m["occupation"]["label"] == "Geriatriksjuksköterska")
    assert {s["label"] for s in geriatric["missingSkills"]} >= {"Demensvård", "Specialistsjuksköterskeexamen"}
    assert "Legitimation som sjuksköterska" in {s["label"] for s in geriatric["sharedSkills"]}


async def test_career_moves_answer_offline_for_five_occupations_with_two_targets_or_more() -> None:
    occupations = world("taxonomy_occupations.json")["data"]["concepts"]
    answered = {}
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for concept in occupations:
            if concept["deprecated"]:
                continue
            status, body = await gateway.query(
                "query($id: ID!) { careerMoves(from: $id) { " + MOVE + " } }", {"id": concept["id"]})
            assert status == 200 and "errors" not in body, (concept["id"], body)
            if len(body["data"]["careerMoves"]) >= 2:
                answered[concept["preferred_label"]] = len(body["data"]["careerMoves"])
    assert len(answered) >= 5, answered


async def test_ten_targets_cost_a_declared_number_of_requests() -> None:
    # Levels count field names from the root: careerMoves=1, its fields=2. Declared in the field's description: the
    # taxonomy mirrors (at most 4, none when preloaded), one JobSearch and one JobEd request per target, one SCB wage
    # table (its /config and metadata included) for all targets.
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(f'{{ careerMoves(from: "{DEVELOPER}", first: 10) {{ {MOVE} }} }}')
        calls = dict(gateway.calls_by_level)
    assert status == 200 and "errors" not in body, body
    assert len(body["data"]["careerMoves"]) == 10
    assert calls == {
        ("taxonomy", "graphql", 1): 4,  # occupations, substitutability, skills, occupation skills
        ("taxonomy", "graphql", 2): 1,  # barometer occupations (the outlook's join)
        ("jobsearch", "search", 2): 10,
        ("jobed", "educations-match-by-occupation", 2): 10,
        ("scb", "config", 2): 1, ("scb", "metadata", 2): 1, ("scb", "data", 2): 1,
    }  # and no Yrkesbarometer download: no barometer occupation relates to these ten targets


async def test_the_outlook_of_all_targets_costs_one_file() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(f'{{ careerMoves(from: "{CARE_AIDE}") {{ occupation {{ id }} '
                                           "outlook { regionCode recruitmentSituation } } }")
        calls = dict(gateway.calls_by_level)
    assert status == 200 and "errors" not in body, body
    outlooks = {m["occupation"]["id"]: m["outlook"] for m in body["data"]["careerMoves"]}
    assert outlooks[ASSISTANT] is not None and outlooks[ASSISTANT]["regionCode"] == "00"
    assert sum(1 for o in outlooks.values() if o is None) >= 1  # no barometer row: null, never a guess
    assert [n for (source, _, _), n in calls.items() if source == "yrkesbarometer"] == [1]


async def test_a_preloaded_taxonomy_costs_no_taxonomy_request() -> None:
    counting = CountingTransport(httpx.MockTransport(taxonomy_answer))
    settings_overrides = {"preload_metadata": True}
    from ..harness import make_settings

    async with running_gateway(counting, settings=make_settings(**settings_overrides)) as gateway:
        before = len(counting.requests)
        status, body = await gateway.query(f'{{ careerMoves(from: "{NURSE}") {{ level sharedSkills {{ id }} }} }}')
        after = len(counting.requests)
    assert status == 200 and "errors" not in body, body
    assert after == before  # every mirror it reads was loaded at startup


def _ads_and_taxonomy(seen: list[httpx.Request]) -> httpx.MockTransport:
    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "taxonomy.api.jobtechdev.se":
            return taxonomy_answer(request)
        assert request.url.host == "jobsearch.api.jobtechdev.se" and request.url.path == "/search"
        return httpx.Response(200, json={"total": {"value": 0}, "positions": 0, "query_time_in_millis": 0,
                                         "result_time_in_millis": 0, "stats": [], "freetext_concepts": {},
                                         "hits": []})

    return httpx.MockTransport(upstream)


async def test_job_ads_of_a_move_are_searched_in_the_county_asked_for() -> None:
    seen: list[httpx.Request] = []
    async with running_gateway(_ads_and_taxonomy(seen)) as gateway:
        status, body = await gateway.query(
            f'{{ careerMoves(from: "{CARE_AIDE}", region: "01", first: 2) {{ occupation {{ id }} '
            "jobAds(first: 3) { totalCount } } }")
    assert status == 200 and "errors" not in body, body
    searches = [r for r in seen if r.url.path == "/search"]
    targets = {m["occupation"]["id"] for m in body["data"]["careerMoves"]}
    assert {r.url.params["occupation-name"] for r in searches} == targets
    stockholms_lan = next(m["broader"][0]["id"] for m in world("taxonomy_municipalities.json")["data"]["concepts"]
                          if m["broader"][0]["national_nuts_level_3_code_2019"] == "01")
    assert {r.url.params["region"] for r in searches} == {stockholms_lan}


async def test_a_failing_skill_mirror_keeps_the_moves_and_names_the_source() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        return taxonomy_answer(request, {"KllOccupationSkills": httpx.Response(500)})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        status, body = await gateway.query(
            f'{{ careerMoves(from: "{NURSE}") {{ occupation {{ label }} level sharedSkills {{ id }} }} }}')
    assert status == 200
    moves = body["data"]["careerMoves"]
    assert len(moves) == 6 and all(m["sharedSkills"] is None for m in moves)
    assert [m["level"] for m in moves] == sorted((m["level"] for m in moves), key=["HIGH", "LOW"].index)
    assert {e["extensions"]["source"] for e in body["errors"]} == {"taxonomy"}
    assert {e["path"][-1] for e in body["errors"]} == {"sharedSkills"}


async def test_a_failing_substitutability_mirror_nulls_only_the_moves() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        return taxonomy_answer(request, {"KllSubstitutability": httpx.Response(503)})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        status, body = await gateway.query(f'{{ occupation(id: "{NURSE}") {{ label substitutes {{ level }} }} '
                                           f'careerMoves(from: "{NURSE}") {{ level }} }}')
    assert status == 200
    assert body["data"] == {"occupation": {"label": "Sjuksköterska, grundutbildad", "substitutes": None},
                            "careerMoves": None}
    assert {(e["extensions"]["code"], e["extensions"]["source"]) for e in body["errors"]} == {
        ("UPSTREAM_UNAVAILABLE", "taxonomy")}


@pytest.mark.parametrize(("arguments", "argument"), [
    ('from: "nurse"', "from"),
    (f'from: "{NURSE}", region: "1"', "region"),
    (f'from: "{NURSE}", first: 51', "first"),
    (f'from: "{NURSE}", first: -1', "first"),
])
async def test_bad_input_is_refused_before_any_request(arguments: str, argument: str) -> None:
    seen: list[httpx.Request] = []
    async with running_gateway(_ads_and_taxonomy(seen)) as gateway:
        _, body = await gateway.query(f"{{ careerMoves({arguments}) {{ level }} }}")
    assert body["data"] == {"careerMoves": None}
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert seen == []


async def test_an_unknown_occupation_has_no_moves_and_a_null_first_is_the_default() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, unknown = await gateway.query('{ careerMoves(from: "XXXX_XXX_XXX") { level } }')
        _, default = await gateway.query(f'{{ careerMoves(from: "{DEVELOPER}", first: null) {{ level }} }}')
    assert unknown == {"data": {"careerMoves": None}, "extensions": unknown["extensions"]}
    assert len(default["data"]["careerMoves"]) == 10


def test_the_cost_estimate_counts_each_target() -> None:
    from graphql import OperationDefinitionNode, parse

    from kllgraph_gateway._limits import estimate_cost
    from kllgraph_gateway._schema import build_schema

    schema = build_schema()._schema

    def cost(query: str) -> dict[str, int]:
        document = parse(query)
        operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
        return dict(estimate_cost(schema, document, operation, {}, max_page_size=100))

    assert cost(f'{{ careerMoves(from: "{NURSE}") {{ {MOVE} }} }}') == {"CareerMove": 1, "Education": 10,
                                                                        "JobAd": 10}
    assert cost(f'{{ careerMoves(from: "{NURSE}", first: 30) {{ jobAds {{ totalCount }} }} }}')["JobAd"] == 30


async def test_thirty_targets_with_their_ads_are_too_costly() -> None:
    async with running_gateway(_ads_and_taxonomy([])) as gateway:
        status, body = await gateway.query(f'{{ careerMoves(from: "{NURSE}", first: 30) {{ jobAds {{ totalCount }} '
                                           "} }")
    assert status == 400 and json.dumps(body).count("QUERY_TOO_COSTLY") == 1
