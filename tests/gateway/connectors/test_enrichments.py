"""JobAd Enrichments: the request JobTech's own ad importer sends (H), the answer it reads, and that a person's
text is never cached: every call goes upstream."""

from __future__ import annotations

import json

import httpx
import pytest

from kllgraph_gateway._errors import UpstreamBadPayload
from kllgraph_gateway.connectors.enrichments import api, probe

from ..harness import make_settings, running_gateway

# The enriched candidates of a real ad (JobTech Links data, quoted in code-index id 53123998024), in the answer's
# documented envelope (one document per input, `doc_id` echoed).
REAL_CANDIDATES = {
    "occupations": [{"concept_label": "Chaufför", "term": "chaufförer", "term_misspelled": False,
                     "prediction": 0.9211942852}],
    "competencies": [{"concept_label": "C-körkort", "term": "c-körkort", "term_misspelled": False,
                      "prediction": 0.26444304},
                     {"concept_label": "Distribution", "term": "distribution", "term_misspelled": False,
                      "prediction": 0.702268302}],
    "traits": [],
    "geos": [{"concept_label": "Stockholm", "term": "stockholm", "term_misspelled": False,
              "prediction": 0.0258860588}],
}


def answer(request: httpx.Request) -> httpx.Response:
    documents = json.loads(request.content)["documents_input"]
    return httpx.Response(200, json=[{"doc_id": d["doc_id"], "doc_headline": d["doc_headline"],
                                      "enriched_candidates": REAL_CANDIDATES} for d in documents])


async def test_the_importers_request_and_the_real_answer() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    text = "Chaufförer med C-körkort till distribution i Stockholm"
    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("enrichments")
        document = await api.enrich_text(client, text)
        await api.enrich_text(client, text)
    assert len(seen) == 2  # never cached: the same text is asked again
    request = seen[0]
    assert (request.method, str(request.url)) == ("POST", "https://jobad-enrichments-api.jobtechdev.se/"
                                                          "enrichtextdocuments")
    assert "api-key" not in request.headers  # no key set: none sent (current clients call without one, M+)
    assert json.loads(request.content) == {
        "documents_input": [{"doc_id": "1", "doc_headline": "", "doc_text": text}],
        "include_terms_info": True, "include_sentences": False, "sort_by_prediction_score": "NOT_SORTED"}
    assert document is not None
    labels = [(c.concept_label, c.prediction) for c in document.enriched_candidates.competencies]
    assert labels == [("C-körkort", 0.26444304), ("Distribution", 0.702268302)]


async def test_a_token_is_sent_as_the_api_key_header() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    settings = make_settings(source_tokens={"swecris": "t", "enrichments": "the-key"})
    async with running_gateway(httpx.MockTransport(upstream), settings=settings) as gateway:
        await api.enrich_text(gateway.upstream.client("enrichments"), "text")
    assert seen[0].headers["api-key"] == "the-key"


@pytest.mark.parametrize("payload", [{}, [{"doc_id": "1"}], [{"doc_id": "1", "enriched_candidates": {
    "competencies": [{"term": "no label"}]}}]])
async def test_a_drifted_answer_is_a_bad_payload(payload: object) -> None:
    async with running_gateway(httpx.MockTransport(lambda r: httpx.Response(200, json=payload))) as gateway:
        with pytest.raises(UpstreamBadPayload) as caught:
            await api.enrich_text(gateway.upstream.client("enrichments"), "text")
    assert caught.value.source == "enrichments"


async def test_the_doctor_probe_sends_no_personal_text() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        line = await probe(gateway.upstream.client("enrichments"))
    assert json.loads(seen[0].content)["documents_input"][0]["doc_text"].startswith("Vi söker")  # a job ad's words
    assert line == "POST /enrichtextdocuments (one probe sentence): 2 competencies"
