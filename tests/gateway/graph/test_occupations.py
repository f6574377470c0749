"""The occupation mirror is a cache: an id it lacks (a concept the taxonomy added after the mirror was loaded) is
read by id in one batched request and logged; only an id the taxonomy itself does not know answers null."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

import httpx
import pytest

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ..harness import running_gateway, taxonomy_answer, world

NEW = "NEW1_occ_001"  # a concept added after the mirror was loaded (shaped like the world's concepts)
OTHER_NEW = "NEW2_occ_002"
UNKNOWN = "XXXX_XXX_XXX"


def _added(concept_id: str, label: str) -> dict[str, Any]:
    nurse = next(c for c in world("taxonomy_occupations.json")["data"]["concepts"] if c["id"] == "bXNH_MNX_dUR")
    return {**copy.deepcopy(nurse), "id": concept_id, "preferred_label": label, "deprecated_legacy_id": None}


class Taxonomy(httpx.AsyncBaseTransport):
    """The world's mirror (without the new concepts) and, by id, the new concepts the taxonomy knows now."""

    def __init__(self) -> None:
        self.by_id_requests: list[list[str]] = []
        self.known = {NEW: _added(NEW, "Ny yrkesbenämning"), OTHER_NEW: _added(OTHER_NEW, "Annan ny benämning")}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["operationName"] != "KllOccupationsById":
            return taxonomy_answer(request)
        ids = body["variables"]["ids"]
        self.by_id_requests.append(ids)
        assert 'concepts(id: $ids, type: "occupation-name", include_deprecated: true)' in body["query"]
        return httpx.Response(200, json={"data": {"concepts": [self.known[i] for i in ids if i in self.known]}})


async def test_ids_the_mirror_lacks_are_read_by_id_in_one_batch(caplog: pytest.LogCaptureFixture) -> None:
    taxonomy = Taxonomy()
    caplog.set_level(logging.INFO, logger="kllgraph_gateway.graph.occupations")
    async with running_gateway(taxonomy) as gateway:
        status, body = await gateway.query(
            f'{{ new: occupation(id: "{NEW}") {{ id label ssykCode }} other: occupation(id: "{OTHER_NEW}") {{ label }}'
            f' unknown: occupation(id: "{UNKNOWN}") {{ id }} mirrored: occupation(id: "bXNH_MNX_dUR") {{ label }} }}')
    assert status == 200 and "errors" not in body, body
    assert body["data"] == {"new": {"id": NEW, "label": "Ny yrkesbenämning", "ssykCode": "2221"},
                            "other": {"label": "Annan ny benämning"}, "unknown": None,
                            "mirrored": {"label": "Sjuksköterska, grundutbildad"}}
    assert taxonomy.by_id_requests == [sorted([NEW, OTHER_NEW, UNKNOWN])]  # one batch for every miss
    assert any("mirror lacks 3 id(s)" in r.getMessage() and NEW in r.getMessage() for r in caplog.records)


async def test_an_ads_occupation_added_after_the_mirror_loaded_is_joined() -> None:
    taxonomy = Taxonomy()
    ads = world("jobsearch_ads.json")[:2]
    ads[0]["occupation"] = {**ads[0]["occupation"], "concept_id": NEW, "label": "Ny yrkesbenämning"}

    class Upstream(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.host == "taxonomy.api.jobtechdev.se":
                return await taxonomy.handle_async_request(request)
            return httpx.Response(200, json={"total": {"value": 2}, "positions": 0, "query_time_in_millis": 0,
                                             "result_time_in_millis": 0, "stats": [], "freetext_concepts": {},
                                             "hits": ads})

    async with running_gateway(Upstream()) as gateway:
        status, body = await gateway.query("{ jobAds(first: 2) { edges { node { occupation { id label } } } } }")
    assert status == 200 and "errors" not in body, body
    occupations = [e["node"]["occupation"] for e in body["data"]["jobAds"]["edges"]]
    assert occupations[0] == {"id": NEW, "label": "Ny yrkesbenämning"}
    assert occupations[1] is not None and occupations[1]["id"] == ads[1]["occupation"]["concept_id"]
    assert taxonomy.by_id_requests == [[NEW]]


async def test_offline_an_id_the_snapshot_does_not_know_is_null() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(f'{{ occupation(id: "{UNKNOWN}") {{ id }} }}')
    assert status == 200 and body["data"] == {"occupation": None} and "errors" not in body
