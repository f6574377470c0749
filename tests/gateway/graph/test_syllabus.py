"""Syllabus entities end to end: offline root fields, programmes of a school unit via one cached list, bad input."""

from __future__ import annotations

import json

import httpx

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ...conftest import SAMPLES
from ..harness import CountingTransport, running_gateway


def sample(name: str) -> object:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


async def test_offline_root_fields() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query(
            '{ subjects(first: 5) { totalCount edges { node { code name courses { code name points } } } } '
            '  subject(code: "MAT") { name englishName courses { code } } '
            "  programmes(first: 10) { totalCount edges { node { code name } } } "
            '  programme(code: "NA25") { name category studyPathType } '
            '  course(code: "MATMAT01a") { name subjectCode subject { code englishName } } }')
    assert "errors" not in body, body
    data = body["data"]
    assert data["subjects"]["totalCount"] > 0 and data["subjects"]["edges"][0]["node"]["courses"]
    assert data["subject"]["englishName"] == "Mathematics"  # the real spec example, served verbatim
    assert data["programmes"]["totalCount"] > 0 and data["programme"]["name"] == "Naturvetenskapsprogrammet"
    assert data["programme"] == {"name": "Naturvetenskapsprogrammet", "category":
                                 "PRELIMINARY_PROGRAM_FOR_HIGHER_EDUCATION", "studyPathType": "PROGRAM25"}
    assert data["course"] == {"name": "Matematik 1a", "subjectCode": "MAT",
                              "subject": {"code": "MAT", "englishName": "Mathematics"}}


async def test_live_course_reaches_its_subject_through_subject_parent() -> None:
    """Acceptance (issue 7): against a fake in the real shapes, `Course -> Subject` is not null. The course comes
    from `/v1/courses/{code}` (real MATMAT01c response, subject under `subjectParent`); subjects load once per code."""

    def upstream(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/syllabus/v1/courses/MATMAT01c":
            return httpx.Response(200, json=sample("skolverket-syllabus-v1-course-matmat01c.json"))
        if path == "/syllabus/v1/subjects/MAT":
            return httpx.Response(200, json=sample("skolverket-syllabus-v1-subject.json"))
        return httpx.Response(404, json={"errorCode": 404, "message": "Tomt svar."})

    counting = CountingTransport(httpx.MockTransport(upstream))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query(
            '{ course(code: "MATMAT01c") { code subjectCode subject { code name englishName '
            "    courses { code subject { code } } } } }")
    assert "errors" not in body, body
    course = body["data"]["course"]
    assert (course["code"], course["subjectCode"]) == ("MATMAT01c", "MAT")
    assert course["subject"]["englishName"] == "Mathematics"
    assert {c["subject"]["code"] for c in course["subject"]["courses"]} == {"MAT"}
    # The subject's courses reach it again through the same DataLoader: one subject request in all.
    assert counting.counts[("api.skolverket.se", "/syllabus/v1/subjects/MAT")] == 1
    assert counting.counts[("api.skolverket.se", "/syllabus/v1/courses/MATMAT01c")] == 1


async def test_unit_programmes_use_one_programme_list_request() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/v1/programs"):
            return httpx.Response(200, json={"programs": [{"code": "NA", "name": "Naturvetenskapsprogrammet"},
                                                          {"code": "EK", "name": "Ekonomiprogrammet"}]})
        if path.endswith("/v2/school-units"):
            return httpx.Response(200, json={"data": {"attributes": [
                {"schoolUnitCode": f"9990010{i}", "name": "x", "status": "AKTIV"} for i in range(1, 4)]}})
        code = path.rsplit("/", 1)[1]
        return httpx.Response(200, json={"data": {"schoolUnitCode": code, "attributes": {
            "schoolTypeProperties": {"gy": {"programmes": ["NA", "EK"]}}}}})

    counting = CountingTransport(httpx.MockTransport(upstream))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query('{ schoolUnits(municipality: "0180", first: 3) '
                                      "{ edges { node { programmes { code name } } } } }")
    assert "errors" not in body, body
    assert [p["code"] for p in body["data"]["schoolUnits"]["edges"][0]["node"]["programmes"]] == ["NA", "EK"]
    assert counting.counts[("api.skolverket.se", "/syllabus/v1/programs")] == 1


async def test_bad_codes() -> None:
    counting = CountingTransport(httpx.MockTransport(lambda request: httpx.Response(500)))
    async with running_gateway(counting) as gateway:
        _, subject = await gateway.query('{ subject(code: "m a t") { name } }')
        _, course = await gateway.query('{ course(code: "../x") { name } }')
    for body in (subject, course):
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not counting.counts
