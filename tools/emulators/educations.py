"""Susa-navet emil3 (/educationEvents, /educationInfos, /educationProviders, /api-info) and JobEd Connect
match-by-occupation over tools/snapshot_world/educations (see its PROVENANCE.md for what is real and what is
composed). Shapes and parameters follow the official emil3 OpenAPI document (3.0.2)."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from ._base import Emulator, load_world

_PREFIX = "/susa-navet/emil3"
_MAX_SIZE = 2000  # the spec's `size` maximum


def _error(status: int, kind: str, message: str) -> httpx.Response:
    """The spec's ApiErrorResponse."""
    return httpx.Response(status, json={"timestamp": "2026-11-27T12:00:00+01:00", "status": status, "type": kind,
                                        "message": message})


def _resource(item: dict[str, Any]) -> dict[str, Any]:
    # `status`: "ACTIVE" is the only value seen (FINDINGS-2026-11 §1); every world record is active.
    return {"id": item["identifier"], "status": "ACTIVE", "content": item}


def _list(key: str, items: list[dict[str, Any]], page: int, size: int, path: str) -> dict[str, Any]:
    """The emil3 list envelope `{links, <key>: [{id, status, content}], page}`, paged by 0-based page and size."""
    chunk = items[page * size:(page + 1) * size]
    pages = -(-len(items) // size)
    links = [{"rel": "self", "href": f"https://api.skolverket.se{_PREFIX}{path}?page={page}&size={size}"}]
    if page + 1 < pages:
        links.append({"rel": "next", "href": f"https://api.skolverket.se{_PREFIX}{path}?page={page + 1}&size={size}"})
    return {"links": links, key: [_resource(item) for item in chunk],
            "page": {"size": size, "totalElements": len(items), "totalPages": pages, "pageNumber": page}}


class SusaNavetEmulator:
    host = "api.skolverket.se"  # shared with the Skolverket emulator: this one answers only below /susa-navet/emil3

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = load_world("educations", "susanavet_events.json")
        self.infos: list[dict[str, Any]] = load_world("educations", "susanavet_infos.json")
        self.providers: list[dict[str, Any]] = load_world("educations", "susanavet_providers.json")
        self.info_by_id = {info["identifier"]: info for info in self.infos}
        self.by_collection = {
            "educationEvents": {e["identifier"]: e for e in self.events},
            "educationInfos": self.info_by_id,
            "educationProviders": {p["identifier"]: p for p in self.providers},
        }

    def _event_types(self, event: dict[str, Any]) -> set[str]:
        return {self.info_by_id[event["education"]]["type"]["code"]}

    def _provider_types(self, provider: dict[str, Any]) -> set[str]:
        return {code for e in self.events if provider["identifier"] in e["providers"] for code in self._event_types(e)}

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        path, params = request.url.path, request.url.params
        if not path.startswith(_PREFIX) or request.method != "GET":
            return None
        path = path.removeprefix(_PREFIX)
        if path == "/api-info":
            return httpx.Response(200, json={"apiPublisher": "Skolverket", "apiName": "susa-navet",
                                             "apiVersion": "3.0.2", "apiStatus": "active"})
        collection, _, record_id = path.strip("/").partition("/")
        if collection not in self.by_collection:
            return None
        if record_id:
            found = self.by_collection[collection].get(record_id)
            if found is None:
                return _error(404, "Not Found", f"{collection} with id '{record_id}' not found")
            return httpx.Response(200, json=_resource(found))
        try:
            page, size = int(params.get("page", "0")), int(params.get("size", "100"))
        except ValueError:
            return _error(400, "Bad Request", "Constraint violation. 'page' and 'size' must be integers")
        if page < 0 or not 1 <= size <= _MAX_SIZE:
            return _error(400, "Bad Request", f"Constraint violation. 'size' must be between 1 and {_MAX_SIZE}")
        school_types = set(params.get_list("schoolType"))
        if collection == "educationEvents":
            provider = params.get("providerId")
            hits = [e for e in self.events
                    if (not school_types or self._event_types(e) & school_types)
                    and (provider is None or provider in e["providers"])]
        elif collection == "educationInfos":
            hits = [i for i in self.infos if not school_types or i["type"]["code"] in school_types]
        else:
            hits = [p for p in self.providers if not school_types or self._provider_types(p) & school_types]
        return httpx.Response(200, json=_list(collection, hits, page, size, path))


class JobEdEmulator:
    host = "jobed-connect-api.jobtechdev.se"

    def __init__(self) -> None:
        self.links: dict[str, list[str]] = load_world("educations", "jobed_occupation_educations.json")
        self.occupations = [c for c in load_world("jobtech", "taxonomy_occupations.json")["data"]["concepts"]
                            if not c["deprecated"]]
        susa = SusaNavetEmulator()
        providers = {p["identifier"]: p["name"]["strings"][0]["value"] for p in susa.providers}
        # JobEd's `education_form` keeps the Susa-navet 1.1 organisationForm vocabulary (see graph/educations.py).
        forms = {"HS": "högskoleutbildning", "YH": "yrkeshögskoleutbildning", "VUXGY": "vuxenutbildning"}
        self.hits: dict[str, dict[str, Any]] = {}
        for info in susa.infos:
            events = [e for e in susa.events if e["education"] == info["identifier"]]
            self.hits[info["identifier"]] = {
                "id": info["identifier"],
                "code": info.get("code"),
                "education_title": info["title"]["strings"][0]["value"],
                "education_description": None,
                "education_form": forms[info["type"]["code"]],
                "education_type": info["configuration"]["code"],
                "education_provider_name": providers.get(events[0]["providers"][0]) if events else None,
                "eventSummary": {
                    "distance": False,
                    "paceOfStudyPercentage": sorted({e["paceOfStudy"]["percentage"] for e in events}),
                    "municipalityCode": sorted({loc["areaCode"] for e in events for loc in e["locations"]}),
                    "executions": [{"start": e["execution"]["start"], "end": e["execution"]["end"]}
                                   for e in events],
                },
            }

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        if request.method == "POST" and request.url.path == "/v1/occupations/match-by-text":
            return self.match_by_text(json.loads(request.content))
        if request.method != "POST" or request.url.path != "/v1/educations/match-by-occupation":
            return None
        params = request.url.params
        occupation = params.get("occupation_id", "")
        offset, limit = int(params.get("offset", "0")), int(params.get("limit", "10"))
        hits = [self.hits[i] for i in self.links.get(occupation, []) if i in self.hits]
        return httpx.Response(200, json={"hits": hits[offset:offset + limit]})


    def match_by_text(self, body: dict[str, Any]) -> httpx.Response:
        """Composed: the world's live occupations with a word of six letters or more of their label in the text,
        scored by the share of such words found (JobEd's own model is not emulated, only its answer's shape)."""
        text = str(body.get("input_text", "")).casefold()
        related = []
        for concept in self.occupations:
            words = [w for w in re.split(r"[^\wåäö]+", concept["preferred_label"].casefold()) if len(w) >= 6]
            found = [w for w in words if w in text]
            if found:
                group = concept["broader"][0]
                related.append({
                    "id": concept["id"], "occupation_label": concept["preferred_label"],
                    "concept_taxonomy_id": concept["id"], "legacy_ams_taxonomy_id": concept["deprecated_legacy_id"],
                    "occupation_group": {"occupation_group_label": group["preferred_label"],
                                         "concept_taxonomy_id": group["id"], "ssyk": group["ssyk_code_2012"]},
                    "metadata": {"enriched_ads_count": 0, "enriched_ads_total_count": 0,
                                 "enriched_ads_percent_of_total": 0.0,
                                 "match_score": round(len(found) / len(words), 3)},
                })
        related.sort(key=lambda r: (-r["metadata"]["match_score"], r["occupation_label"]))
        limit = int(body.get("limit", 10))
        return httpx.Response(200, json={"hits_total": len(related), "hits_returned": min(limit, len(related)),
                                         "identified_keywords_for_input": {"competencies": [], "occupations": []},
                                         "related_occupations": related[:limit]})


# What this module contributes to the snapshot composer (`emulators.discover`).
EMULATORS: tuple[type[Emulator], ...] = (SusaNavetEmulator, JobEdEmulator)
