"""DIGG's EntryScape registry (/store/search, /store/{ctx}/metadata/{entry}) over tools/snapshot_world/dataportal.

Understands the Solr queries the gateway builds (kllgraph_gateway.connectors.dataportal.api), nothing more.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from ._base import Emulator, load_world

_PUBLISHER = re.compile(r"metadata\.predicate\.uri\.9259d4c1:((?:\\.|[^\s)])+)")
_RESOURCE = re.compile(r"resource:((?:\\.|[^\s)])+)")
_TEXT = re.compile(r"title:\(([^)]*)\)")
DCT = "http://purl.org/dc/terms/"


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


class DataportalEmulator:
    host = "admin.dataportal.se"

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = load_world("dataportal", "entries.json")

    @staticmethod
    def _resource(entry: dict[str, Any]) -> str:
        info = next(iter(entry["info"].values()))
        value: str = info["http://entrystore.org/terms/resource"][0]["value"]
        return value

    @staticmethod
    def _public(entry: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in entry.items() if k != "rdfType"}

    def _modified(self, entry: dict[str, Any]) -> str:
        props = entry["metadata"].get(self._resource(entry), {})
        values = props.get(DCT + "modified") or [{"value": ""}]
        return str(values[0]["value"])

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        path, params = request.url.path, request.url.params
        if path == "/store/search":
            query = params.get("query", "")
            resources = {_unescape(m) for m in _RESOURCE.findall(query)}
            if resources:
                hits = [e for e in self.entries if self._resource(e) in resources]
            else:
                hits = [e for e in self.entries if e["rdfType"] == "dataset"]
                publishers = {_unescape(m) for m in _PUBLISHER.findall(query)}
                if publishers:
                    hits = [e for e in hits if any(
                        v["value"] in publishers
                        for v in e["metadata"].get(self._resource(e), {}).get(DCT + "publisher", []))]
                text = _TEXT.search(query)
                if text:
                    words = [_unescape(w).casefold() for w in text.group(1).split(" AND ")]
                    hits = [e for e in hits if all(w in str(e["metadata"]).casefold() for w in words)]
                hits = sorted(hits, key=self._modified, reverse=True)
            offset, limit = int(params.get("offset", "0")), int(params.get("limit", "50"))
            return httpx.Response(200, json={
                "offset": offset, "results": len(hits),
                "resource": {"children": [self._public(e) for e in hits[offset:offset + limit]]},
            })
        match = re.fullmatch(r"/store/(\d+)/metadata/(\d+)", path)
        if match:
            for entry in self.entries:
                if (entry["contextId"], entry["entryId"]) == match.groups():
                    return httpx.Response(200, json=entry["metadata"])
            return httpx.Response(404, json={"message": "No such entry"})
        return None


# What this module contributes to the snapshot composer (`emulators.discover`).
EMULATORS: tuple[type[Emulator], ...] = (DataportalEmulator,)
