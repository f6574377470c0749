"""Susa-navet 1.1 (/events, /infos, /providers) and JobEd Connect match-by-occupation over
tools/snapshot_world/educations (see its PROVENANCE.md for what is real and what is composed)."""

from __future__ import annotations

from typing import Any

import httpx

from ._base import load_world

_PREFIX = "/api/1.1"


def _documents(kind: str, items: list[dict[str, Any]], params: httpx.QueryParams) -> dict[str, Any]:
    """The Susa-navet list envelope (M; see connectors/susanavet/models.py), paged by 0-based `page` and `size`."""
    page, size = int(params.get("page", "0")), int(params.get("size", "20"))
    chunk = items[page * size:(page + 1) * size]
    return {
        "links": [],
        "content": [{"content": {kind: item}, "links": []} for item in chunk],
        "page": {"size": size, "totalElements": len(items), "totalPages": -(-len(items) // size) if size else 0,
                 "number": page},
    }


def _ids(params: httpx.QueryParams) -> set[str]:
    return {value for joined in params.get_list("id") for value in joined.split(",") if value}


class SusaNavetEmulator:
    host = "susanavet2.skolverket.se"

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = load_world("educations", "susanavet_events.json")
        self.infos: list[dict[str, Any]] = load_world("educations", "susanavet_infos.json")
        self.providers: list[dict[str, Any]] = load_world("educations", "susanavet_providers.json")
        self.info_by_id = {info["identifier"]: info for info in self.infos}

    def _event_matches(self, event: dict[str, Any], params: httpx.QueryParams) -> bool:
        ids = _ids(params)
        if ids and event["identifier"] not in ids:
            return False
        municipalities = {c for joined in params.get_list("municipality") for c in joined.split(",")}
        if municipalities and not any(loc.get("municipalityCode") in municipalities for loc in event["location"]):
            return False
        form = params.get("organisationForm")
        info = self.info_by_id.get(event.get("education") or "", {})
        if form and (info.get("form") or {}).get("code") != form:
            return False
        name = (params.get("name") or "").casefold()
        title = " ".join(s["content"] for s in event["title"]["string"]).casefold()
        return not name or name in title

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        path, params = request.url.path, request.url.params
        if not path.startswith(_PREFIX):
            return None
        path = path.removeprefix(_PREFIX)
        if path == "/events":
            hits = [e for e in self.events if self._event_matches(e, params)]
            return httpx.Response(200, json=_documents("educationEvent", hits, params))
        if path == "/infos":
            ids = _ids(params)
            # `id` takes info ids, or a provider id for that provider's educations (as clients use it).
            offered = {e["education"] for e in self.events if set(e["provider"]) & ids}
            hits = [i for i in self.infos if i["identifier"] in ids or i["identifier"] in offered]
            return httpx.Response(200, json=_documents("educationInfo", hits, params))
        if path.startswith("/infos/"):
            info = self.info_by_id.get(path.removeprefix("/infos/"))
            if info is None:
                return httpx.Response(404, json={"message": "Not found"})
            return httpx.Response(200, json={"content": {"educationInfo": info}, "links": []})
        if path == "/providers":
            ids = _ids(params)
            hits = [p for p in self.providers if p["identifier"] in ids]
            return httpx.Response(200, json=_documents("educationProvider", hits, params))
        return None


class JobEdEmulator:
    host = "jobed-connect-api.jobtechdev.se"

    def __init__(self) -> None:
        self.links: dict[str, list[str]] = load_world("educations", "jobed_occupation_educations.json")
        susa = SusaNavetEmulator()
        providers = {p["identifier"]: p["name"]["string"][0]["content"] for p in susa.providers}
        self.hits: dict[str, dict[str, Any]] = {}
        for info in susa.infos:
            events = [e for e in susa.events if e["education"] == info["identifier"]]
            self.hits[info["identifier"]] = {
                "id": info["identifier"],
                "code": info.get("code"),
                "education_title": info["title"]["string"][0]["content"],
                "education_description": None,
                "education_form": info["form"]["code"],
                "education_type": info["configuration"]["code"],
                "education_provider_name": providers.get(events[0]["provider"][0]) if events else None,
                "eventSummary": {
                    "distance": False,
                    "paceOfStudyPercentage": sorted({e["paceOfStudy"]["percentage"] for e in events}),
                    "municipalityCode": sorted({loc["municipalityCode"] for e in events for loc in e["location"]}),
                    "executions": [{"start": e["execution"]["start"][:10], "end": e["execution"]["end"][:10]}
                                   for e in events],
                },
            }

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        if request.method != "POST" or request.url.path != "/v1/educations/match-by-occupation":
            return None
        params = request.url.params
        occupation = params.get("occupation_id", "")
        offset, limit = int(params.get("offset", "0")), int(params.get("limit", "10"))
        hits = [self.hits[i] for i in self.links.get(occupation, []) if i in self.hits]
        return httpx.Response(200, json={"hits": hits[offset:offset + limit]})
