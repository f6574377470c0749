"""Syllabus v1: the live request shapes pinned against agency-apis.md §2.1, parsed from the official spec's examples."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway.connectors import syllabus

from ...conftest import SAMPLES
from ..harness import running_gateway


def sample(name: str) -> object:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


async def test_subjects_request_shape_and_real_samples() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/v1/subjects"):
            return httpx.Response(200, json=sample("skolverket-syllabus-v1-subjects.json"))
        if request.url.path.endswith("/v1/subjects/MAT"):
            return httpx.Response(200, json=sample("skolverket-syllabus-v1-subject.json"))
        return httpx.Response(404, json={})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("syllabus")
        subjects = await syllabus.api.subjects(client, school_type="GY")
        subject = await syllabus.api.subject(client, "MAT")
        missing = await syllabus.api.subject(client, "XYZ")
    assert seen[0].url.host == "api.skolverket.se" and seen[0].url.path == "/syllabus/v1/subjects"
    assert seen[0].url.params.multi_items() == [("timespan", "LATEST"), ("schooltype", "GY")]
    assert seen[1].url.path == "/syllabus/v1/subjects/MAT" and not seen[1].url.params
    assert [s.skolfsAndring for s in subjects.subjects] == [121332, "2020:94"]  # both types occur in the spec
    assert subject is not None and subject.courses[0].code == "MATMAT01a" and subject.courses[0].points == "100"
    assert missing is None


async def test_programmes_and_course_request_shapes() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path.endswith("/v1/programs"):
            return httpx.Response(200, json={"totalElements": 1, "programs": [
                {"code": "NA", "name": "Naturvetenskapsprogrammet"}]})
        if path.endswith("/v1/programs/NA"):
            return httpx.Response(200, json={"program": {"code": "NA", "name": "Naturvetenskapsprogrammet"}})
        return httpx.Response(200, json={"course": {"code": "MATMAT01a", "name": "Matematik 1a", "points": "100"}})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("syllabus")
        programmes = await syllabus.api.programmes(client)
        programme = await syllabus.api.programme(client, "NA")
        course = await syllabus.api.course(client, "MATMAT01a")
    assert [r.url.path for r in seen] == ["/syllabus/v1/programs", "/syllabus/v1/programs/NA",
                                          "/syllabus/v1/courses/MATMAT01a"]
    assert seen[0].url.params.multi_items() == [("timespan", "LATEST")]
    assert programmes.programs[0].code == "NA" and programme is not None and programme.name.startswith("Natur")
    assert course is not None and course.name == "Matematik 1a"
