"""Susa-navet emil3: request shapes (emil3 paths, `schoolType`/`providerId`, 0-based page + size), payload parsing in
the official spec's shapes, the organisation-number join, probes and refused filters. Live mode against a local
fake in the 2026 shapes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kllgraph_gateway._errors import UpstreamBadPayload
from kllgraph_gateway.connectors import myh, susanavet
from kllgraph_gateway.connectors.susanavet import api
from kllgraph_gateway.connectors.susanavet.models import EducationEventList, EducationInfoList

from ...conftest import REPO
from ..harness import CountingTransport, running_gateway

WORLD = REPO / "tools" / "snapshot_world" / "educations"
BASE = "/susa-navet/emil3"


def world(name: str) -> Any:
    return json.loads((WORLD / name).read_text(encoding="utf-8"))


def listing(key: str, items: list[dict[str, Any]], *, page: int = 0, size: int = 100,
            total: int | None = None) -> dict[str, Any]:
    """The spec's list envelope: `{links, <key>: [{id, status, content}], page}`."""
    total = len(items) if total is None else total
    return {"links": [{"rel": "self", "href": f"https://api.skolverket.se{BASE}/{key}?page={page}&size={size}"}],
            key: [{"id": i["identifier"], "status": "ACTIVE", "content": i} for i in items],
            "page": {"size": size, "totalElements": total, "totalPages": -(-total // size), "pageNumber": page}}


def emil3_fake(events: list[dict[str, Any]] | None = None, *,
               providers_pages: int = 1) -> Callable[[httpx.Request], httpx.Response]:
    """A local emil3 over the world files: lists (one page each), by-id records, 404s in the spec's error shape.
    `providers_pages` > 1 splits `/educationProviders` into that many pages (to test the index reads them all)."""
    events = world("susanavet_events.json") if events is None else events
    infos, providers = world("susanavet_infos.json"), world("susanavet_providers.json")
    by_id = {"educationEvents": {e["identifier"]: e for e in events},
             "educationInfos": {i["identifier"]: i for i in infos},
             "educationProviders": {p["identifier"]: p for p in providers}}

    def upstream(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "api.skolverket.se" and request.url.path.startswith(BASE), request.url
        collection, _, record_id = request.url.path.removeprefix(BASE + "/").partition("/")
        if record_id:
            found = by_id[collection].get(record_id)
            if found is None:
                return httpx.Response(404, json={"status": 404, "type": "Not Found",
                                                 "message": f"{collection} with id '{record_id}' not found"})
            return httpx.Response(200, json={"id": record_id, "status": "ACTIVE", "content": found})
        params = request.url.params
        page, size = int(params["page"]), int(params["size"])
        if collection == "educationProviders" and providers_pages > 1:
            per_page = -(-len(providers) // providers_pages)
            chunk = providers[page * per_page:(page + 1) * per_page]
            body = listing(collection, chunk, page=page, size=size, total=len(providers))
            body["page"]["totalPages"] = providers_pages
            return httpx.Response(200, json=body)
        items = list(by_id[collection].values())
        if collection == "educationEvents" and "providerId" in params:
            items = [e for e in items if params["providerId"] in e["providers"]]
        return httpx.Response(200, json=listing(collection, items[page * size:(page + 1) * size], page=page,
                                                size=size, total=len(items)))

    return upstream


async def test_form_filter_is_sent_as_emil3_school_types() -> None:
    counting = CountingTransport(httpx.MockTransport(emil3_fake()))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query("{ educations(form: ADULT_EDUCATION, first: 5) { totalCount edges { node { id "
                                      "title start pace municipalityCode } } } }")
    assert "errors" not in body, body
    request = counting.requests[0]
    assert (request.method, request.url.scheme, request.url.host, request.url.path) == (
        "GET", "https", "api.skolverket.se", "/susa-navet/emil3/educationEvents")
    # `schoolType` is an array parameter: repeated, as OpenAPI's default form style sends it. VUX is left out
    # (dropped in API 3.0.3). Paging: 0-based page and the source's block size, within the spec's 1..2000.
    assert list(request.url.params.multi_items()) == [
        ("schoolType", "VUXGR"), ("schoolType", "VUXGRAN"), ("schoolType", "VUXGY"), ("schoolType", "VUXGYAN"),
        ("page", "0"), ("size", "100"),
    ]
    assert request.headers["accept"] == "application/json"
    first = body["data"]["educations"]["edges"][0]["node"]
    assert first == {"id": "e.uoh.kth.dd1420.60090.20251", "title": "Grundläggande datalogi", "start": "2025-01-20",
                     "pace": 50.0, "municipalityCode": "0180"}  # the fake ignores the filter; shapes are the point


async def test_school_type_argument_and_yh_keeps_myh_as_source() -> None:
    yh = [e for e in world("susanavet_events.json") if e["identifier"].startswith("e.myh.")]
    counting = CountingTransport(httpx.MockTransport(emil3_fake(yh)))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query("{ educations(schoolType: [YH, HS, YH], first: 5) { edges { node { id form "
                                      "credits creditsSystem source { name } readVia { name } } } } }")
    assert "errors" not in body, body
    assert counting.requests[0].url.params.get_list("schoolType") == ["HS", "YH"]
    nodes = [edge["node"] for edge in body["data"]["educations"]["edges"]]
    assert [n["id"] for n in nodes] == ["e.myh.27538", "e.myh.27539", "e.myh.24641"]
    assert all(n["source"] == {"name": "myh"} and n["readVia"] == {"name": "susanavet"} for n in nodes)
    assert (nodes[0]["form"], nodes[0]["credits"], nodes[0]["creditsSystem"]) == ("YH", 400.0, "yh")


async def test_a_window_across_blocks_reads_two_whole_pages() -> None:
    many = [{**world("susanavet_events.json")[0], "identifier": f"e.uoh.kth.kll.n{n}"} for n in range(150)]
    counting = CountingTransport(httpx.MockTransport(emil3_fake(many)))
    async with running_gateway(counting) as gateway:
        _, first = await gateway.query("{ educations(schoolType: [HS], first: 95) { pageInfo { endCursor } } }")
        cursor = first["data"]["educations"]["pageInfo"]["endCursor"]
        _, body = await gateway.query('query Q($a: String) { educations(schoolType: [HS], first: 10, after: $a) '
                                      '{ totalCount pageInfo { hasNextPage } edges { node { id } } } }', {"a": cursor})
    assert "errors" not in body, body
    pages = [(r.url.params["page"], r.url.params["size"]) for r in counting.requests]
    assert pages == [("0", "100"), ("1", "100")]  # page 0 answered the second query from the cache
    result = body["data"]["educations"]
    assert [e["node"]["id"] for e in result["edges"]] == [f"e.uoh.kth.kll.n{n}" for n in range(95, 105)]
    assert result["totalCount"] == 150 and result["pageInfo"]["hasNextPage"] is True


async def test_joins_read_each_distinct_info_and_provider_by_id() -> None:
    # emil3 has no id-list filter: one `/{id}` request per DISTINCT info and provider (the declared exception).
    events = world("susanavet_events.json")
    counting = CountingTransport(httpx.MockTransport(emil3_fake(events)))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query("{ educations(first: 20) { edges { node { form credits provider { name "
                                      "providerId organisation { organisationNumber } } } } } }")
    assert "errors" not in body, body
    window = events[:20]
    infos, providers = {e["education"] for e in window}, {e["providers"][0] for e in window}
    assert counting.counts == {
        ("api.skolverket.se", f"{BASE}/educationEvents"): 1,
        **{("api.skolverket.se", f"{BASE}/educationInfos/{i}"): 1 for i in infos},
        **{("api.skolverket.se", f"{BASE}/educationProviders/{p}"): 1 for p in providers},
    }
    nodes = [edge["node"] for edge in body["data"]["educations"]["edges"]]
    assert nodes[0] == {"form": "HIGHER_EDUCATION", "credits": 7.5, "provider": {
        "name": "Kungliga Tekniska högskolan", "providerId": "p.uoh.kth",
        "organisation": {"organisationNumber": "2021003054"}}}
    komvux = next(n for n in nodes if n["provider"]["providerId"] == "p.sv.kll.komvux.0180")
    assert komvux["form"] == "ADULT_EDUCATION" and komvux["provider"]["organisation"] is None  # no number given
    calls = gateway.calls_by_level  # levels: educations=1, edges=2, node=3, form/provider=4
    assert calls[("susanavet", "educationInfos/{id}", 4)] == len(infos)
    assert calls[("susanavet", "educationProviders/{id}", 4)] == len(providers)


async def test_organisation_joins_by_the_providers_organisation_number() -> None:
    counting = CountingTransport(httpx.MockTransport(emil3_fake(providers_pages=2)))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query('{ educations(organisation: "202100-2932", first: 3) { totalCount edges { node '
                                      '{ id provider { providerId } } } } '
                                      'organisation(organisationNumber: "2021002932") { educations(first: 1) '
                                      '{ totalCount } } }')
    assert "errors" not in body, body
    lists = [(r.url.path, list(r.url.params.multi_items())) for r in counting.requests
             if not r.url.path.startswith((f"{BASE}/educationProviders/", f"{BASE}/educationInfos/"))]
    assert lists == [
        (f"{BASE}/educationProviders", [("page", "0"), ("size", "2000")]),  # whole-list scan: the spec's maximum
        (f"{BASE}/educationProviders", [("page", "1"), ("size", "2000")]),
        (f"{BASE}/educationEvents", [("providerId", "p.uoh.uu"), ("page", "0"), ("size", "100")]),
    ]
    result = body["data"]["educations"]
    uu_events = [e for e in world("susanavet_events.json") if e["providers"] == ["p.uoh.uu"]]
    assert result["totalCount"] == len(uu_events) == body["data"]["organisation"]["educations"]["totalCount"]
    assert [e["node"]["id"] for e in result["edges"]] == [e["identifier"] for e in uu_events[:3]]
    assert all(e["node"]["provider"] == {"providerId": "p.uoh.uu"} for e in result["edges"])


async def test_organisation_without_a_numbered_provider_is_empty_not_an_error() -> None:
    async with running_gateway(httpx.MockTransport(emil3_fake())) as gateway:
        _, body = await gateway.query('{ educations(organisation: "2120000142") { totalCount edges { node { id } } } }')
    assert body == {"data": {"educations": {"totalCount": 0, "edges": []}}}


async def test_by_id_paths_and_404_is_null() -> None:
    counting = CountingTransport(httpx.MockTransport(emil3_fake()))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query('{ e: education(id: "e.uoh.uu.1te686.14483.20242") { title municipalityCode } '
                                      'i: education(id: "i.uoh.uu.kll.vss") { title form credits } '
                                      'none: education(id: "e.uoh.kth.kll.nothing") { id } }')
    assert "errors" not in body, body
    assert body["data"] == {"e": {"title": "Elektronik för ingenjörer", "municipalityCode": "0380"},
                            "i": {"title": "Sjuksköterskeprogrammet", "form": "HIGHER_EDUCATION", "credits": 180.0},
                            "none": None}
    assert {r.url.path for r in counting.requests} >= {f"{BASE}/educationEvents/e.uoh.uu.1te686.14483.20242",
                                                      f"{BASE}/educationInfos/i.uoh.uu.kll.vss",
                                                      f"{BASE}/educationEvents/e.uoh.kth.kll.nothing"}


@pytest.mark.parametrize(("query", "argument"), [
    ('{ educations(schoolType: [HS], municipality: "0180") { totalCount } }', "schoolType"),
    ('{ educations(schoolType: [HS], query: "data") { totalCount } }', "schoolType"),
    ("{ educations(schoolType: [HS], form: YH) { totalCount } }", "schoolType"),
    ("{ educations(schoolType: []) { totalCount } }", "schoolType"),
    ('{ educations(form: HIGHER_EDUCATION, municipality: "0180") { totalCount } }', "municipality"),
    ('{ educations(form: UPPER_SECONDARY, query: "el") { totalCount } }', "query"),
])
async def test_filters_emil3_cannot_honour_are_refused(query: str, argument: str) -> None:
    counting = CountingTransport(httpx.MockTransport(lambda r: httpx.Response(500)))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query(query)
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == ("BAD_USER_INPUT", argument)
    assert not counting.counts


async def test_municipality_and_text_go_to_planned_educations() -> None:
    counting = CountingTransport(httpx.MockTransport(lambda r: httpx.Response(200, json={
        "status": "OK", "message": "Success", "body": {"_embedded": {"listedAdultEducationEvents": []},
                                                      "page": {"size": 20, "totalElements": 0, "totalPages": 0,
                                                               "number": 0}}})))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query('{ educations(municipality: "0180", query: "vård") { totalCount } }')
    assert "errors" not in body, body
    (request,) = counting.requests
    assert request.url.path == "/planned-educations/v4/adult-education-events"
    assert (request.url.params["geographicalAreaCode"], request.url.params["searchTerm"]) == ("0180", "vård")


async def test_probes_send_one_cheap_request_each() -> None:
    counting = CountingTransport(httpx.MockTransport(emil3_fake()))
    async with running_gateway(counting) as gateway:
        susa = await susanavet.probe(gateway.upstream.client("susanavet"))
        yh = await myh.probe(gateway.upstream.client("myh"))
    assert [(r.url.host, r.url.path, list(r.url.params.multi_items())) for r in counting.requests] == [
        ("api.skolverket.se", f"{BASE}/educationEvents", [("page", "0"), ("size", "1")]),
        ("api.skolverket.se", f"{BASE}/educationEvents", [("schoolType", "YH"), ("page", "0"), ("size", "1")]),
    ]
    assert susa.startswith("GET /educationEvents?page=0&size=1: 1 event(s)")
    assert yh.startswith("GET /educationEvents?schoolType=YH&page=0&size=1: 1 YH event(s)")


async def test_drifted_payload_is_a_bad_payload_naming_the_source() -> None:
    event = {k: v for k, v in world("susanavet_events.json")[0].items() if k != "providers"}  # spec-required
    async with running_gateway(httpx.MockTransport(lambda r: httpx.Response(200, json=listing(
            "educationEvents", [event])))) as gateway:
        with pytest.raises(UpstreamBadPayload, match="providers") as raised:
            await susanavet.probe(gateway.upstream.client("susanavet"))
    assert raised.value.source == "susanavet"


async def test_paging_outside_the_spec_is_not_sent() -> None:
    async with running_gateway(httpx.MockTransport(lambda r: httpx.Response(500))) as gateway:
        client = gateway.upstream.client("susanavet")
        with pytest.raises(ValueError, match="2000"):
            await api.education_events(client, page=0, size=2001)


def test_spec_shaped_payloads_parse() -> None:
    # As the spec has them: Code objects {type, code}, LangString {strings: [{lang, content, value}]}, Credits with a
    # single number and one Code_Credits. `subjects` (array) as payloads send it, although the spec's required list
    # names `subject`; unknown fields are tolerated.
    payload = listing("educationInfos", [{
        "identifier": "i.uoh.uu.1te686.14483.20242", "code": "1TE686", "lastEdited": "2026-11-20T06:00:00",
        "title": {"strings": [{"lang": "eng", "value": "Electronics for engineers"},
                              {"lang": "swe", "content": "text/plain", "value": "Elektronik för ingenjörer"}]},
        "type": {"type": "C_SchoolType", "code": "HS"}, "subjects": [{"type": "C_Subject_SUN", "code": "523"}],
        "resultIsDegree": False, "credits": {"system": {"type": "C_Credits", "code": "hp"}, "credits": 5.0},
        "somethingNew": True,
    }])
    (info,) = EducationInfoList.model_validate(payload).infos()
    assert info.title.swedish() == "Elektronik för ingenjörer" and info.type.code == "HS"
    assert info.credits is not None and (info.credits.credits, info.credits.system.code) == (5.0, "hp")
    events = EducationEventList.model_validate(listing("educationEvents", world("susanavet_events.json")[:1]))
    assert events.page is not None and events.page.pageNumber == 0 and events.events()[0].providers == ["p.uoh.kth"]
    assert events.events()[0].locations[0].areaCode == "0180"
