"""JobEd Connect: the match-by-occupation request shape (agency-apis.md §1.4, client code) and payload parsing."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway.connectors.jobed import api

from ..harness import running_gateway

# Shaped like the client interface `IEducationsApiResult` (code-index 4208029370) plus the eventSummary fields two
# other clients read (municipalityCode, executions).
MATCHES = {"hits": [{
    "id": "i.uoh.uu.kll.vss", "code": "VSS", "education_title": "Sjuksköterskeprogrammet",
    "education_description": "", "education_form": "högskoleutbildning", "education_type": "program",
    "education_provider_name": "Uppsala universitet",
    "eventSummary": {"distance": False, "paceOfStudyPercentage": [100], "municipalityCode": ["0380"],
                     "executions": [{"start": "2026-08-31", "end": "2029-06-10"}]},
    "score": 0.9,
}]}


async def test_match_by_occupation_request_shape_and_parse() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=MATCHES)

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        matches = await api.educations_by_occupation(gateway.upstream.client("jobed"), "bXNH_MNX_dUR",
                                                     offset=50, limit=50)
    (request,) = seen
    assert (request.method, request.url.scheme, request.url.host, request.url.path) == (
        "POST", "https", "jobed-connect-api.jobtechdev.se", "/v1/educations/match-by-occupation")
    assert list(request.url.params.multi_items()) == [
        ("occupation_id", "bXNH_MNX_dUR"), ("limit", "50"), ("offset", "50"), ("include_metadata", "false")]
    assert request.content == b""  # every argument in the query string, as the clients send it
    assert request.headers["accept"] == "application/json"
    (hit,) = matches.hits
    assert hit.education_title == "Sjuksköterskeprogrammet" and hit.eventSummary is not None
    assert hit.eventSummary.municipalityCode == ["0380"]


# `POST /v1/occupations/match-by-text`, shaped as the clients' `RelatedOccupationsInterface.ts` (zandrastr/
# mi-job-education-matcher-react) and `JobedMatchByTextResponse` (code-index 49438063109) read it.
MATCH_BY_TEXT = {
    "hits_total": 2, "hits_returned": 2,
    "identified_keywords_for_input": {"competencies": ["omvårdnad"], "occupations": ["undersköterska"]},
    "related_occupations": [
        {"id": "bSEB_VKd_Ub3", "occupation_label": "Undersköterska, hemtjänst, äldreboende och habilitering",
         "concept_taxonomy_id": "bSEB_VKd_Ub3", "legacy_ams_taxonomy_id": None,
         "occupation_group": {"occupation_group_label": "Undersköterskor, hemtjänst, hemsjukvård, äldreboende och "
                              "habilitering", "concept_taxonomy_id": "jY19_knH_MJp", "ssyk": "5321"},
         "metadata": {"enriched_ads_count": 1200, "enriched_ads_total_count": 90000,
                      "enriched_ads_percent_of_total": 1.33, "match_score": 0.71}},
        {"id": "4zLr_jP5_peZ", "occupation_label": "Vårdbiträde", "concept_taxonomy_id": "4zLr_jP5_peZ",
         "legacy_ams_taxonomy_id": "7641", "occupation_group": None, "metadata": None},
    ],
}


async def test_match_by_text_sends_the_text_in_the_body_and_never_caches() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=MATCH_BY_TEXT)

    text = "Tio år i hemtjänsten"
    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("jobed")
        matches = await api.occupations_by_text(client, text, limit=50)
        again = await api.occupations_by_text(client, text, limit=50)
    assert len(seen) == 2 and again == matches  # a person's text: asked again, never answered from a cache
    request = seen[0]
    assert (request.method, request.url.path, request.url.query) == ("POST", "/v1/occupations/match-by-text", b"")
    assert json.loads(request.content) == {"input_text": text, "input_headline": "", "limit": 50, "offset": 0,
                                           "include_metadata": True}
    first, second = matches.related_occupations
    assert first.concept_taxonomy_id == "bSEB_VKd_Ub3" and first.metadata and first.metadata.match_score == 0.71
    assert second.metadata is None and second.occupation_group is None
