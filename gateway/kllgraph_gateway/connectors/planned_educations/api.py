"""Live requests to Planned Educations v4 (agency-apis.md §2.3). Paging is `page` (0-based) + `size`; the vendor
Accept header comes from `SOURCE.headers`."""

from __future__ import annotations

from ..._upstream import Params, SourceClient
from .models import (
    AdultEducationEvent,
    AdultEducationEventResponse,
    AdultEducationEventsPage,
    AdultEducationEventsResponse,
    EducationEvent,
    EducationEventsResponse,
    SchoolUnit,
    SchoolUnitEducationEventsResponse,
    SchoolUnitResponse,
    SchoolUnitsResponse,
)


def _optional(**values: str | None) -> list[tuple[str, str]]:
    return [(name, value) for name, value in values.items() if value]


def _paging(page: int, size: int) -> list[tuple[str, str]]:
    return [("page", str(page)), ("size", str(size))]


async def school_units(
    client: SourceClient,
    *,
    geographical_area_code: str | None = None,
    type_of_schooling: str | None = None,
    name: str | None = None,
    page: int,
    size: int,
) -> SchoolUnitsResponse:
    params: Params = [
        *_optional(name=name, typeOfSchooling=type_of_schooling, geographicalAreaCode=geographical_area_code),
        *_paging(page, size),
    ]
    return await client.get_model("/v4/school-units", SchoolUnitsResponse, endpoint="school-units", params=params)


async def school_unit(client: SourceClient, code: str) -> SchoolUnit | None:
    response = await client.get(f"/v4/school-units/{code}", SchoolUnitResponse, endpoint="school-unit",
                                not_found_ok=True)
    return response.body if response is not None else None


async def school_unit_education_events(client: SourceClient, code: str) -> list[EducationEvent] | None:
    """All planned events of one unit; this endpoint takes no paging parameters (H, spec)."""
    response = await client.get(f"/v4/school-units/{code}/education-events", SchoolUnitEducationEventsResponse,
                                endpoint="school-unit-education-events", not_found_ok=True)
    return response.events() if response is not None else None


async def education_events(
    client: SourceClient,
    *,
    geographical_area_code: str | None = None,
    study_path_code: str | None = None,
    type_of_schooling: str | None = None,
    page: int,
    size: int,
) -> EducationEventsResponse:
    params: Params = [
        *_optional(studyPathCode=study_path_code, geographicalAreaCode=geographical_area_code,
                   typeOfSchooling=type_of_schooling),
        *_paging(page, size),
    ]
    return await client.get_model("/v4/education-events", EducationEventsResponse, endpoint="education-events",
                                  params=params)


async def adult_education_events(
    client: SourceClient,
    *,
    geographical_area_code: str | None = None,
    type_of_school: str | None = None,
    search_term: str | None = None,
    page: int,
    size: int,
) -> AdultEducationEventsPage:
    """`type_of_school` takes the spec's codes (yh, vuxgy, fhs, sfi, ...), not the display text the events carry."""
    params: Params = [
        *_optional(geographicalAreaCode=geographical_area_code, typeOfSchool=type_of_school,
                   searchTerm=search_term),
        *_paging(page, size),
    ]
    response = await client.get_model("/v4/adult-education-events", AdultEducationEventsResponse,
                                      endpoint="adult-education-events", params=params)
    body = response.body
    return AdultEducationEventsPage(events=body.embedded.listedAdultEducationEvents,
                                    total=body.page.totalElements, page=body.page)


async def adult_education_event(client: SourceClient, event_id: str) -> AdultEducationEvent | None:
    response = await client.get(f"/v4/adult-education-events/{event_id}", AdultEducationEventResponse,
                                endpoint="adult-education-event", not_found_ok=True)
    return response.body if response is not None else None
