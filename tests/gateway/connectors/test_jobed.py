"""JobEd Connect: the match-by-occupation request shape (agency-apis.md §1.4, client code) and payload parsing."""

from __future__ import annotations

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
