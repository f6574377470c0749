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


async def test_programmes_and_course_request_shapes_on_real_responses() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path.endswith("/v1/programs"):
            # List envelope assumed from the subjects' pattern (no real list response found); the item is NA25's.
            item = {k: v for k, v in sample("skolverket-syllabus-v1-program-na25.json")["program"].items()  # type: ignore[index]
                    if k in ("code", "name", "studyPathType", "category", "schoolTypes")}
            return httpx.Response(200, json={"totalElements": 1, "programs": [item]})
        if path.endswith("/v1/programs/NA25"):
            return httpx.Response(200, json=sample("skolverket-syllabus-v1-program-na25.json"))
        return httpx.Response(200, json=sample("skolverket-syllabus-v1-course-matmat01c.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("syllabus")
        programmes = await syllabus.api.programmes(client)
        programme = await syllabus.api.programme(client, "NA25")
        course = await syllabus.api.course(client, "MATMAT01c")
    assert [r.url.path for r in seen] == ["/syllabus/v1/programs", "/syllabus/v1/programs/NA25",
                                          "/syllabus/v1/courses/MATMAT01c"]
    assert seen[0].url.params.multi_items() == [("timespan", "LATEST")]
    assert programmes.programs[0].category == "PRELIMINARY_PROGRAM_FOR_HIGHER_EDUCATION"
    # The real programme: the type is `category` (there is no `typeOfProgram`), subjects in named groups.
    assert programme is not None and (programme.code, programme.studyPathType) == ("NA25", "PROGRAM25")
    assert programme.category == "PRELIMINARY_PROGRAM_FOR_HIGHER_EDUCATION" and programme.schoolTypes == ["GY"]
    assert programme.description and programme.description.startswith("<p>Naturvetenskapsprogrammet")
    assert programme.foundationSubjects and programme.foundationSubjects.subjects[0].code == "ENGE"
    assert programme.specialization and programme.specialization.name == "Fördjupningsämnen"
    assert [o.code for o in programme.orientations] == ["NANAP", "NANAA"]
    # The real course: its subject is under `subjectParent`, not a top-level `subjectCode`.
    assert course is not None and (course.name, course.points, course.sortOrder) == ("Matematik 1c", "100", 3)
    assert course.subjectParent is not None and course.subjectParent.subjectCode == "MAT"
    assert (course.subjectParent.version, course.subjectParent.skolfsAndring) == (11, "2022:12")
    assert [k.gradeStep for k in course.knowledgeRequirements] == ["E", "D", "C", "B", "A"]


def test_models_read_every_key_the_real_course_and_programme_send() -> None:
    """Pin: a key the real responses send that the models neither read nor knowingly skip fails here."""
    course = sample("skolverket-syllabus-v1-course-matmat01c.json")["course"]  # type: ignore[index]
    programme = sample("skolverket-syllabus-v1-program-na25.json")["program"]  # type: ignore[index]
    headings = {"codeHeading", "nameHeading", "centralCntHeading", "knowledgeReqsHeading"}  # layout HTML, not data
    assert set(course) - set(syllabus.models.Course.model_fields) == headings
    assert set(course["subjectParent"]) - set(syllabus.models.SubjectParent.model_fields) == {"subjectPurpose"}
    assert set(programme) <= set(syllabus.models.Programme.model_fields)
    assert "typeOfProgram" not in syllabus.models.Programme.model_fields
    assert "subjectCode" not in syllabus.models.Course.model_fields
