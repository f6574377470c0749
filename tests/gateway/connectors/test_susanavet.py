"""Susa-navet 1.1: request shapes (agency-apis.md §5; page/size paging, comma-list filters) and payload parsing."""

from __future__ import annotations

import json
from typing import Any

import httpx

from kllgraph_gateway.connectors.susanavet import api
from kllgraph_gateway.connectors.susanavet.models import Documents

from ...conftest import REPO
from ..harness import running_gateway

WORLD = REPO / "tools" / "snapshot_world" / "educations"


def world(name: str) -> Any:
    return json.loads((WORLD / name).read_text(encoding="utf-8"))


def documents(kind: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"links": [], "content": [{"content": {kind: item}, "links": []} for item in items],
            "page": {"size": 100, "totalElements": len(items), "totalPages": 1, "number": 0}}


async def test_events_request_shape() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/events"):
            return httpx.Response(200, json=documents("educationEvent", world("susanavet_events.json")[:2]))
        return httpx.Response(200, json=documents("educationInfo", []))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query(
            '{ educations(municipality: "0180", form: HIGHER_EDUCATION, query: "datalogi", first: 5) '
            "{ totalCount edges { node { id } } } }")
    assert "errors" not in body, body
    request = seen[0]
    assert (request.method, request.url.scheme, request.url.host, request.url.path) == (
        "GET", "https", "susanavet2.skolverket.se", "/api/1.1/events")
    assert list(request.url.params.multi_items()) == [
        ("municipality", "0180"), ("organisationForm", "högskoleutbildning"), ("name", "datalogi"),
        ("page", "0"), ("size", "100"),  # whole 0-based pages of the source's block size
    ]
    assert request.headers["accept"] == "application/json"
    assert body["data"]["educations"]["totalCount"] == 2


async def test_info_and_provider_lookups_batch_ids_into_one_comma_list() -> None:
    seen: list[httpx.Request] = []
    events = world("susanavet_events.json")[:3]

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path.endswith("/events"):
            return httpx.Response(200, json=documents("educationEvent", events))
        if path.endswith("/infos"):
            return httpx.Response(200, json=documents("educationInfo", world("susanavet_infos.json")))
        return httpx.Response(200, json=documents("educationProvider", world("susanavet_providers.json")))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query(
            '{ educations(first: 3) { edges { node { form credits provider { name } } } } }')
    assert "errors" not in body, body
    by_path = {r.url.path: r for r in seen}
    assert len(seen) == 3
    infos = by_path["/api/1.1/infos"].url.params
    assert infos["id"] == ",".join(sorted({e["education"] for e in events}))
    assert (infos["page"], infos["size"]) == ("0", "100")
    assert by_path["/api/1.1/providers"].url.params["id"] == "p.uoh.kth"
    nodes = [edge["node"] for edge in body["data"]["educations"]["edges"]]
    assert nodes[0] == {"form": "HIGHER_EDUCATION", "credits": 7.5, "provider": {"name": "Kungliga Tekniska högskolan"}}


async def test_info_by_id_and_404() -> None:
    info = world("susanavet_infos.json")[0]

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.path == f"/api/1.1/infos/{info['identifier']}":
            return httpx.Response(200, json={"content": {"educationInfo": info}, "links": []})
        return httpx.Response(404, json={"message": "not found"})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("susanavet")
        found = await api.info(client, info["identifier"])
        missing = await api.info(client, "i.sv.does-not-exist")
    assert found is not None and found.content.educationInfo is not None
    assert found.content.educationInfo.title is not None
    assert found.content.educationInfo.title.swedish() == "Grundläggande datalogi"
    assert missing is None


def test_client_shaped_payload_parses() -> None:
    # Shape as a client's model reads it (code-index 35973888720): nested content, LangString lists, page block.
    payload = {
        "links": [{"rel": "next", "href": "https://susanavet2.skolverket.se/api/1.1/events?page=1"}],
        "content": [{"content": {"educationEvent": {
            "identifier": "e.uoh.kth.dd1420.60090.20251", "education": "i.uoh.kth.dd1420.60090.20251",
            "title": {"string": [{"lang": "eng", "content": "Fundamentals"}, {"lang": "swe",
                                                                              "content": "Grundläggande datalogi"}]},
            "execution": {"condition": 1, "start": "2025-01-20T00:00:00", "end": "2025-06-08T00:00:00"},
            "paceOfStudy": {"percentage": 50}, "provider": ["p.uoh.kth"],
            "location": [{"town": "Stockholm", "municipalityCode": "0180"}], "somethingNew": True,
        }}, "links": []}],
        "page": {"size": 1, "totalElements": 7, "totalPages": 7, "number": 0},
    }
    parsed = Documents.model_validate(payload)
    (event,) = parsed.events()
    assert event.title is not None and event.title.swedish() == "Grundläggande datalogi"
    assert event.location[0].municipalityCode == "0180" and parsed.page is not None
    assert parsed.page.totalElements == 7
