"""JobSearch /search and /ad/{id}, and the Taxonomy GraphQL mirror queries, over tools/snapshot_world/jobtech."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from ._base import Emulator, load_world


class JobSearchEmulator:
    host = "jobsearch.api.jobtechdev.se"

    def __init__(self) -> None:
        ads: list[dict[str, Any]] = load_world("jobtech", "jobsearch_ads.json")
        # JobSearch sorts by relevance by default; without a query we order newest first.
        self.ads = sorted(ads, key=lambda ad: (ad["publication_date"], ad["id"]), reverse=True)

    @staticmethod
    def matches(ad: dict[str, Any], params: httpx.QueryParams) -> bool:
        def concept(item: dict[str, Any] | None) -> str | None:
            return item.get("concept_id") if item else None

        address = ad.get("workplace_address") or {}
        checks: dict[str, Callable[[], set[str | None]]] = {
            "occupation-name": lambda: {concept(ad.get("occupation"))},
            "occupation-group": lambda: {concept(ad.get("occupation_group"))},
            "occupation-field": lambda: {concept(ad.get("occupation_field"))},
            "municipality": lambda: {address.get("municipality_concept_id")},
            "region": lambda: {address.get("region_concept_id")},
        }
        for name, values_of in checks.items():
            wanted = params.get_list(name)
            if wanted and not values_of() & set(wanted):
                return False
        employers = params.get_list("employer")
        org = (ad.get("employer") or {}).get("organization_number") or ""
        if employers and not any(org.startswith(prefix) for prefix in employers):
            return False
        after = params.get("published-after")
        if after and ad["publication_date"] <= after:
            return False
        q = params.get("q")
        if q:
            text = " ".join([ad.get("headline") or "", (ad.get("description") or {}).get("text") or "",
                             (ad.get("employer") or {}).get("name") or ""]).casefold()
            if not all(word.strip('+"').casefold() in text for word in q.split()):
                return False
        return True

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        path, params = request.url.path, request.url.params
        if path == "/search":
            hits = [ad for ad in self.ads if self.matches(ad, params)]
            offset, limit = int(params.get("offset", "0")), int(params.get("limit", "10"))
            return httpx.Response(200, json={
                "total": {"value": len(hits)}, "positions": 0, "query_time_in_millis": 0,
                "result_time_in_millis": 0, "stats": [], "freetext_concepts": {},
                "hits": hits[offset:offset + limit],
            })
        if path.startswith("/ad/"):
            ad_id = path.removeprefix("/ad/")
            for ad in self.ads:
                if ad["id"] == ad_id:
                    return httpx.Response(200, json={k: v for k, v in ad.items() if k != "relevance"})
            return httpx.Response(404, json={"message": "Ad not found"})
        return None


class TaxonomyEmulator:
    host = "taxonomy.api.jobtechdev.se"

    def __init__(self) -> None:
        # Answers by operation name: the world files are the responses of the gateway's own mirror queries.
        self.responses = {
            "KllOccupations": load_world("jobtech", "taxonomy_occupations.json"),
            "KllMunicipalities": load_world("jobtech", "taxonomy_municipalities.json"),
            "KllSsykIsco": load_world("jobtech", "taxonomy_ssyk_isco.json"),
            "KllSunLevels": load_world("jobtech", "taxonomy_sun_levels.json"),
            "KllSunFields": load_world("jobtech", "taxonomy_sun_fields.json"),
            "KllSubstitutability": load_world("jobtech", "taxonomy_substitutability.json"),
            "KllSkills": load_world("jobtech", "taxonomy_skills.json"),
            "KllOccupationSkills": load_world("jobtech", "taxonomy_occupation_skills.json"),
            "KllBarometerOccupations": load_world("jobtech", "taxonomy_barometer_occupations.json"),
        }

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        if request.url.path != "/v1/taxonomy/graphql":
            return None
        answer = self.responses.get(json.loads(request.content).get("operationName", ""))
        return httpx.Response(200, json=answer) if answer is not None else None


class HistoricalEmulator:
    """Historical ads `/ad/{id}` and `/search`: ads from historical_ads.json (the search filters them like JobSearch
    plus `historical-from/-to`, inclusive dates, on publication_date); `stats=occupation-name` counts from the
    composed historical_counts.json for the year of `historical-from` (the gateway asks one year per stats search)."""

    host = "historical.api.jobtechdev.se"

    def __init__(self) -> None:
        ads: list[dict[str, Any]] = load_world("jobtech", "historical_ads.json")
        self.ads = sorted(ads, key=lambda ad: (ad["publication_date"], ad["id"]), reverse=True)
        self.counts: dict[str, dict[str, int]] = load_world("jobtech", "historical_counts.json")["counts"]
        occupations = load_world("jobtech", "taxonomy_occupations.json")["data"]["concepts"]
        self.occupations = {o["id"]: o for o in occupations}

    def stats(self, params: httpx.QueryParams) -> httpx.Response:
        year = params.get("historical-from", "")[:4]
        limit = int(params.get("stats.limit", "5"))
        per_occupation = self.counts.get(year, {})
        wanted = params.get_list("occupation-name") or list(per_occupation)
        values = [
            {"term": self.occupations[o]["preferred_label"], "concept_id": o,
             "code": self.occupations[o]["deprecated_legacy_id"], "count": per_occupation[o]}
            for o in wanted if per_occupation.get(o) and o in self.occupations
        ]
        values.sort(key=lambda v: (-int(v["count"]), str(v["concept_id"])))
        return httpx.Response(200, json={
            "total": {"value": sum(int(v["count"]) for v in values)}, "positions": 0, "query_time_in_millis": 0,
            "result_time_in_millis": 0, "stats": [{"type": "occupation-name", "values": values[:limit]}],
            "freetext_concepts": {}, "hits": [],
        })

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        if request.url.path.startswith("/ad/"):
            # `/ad/{id}` as JobSearch's (connectors/historical/api.py says the confidence).
            ad_id = request.url.path.removeprefix("/ad/")
            found = next((ad for ad in self.ads if ad["id"] == ad_id), None)
            if found is None:
                return httpx.Response(404, json={"message": "Ad not found"})
            return httpx.Response(200, json={k: v for k, v in found.items() if k != "relevance"})
        if request.url.path != "/search":
            return None
        params = request.url.params
        if params.get("stats") == "occupation-name":
            return self.stats(params)
        start, end = params.get("historical-from"), params.get("historical-to")
        hits = [
            ad for ad in self.ads
            if JobSearchEmulator.matches(ad, params)
            and (not start or ad["publication_date"][:10] >= start) and (not end or ad["publication_date"][:10] <= end)
        ]
        offset, limit = int(params.get("offset", "0")), int(params.get("limit", "10"))
        return httpx.Response(200, json={
            "total": {"value": len(hits)}, "positions": 0, "query_time_in_millis": 0, "result_time_in_millis": 0,
            "stats": [], "freetext_concepts": {}, "hits": hits[offset:offset + limit],
        })


class EnrichmentsEmulator:
    """JobAd Enrichments `POST /enrichtextdocuments`: every term of the composed synonym dictionary
    (enrichment_synonyms.json) found in a document's text becomes a competency candidate (the model itself is not
    emulated, only its answer's shape)."""

    host = "jobad-enrichments-api.jobtechdev.se"

    def __init__(self) -> None:
        self.competencies: list[dict[str, Any]] = load_world("jobtech", "enrichment_synonyms.json")["competencies"]

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        if request.method != "POST" or request.url.path != "/enrichtextdocuments":
            return None
        documents = json.loads(request.content)["documents_input"]
        answers = []
        for document in documents:
            text = str(document.get("doc_text", "")).casefold()
            found = [{"concept_label": c["concept_label"], "term": c["term"], "term_misspelled": False,
                      "prediction": c["prediction"]} for c in self.competencies if c["term"] in text]
            answers.append({"doc_id": document["doc_id"], "doc_headline": document.get("doc_headline", ""),
                            "enriched_candidates": {"occupations": [], "competencies": found, "traits": [],
                                                    "geos": []}})
        return httpx.Response(200, json=answers)


# What this module contributes to the snapshot composer (`emulators.discover`).
EMULATORS: tuple[type[Emulator], ...] = (JobSearchEmulator, TaxonomyEmulator, HistoricalEmulator, EnrichmentsEmulator)
