"""Planned Educations v4: the live request shapes (vendor Accept header, page/size) pinned against agency-apis.md
§2.3, parsed from the real examples of the official v4 spec."""

from __future__ import annotations

import json
from typing import Any

import httpx

from kllgraph_gateway.connectors import planned_educations

from ...conftest import SAMPLES
from ..harness import running_gateway

ACCEPT = "application/vnd.skolverket.plannededucations.api.v4.hal+json"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


async def test_adult_education_events_request_shape_and_parse() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=sample("skolverket-planned-educations-v4-adult-education-events.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        page = await planned_educations.api.adult_education_events(
            gateway.upstream.client("planned_educations"), geographical_area_code="1480", type_of_school="yh",
            search_term="cloud", page=2, size=200)
    (request,) = seen
    assert request.method == "GET" and request.url.host == "api.skolverket.se"
    assert request.url.path == "/planned-educations/v4/adult-education-events"
    assert request.url.params.multi_items() == [
        ("geographicalAreaCode", "1480"), ("typeOfSchool", "yh"), ("searchTerm", "cloud"), ("page", "2"),
        ("size", "200"),
    ]
    assert request.headers["accept"] == ACCEPT
    assert page.total == 337133 and page.page.number == 0
    assert [e.educationEventId for e in page.events] == ["e.myh.27538", "e.myh.27539", "e.myh.24641"]
    assert page.events[2].geographicalAreaCode == "2180" and page.events[0].title == ".NET Cloud Developer"


async def test_adult_education_event_detail_and_not_found() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/e.myh.27538"):
            return httpx.Response(200, json=sample("skolverket-planned-educations-v4-adult-education-event.json"))
        return httpx.Response(404, json={"status": "NOT_FOUND"})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("planned_educations")
        event = await planned_educations.api.adult_education_event(client, "e.myh.27538")
        missing = await planned_educations.api.adult_education_event(client, "e.myh.1")
    assert seen[0].url.path == "/planned-educations/v4/adult-education-events/e.myh.27538"
    assert seen[0].headers["accept"] == ACCEPT and not seen[0].url.params
    assert missing is None
    assert event is not None
    assert (event.organizerName, event.eligibleForStudentAid, event.creditsSystem) == (
        "IT-Högskolan Sverige AB (Enskild)", True, "yh")
    assert event.contactInfo is not None and event.contactInfo.addresses[0].city == "Göteborg"


def test_adult_event_model_holds_every_field_of_the_real_samples() -> None:
    detail = sample("skolverket-planned-educations-v4-adult-education-event.json")["body"]
    listed = sample("skolverket-planned-educations-v4-adult-education-events.json")["body"]["_embedded"][
        "listedAdultEducationEvents"][0]
    fields = set(planned_educations.models.AdultEducationEvent.model_fields)
    fields |= {"_links"}  # aliased as `links`
    assert set(detail) <= fields
    assert set(listed) <= fields


async def test_education_events_and_school_unit_shapes() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/education-events") and "/school-units/" in request.url.path:
            return httpx.Response(200, json={"status": "OK", "message": "Success", "body": {
                "gy": sample("skolverket-planned-educations-v4-education-events.json")["body"]["_embedded"][
                    "educationEvents"]}})
        if request.url.path.endswith("/education-events"):
            return httpx.Response(200, json=sample("skolverket-planned-educations-v4-education-events.json"))
        if request.url.path.endswith("/76026322"):
            return httpx.Response(200, json=sample("skolverket-planned-educations-v4-school-unit.json"))
        return httpx.Response(200, json=sample("skolverket-planned-educations-v4-school-units.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("planned_educations")
        events = await planned_educations.api.education_events(client, geographical_area_code="0180",
                                                               study_path_code="EK", page=1, size=100)
        by_unit = await planned_educations.api.school_unit_education_events(client, "77364720")
        unit = await planned_educations.api.school_unit(client, "76026322")
        units = await planned_educations.api.school_units(client, geographical_area_code="2584", page=0, size=100)
    assert seen[0].url.path == "/planned-educations/v4/education-events"
    assert seen[0].url.params.multi_items() == [("studyPathCode", "EK"), ("geographicalAreaCode", "0180"),
                                                ("page", "1"), ("size", "100")]
    assert seen[1].url.path == "/planned-educations/v4/school-units/77364720/education-events"
    assert not seen[1].url.params  # this endpoint takes no paging (H, spec)
    assert seen[3].url.params.multi_items() == [("geographicalAreaCode", "2584"), ("page", "0"), ("size", "100")]
    assert all(r.headers["accept"] == ACCEPT for r in seen)
    assert events.body.page.totalElements == 7861
    assert by_unit is not None and [e.studyPathCode for e in by_unit] == ["EK", "NA", "SA"]
    assert unit is not None and unit.organisationRegistryNumber == "2120002783"
    assert units.body.embedded.listedSchoolUnits[0].code == "77364720"
