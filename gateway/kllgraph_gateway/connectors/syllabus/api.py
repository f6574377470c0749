"""Live requests to the Syllabus API v1 (agency-apis.md §2.1). No paging upstream: lists come whole."""

from __future__ import annotations

from ..._upstream import SourceClient
from .models import (
    Course,
    CourseResponse,
    Programme,
    ProgrammeResponse,
    ProgrammesResponse,
    Subject,
    SubjectResponse,
    SubjectsResponse,
)


async def subjects(client: SourceClient, *, school_type: str | None = None) -> SubjectsResponse:
    """Current (`timespan=LATEST`) subjects, optionally of one school type (GY, GR, VUXGY...)."""
    params = [("timespan", "LATEST")]
    if school_type:
        params.append(("schooltype", school_type))
    return await client.get_model("/v1/subjects", SubjectsResponse, endpoint="subjects", params=params)


async def subject(client: SourceClient, code: str) -> Subject | None:
    response = await client.get(f"/v1/subjects/{code}", SubjectResponse, endpoint="subject", not_found_ok=True)
    return response.subject if response is not None else None


async def programmes(client: SourceClient) -> ProgrammesResponse:
    params = [("timespan", "LATEST")]
    return await client.get_model("/v1/programs", ProgrammesResponse, endpoint="programs", params=params)


async def programme(client: SourceClient, code: str) -> Programme | None:
    response = await client.get(f"/v1/programs/{code}", ProgrammeResponse, endpoint="program", not_found_ok=True)
    return response.program if response is not None else None


async def course(client: SourceClient, code: str) -> Course | None:
    response = await client.get(f"/v1/courses/{code}", CourseResponse, endpoint="course", not_found_ok=True)
    return response.course if response is not None else None
