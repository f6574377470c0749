"""Vinnova open data: `/projekt/{date}` and `/projekt/{id},{id}...` with at most 20 ids per request (§8)."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway.connectors.vinnova.models import Project

from ...conftest import REPO
from ..harness import running_gateway

WORLD = REPO / "tools/snapshot_world/research"


def swecris_with_vinnova_projects(count: int) -> list[dict[str, object]]:
    base = json.loads((WORLD / "swecris_projects.json").read_text(encoding="utf-8"))[5]  # 2022-01624_Vinnova
    return [dict(base, projectId=f"2023-{i:05d}_Vinnova") for i in range(1, count + 1)]


async def test_more_than_twenty_ids_are_split_into_chunks_of_twenty() -> None:
    vinnova_requests: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.host == "swecris-api.vr.se":
            return httpx.Response(200, json=swecris_with_vinnova_projects(45))
        vinnova_requests.append(request)
        ids = request.url.path.removeprefix("/api/projekt/").split(",")
        return httpx.Response(200, json=[{"Diarienummer": i, "Ärenderubrik": f"Projekt {i}", "Projektreferat": None}
                                          for i in ids])

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query(
            '{ innovationProjects(organisationNumber: "2021003054", first: 45) { totalCount edges { node { id title '
            'source { name } } } } }'
        )
    assert "errors" not in body, body
    edges = body["data"]["innovationProjects"]["edges"]
    assert len(edges) == 45 and all(e["node"]["source"]["name"] == "vinnova" for e in edges)
    assert edges[0]["node"]["title"] == f"Projekt {edges[0]['node']['id']}"
    assert len(vinnova_requests) == 3
    chunks = [r.url.path.removeprefix("/api/projekt/").split(",") for r in vinnova_requests]
    assert sorted(len(c) for c in chunks) == [5, 20, 20]
    assert all(r.url.host == "data.vinnova.se" and r.method == "GET" and not r.url.query for r in vinnova_requests)


async def test_changed_since_request_shape() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=json.loads((WORLD / "vinnova_projects.json").read_text(encoding="utf-8")))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query(
            '{ innovationProjects(changedSince: "2026-01-01", first: 3) { totalCount edges { node { id } } } }'
        )
    assert "errors" not in body, body
    assert [str(r.url) for r in seen] == ["https://data.vinnova.se/api/projekt/2026-01-01"]
    assert body["data"]["innovationProjects"]["totalCount"] == 5


def test_project_record_with_swedish_field_names_parses() -> None:
    record = {"Diarienummer": "2015-02516", "Ärenderubrik": "CEBOT - Certificate Enrollment", "BeviljatBidrag": 2168728,
              "ProjektStart": "2015-09-01T00:00:00", "ProjektSlut": "2017-06-30T00:00:00", "Status": "Avslutat",
              "KoordinatorOrg": "RISE SICS AB", "LankLista": [{"Beskrivning": "", "URL": ""}],
              "Projektreferat": None}  # every record carries every key (the R client prints 20 per project), null here
    project = Project.model_validate(record)
    assert project.title_sv == "CEBOT - Certificate Enrollment"
    assert project.KoordinatorOrg == "RISE SICS AB"
