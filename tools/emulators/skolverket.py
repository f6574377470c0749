"""Skolverket's APIs on api.skolverket.se over tools/snapshot_world/skolverket: Skolenhetsregistret v2, Planned
Educations v4 and Syllabus v1 share the host, so one emulator dispatches on the path prefix."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from ._base import Emulator, load_world

_PE_TYPE_OF_SCHOOL = {"yh": "Yrkeshögskoleutbildning"}  # filter code -> the display text events carry (H, sample)
# Planned Educations v4 answers in its own media type (the only one its spec declares for 200 answers; H).
_PE_MEDIA_TYPE = "application/vnd.skolverket.plannededucations.api.v4.hal+json"


def _world(name: str) -> Any:
    return load_world("skolverket", name)


def _json(payload: Any, status: int = 200, *, recorded: bool = False) -> httpx.Response:
    # The header marks bodies that are real samples served verbatim (see PROVENANCE.md); the composer's recorder
    # does not read it yet (reported to the lead), so those exchanges are still written as "composed".
    headers = {"x-kllgraph-provenance": "recorded"} if recorded else {}
    return httpx.Response(status, json=payload, headers=headers)


def _not_found() -> httpx.Response:
    return _json({"type": "about:blank", "title": "Not Found", "status": "404", "detail": "not found"}, 404)


class SkolverketEmulator:
    host = "api.skolverket.se"

    def __init__(self) -> None:
        self.units: list[dict[str, Any]] = _world("sr_school_units.json")
        self.organizers: list[dict[str, Any]] = _world("sr_organizers.json")
        self.programmes: list[dict[str, Any]] = _world("syllabus_programs.json")
        self.subjects: list[dict[str, Any]] = _world("syllabus_subjects.json")
        self.mat: dict[str, Any] = _world("syllabus_subject_MAT.json")
        self.course_sample: dict[str, Any] = _world("syllabus_course_MATMAT01c.json")
        self.programme_sample: dict[str, Any] = _world("syllabus_program_NA25.json")
        self.adult_list: dict[str, Any] = _world("pe_adult_education_events.json")
        self.adult_detail: dict[str, Any] = _world("pe_adult_education_event_e.myh.27538.json")
        self.pe_events_sample: dict[str, Any] = _world("pe_education_events.json")
        self.pe_unit_sample: dict[str, Any] = _world("pe_school_unit_76026322.json")
        self.events = self._education_events()

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        path, params = request.url.path, request.url.params
        for prefix, handler in (
            ("/skolenhetsregistret", self._registry),
            ("/planned-educations", self._planned),
            ("/syllabus", self._syllabus),
        ):
            if path.startswith(prefix + "/"):
                return handler(path.removeprefix(prefix), params)
        return None

    # --- Skolenhetsregistret v2 ---------------------------------------------------------------------------------

    def _registry(self, path: str, params: httpx.QueryParams) -> httpx.Response | None:
        if path == "/v2/school-units":
            listed = []
            for unit in self.units:
                attributes, included = unit["data"]["attributes"], unit.get("included") or {}
                values: dict[str, set[str]] = {
                    "municipality_code": {attributes["municipalityCode"]},
                    "school_type": set(attributes["schoolTypes"]),
                    "status": {attributes["status"]},
                    "organization_number": {included.get("organizationNumber") or ""},
                }
                if all(not params.get_list(name) or have & set(params.get_list(name))
                       for name, have in values.items()):
                    listed.append({"schoolUnitCode": unit["data"]["schoolUnitCode"],
                                   "name": attributes["displayName"], "status": attributes["status"]})
            return _json({"meta": {"extractDate": "2026-11-20T00:06:10.19+01:00"},
                          "data": {"type": "schoolunit", "attributes": listed}})
        if path.startswith("/v2/school-units/"):
            code = path.removeprefix("/v2/school-units/")
            for unit in self.units:
                if unit["data"]["schoolUnitCode"] == code:
                    return _json(unit)
            return _not_found()
        if path == "/v2/organizers":
            return _json({"meta": {"extractDate": "2026-11-20T00:06:10.19+01:00"},
                          "data": {"type": "organizer", "attributes": self.organizers}})
        if path.startswith("/v2/organizers/"):
            number = path.removeprefix("/v2/organizers/")
            organizer = next((o for o in self.organizers if o["organizationNumber"] == number), None)
            if organizer is None:
                return _not_found()
            codes = [u["data"]["schoolUnitCode"] for u in self.units
                     if (u.get("included") or {}).get("organizationNumber") == number]
            return _json({"meta": {}, "data": {
                "type": "organizer", "organizationNumber": number,
                "attributes": {"displayName": organizer["displayName"], "organizerType": organizer["organizerType"]},
                "relationships": {"schoolunit": {"data": [{"type": "schoolunit", "schoolUnitCode": c}
                                                          for c in codes]}}}})
        return None

    # --- Planned Educations v4 ----------------------------------------------------------------------------------

    def _education_events(self) -> list[dict[str, Any]]:
        """Events of every gy unit: the spec example's real events for 77364720, composed ones for the others."""
        real = self.pe_events_sample["body"]["_embedded"]["educationEvents"]
        events = list(real)
        names = {p["code"]: p["name"] for p in self.programmes}
        for unit in self.units:
            attributes = unit["data"]["attributes"]
            code = unit["data"]["schoolUnitCode"]
            gy = (attributes.get("schoolTypeProperties") or {}).get("gy")
            if not gy or any(e["schoolUnitCode"] == code for e in real):
                continue
            for programme in gy["programmes"]:
                template = copy.deepcopy(real[0])
                template.update({
                    "schoolUnitCode": code, "schoolUnitName": attributes["displayName"], "studyPathCode": programme,
                    "studyPathName": names.get(programme), "geographicalAreaCode": attributes["municipalityCode"],
                    "visitingAddressCity": None, "startDate": "2026-08-01T00:00:00",
                    "endDate": "2027-07-31T00:00:00",
                    "_links": {"school-unit": {"href": f"http://localhost:9007/planned-educations/v3/school-units/{code}"}},
                })
                events.append(template)
        return events

    @staticmethod
    def _page(items: list[dict[str, Any]], embedded: str, params: httpx.QueryParams) -> dict[str, Any]:
        page, size = int(params.get("page", "0")), int(params.get("size", "20"))
        total = len(items)
        return {"status": "OK", "message": "Success", "body": {
            "_embedded": {embedded: items[page * size:(page + 1) * size]},
            "_links": {},
            "page": {"size": size, "totalElements": total, "totalPages": -(-total // size) if size else 0,
                     "number": page},
        }}

    def _planned(self, path: str, params: httpx.QueryParams) -> httpx.Response | None:
        response = self._planned_answer(path, params)
        if response is not None and response.status_code == 200:
            response.headers["content-type"] = _PE_MEDIA_TYPE
        return response

    def _planned_answer(self, path: str, params: httpx.QueryParams) -> httpx.Response | None:
        if path == "/v4/education-events":
            area, study_path = params.get("geographicalAreaCode"), params.get("studyPathCode")
            events = [e for e in self.events
                      if (not area or e["geographicalAreaCode"] == area)
                      and (not study_path or e["studyPathCode"] == study_path)]
            return _json(self._page(events, "educationEvents", params))
        if path.startswith("/v4/school-units/") and path.endswith("/education-events"):
            code = path.removeprefix("/v4/school-units/").removesuffix("/education-events")
            if not any(u["data"]["schoolUnitCode"] == code for u in self.units):
                return _not_found()
            by_form: dict[str, list[dict[str, Any]]] = {}
            for event in self.events:
                if event["schoolUnitCode"] == code:
                    by_form.setdefault(event["typeOfSchooling"]["code"], []).append(event)
            return _json({"status": "OK", "message": "Success", "body": by_form})
        if path == "/v4/school-units/76026322":
            return _json(self.pe_unit_sample, recorded=True)
        if path == "/v4/adult-education-events":
            area, kind = params.get("geographicalAreaCode"), params.get("typeOfSchool")
            term = (params.get("searchTerm") or "").casefold()
            events = [e for e in self.adult_list["body"]["_embedded"]["listedAdultEducationEvents"]
                      if (not area or e["geographicalAreaCode"] == area)
                      and (not kind or e["typeOfSchool"] == _PE_TYPE_OF_SCHOOL.get(kind))
                      and (not term or term in (e.get("titleSv") or "").casefold())]
            return _json(self._page(events, "listedAdultEducationEvents", params))
        if path.startswith("/v4/adult-education-events/"):
            event_id = path.removeprefix("/v4/adult-education-events/")
            if event_id == self.adult_detail["body"]["educationEventId"]:
                return _json(self.adult_detail, recorded=True)
            listed = next((e for e in self.adult_list["body"]["_embedded"]["listedAdultEducationEvents"]
                           if e["educationEventId"] == event_id), None)
            if listed is None:
                return _not_found()
            # Composed detail: the list item's fields under the detail's names (studyPathName = titleSv).
            body = {k: v for k, v in listed.items() if k != "_links"}
            body["studyPathName"] = listed["titleSv"]
            body["_links"] = {"self": {"href": f"http://localhost:9007/planned-educations/v3/adult-education-events/{event_id}"}}
            return _json({"status": "OK", "message": "Success", "body": body})
        return None

    # --- Syllabus v1 --------------------------------------------------------------------------------------------

    def _envelope(self, method: str, total: int, **payload: Any) -> dict[str, Any]:
        envelope = {k: self.mat[k] for k in ("apiPublisher", "apiName", "apiVersion", "apiReleased", "apiStatus",
                                             "apiDocumentation", "dataOrigin")}
        envelope.update({"calledMethod": method, "totalElements": total})
        envelope.update(payload)
        return envelope

    def _subject_parent(self, subject: dict[str, Any]) -> dict[str, Any]:
        """A course's `subjectParent` as the real `/v1/courses/{code}` sends it: the keys of the recorded MATMAT01c
        response, filled from the enclosing subject (`subjectCode`/`subjectName` for its `code`/`name`)."""
        names = {"subjectCode": "code", "subjectName": "name", "subjectPurpose": "purpose"}
        parent: dict[str, Any] = {}
        for key in self.course_sample["course"]["subjectParent"]:
            value = subject.get(names.get(key, key))
            # The MAT example sends skolfsAndring as a number; SubjectParent has it as a string (spec and sample).
            if value is not None and not (key == "skolfsAndring" and not isinstance(value, str)):
                parent[key] = value
        return parent

    def _syllabus(self, path: str, params: httpx.QueryParams) -> httpx.Response | None:
        if path == "/v1/subjects":
            school_type = params.get("schooltype")
            listed = [{k: v for k, v in s.items() if k != "courses"} for s in self.subjects
                      if not school_type or school_type in s["schoolTypes"]]
            return _json(self._envelope("ListSubjects", len(listed), subjects=listed))
        if path.startswith("/v1/subjects/"):
            code = path.removeprefix("/v1/subjects/")
            if code == self.mat["subject"]["code"]:
                return _json(self.mat, recorded=True)
            subject = next((s for s in self.subjects if s["code"] == code), None)
            return _json(self._envelope("ReadSubject", 1, subject=subject)) if subject else _not_found()
        if path == "/v1/programs":
            return _json(self._envelope("ListPrograms", len(self.programmes), programs=self.programmes))
        if path.startswith("/v1/programs/"):
            code = path.removeprefix("/v1/programs/")
            if code == self.programme_sample["program"]["code"]:
                return _json(self.programme_sample, recorded=True)
            programme = next((p for p in self.programmes if p["code"] == code), None)
            return _json(self._envelope("ReadProgram", 1, program=programme)) if programme else _not_found()
        if path.startswith("/v1/courses/"):
            code = path.removeprefix("/v1/courses/")
            if code == self.course_sample["course"]["code"]:
                return _json(self.course_sample, recorded=True)
            for subject in [self.mat["subject"], *self.subjects]:
                for course in subject.get("courses", []):
                    if course["code"] == code:
                        return _json(self._envelope("ReadCourse", 1,
                                                    course={**course, "subjectParent": self._subject_parent(subject)}))
            return _not_found()
        return None


# What this module contributes to the snapshot composer (`emulators.discover`).
EMULATORS: tuple[type[Emulator], ...] = (SkolverketEmulator,)
