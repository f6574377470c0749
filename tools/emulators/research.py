"""SweCRIS and Vinnova open data over tools/snapshot_world/research (composition time only)."""

from __future__ import annotations

import re
from typing import Any

import httpx

from ._base import Emulator, load_world

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SwecrisEmulator:
    host = "swecris-api.vr.se"

    def __init__(self) -> None:
        self.projects: list[dict[str, Any]] = load_world("research", "swecris_projects.json")
        self.organisations: list[dict[str, Any]] = load_world("research", "swecris_organisations.json")

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        path = request.url.path
        if path == "/v1/organisations":
            return httpx.Response(200, json=self.organisations)
        if path.startswith("/v1/projects/organisations/"):
            org_id = path.removeprefix("/v1/projects/organisations/")
            return httpx.Response(200, json=[p for p in self.projects if p["coordinatingOrganisationId"] == org_id])
        if path.startswith("/v1/projects/"):
            project_id = path.removeprefix("/v1/projects/")
            for project in self.projects:
                if project["projectId"] == project_id:
                    return httpx.Response(200, json=project)
            return httpx.Response(404, json={"message": "Not found"})
        return None


class VinnovaEmulator:
    host = "data.vinnova.se"

    def __init__(self) -> None:
        self.records: dict[str, list[dict[str, Any]]] = {
            "projekt": load_world("research", "vinnova_projects.json"),
            "utlysningar": load_world("research", "vinnova_calls.json"),
        }

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        parts = request.url.path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "api" or parts[1] not in self.records:
            return None
        records, key = self.records[parts[1]], parts[2]
        if _DATE.match(key):
            # The world holds no change dates; every record counts as changed since any date.
            return httpx.Response(200, json=records)
        ids = key.split(",")
        if len(ids) > 20:
            return httpx.Response(400, json={"message": "at most 20 ids"})
        return httpx.Response(200, json=[r for r in records if r["Diarienummer"] in ids])


# What this module contributes to the snapshot composer (`emulators.discover`).
EMULATORS: tuple[type[Emulator], ...] = (SwecrisEmulator, VinnovaEmulator)
