"""Live requests to Skolenhetsregistret v2 (agency-apis.md §2.2). Lists come whole (no paging upstream); array
filters are repeated query parameters (OpenAPI 3.0 default style form, explode true)."""

from __future__ import annotations

from collections.abc import Sequence

from ..._upstream import SourceClient
from .models import (
    OrganizerInfoResponse,
    OrganizerListResponse,
    SchoolUnitInfoResponse,
    SchoolUnitListResponse,
)


async def school_units(
    client: SourceClient,
    *,
    organization_numbers: Sequence[str] = (),
    municipality_codes: Sequence[str] = (),
    school_types: Sequence[str] = (),
    statuses: Sequence[str] = (),
) -> SchoolUnitListResponse:
    params: list[tuple[str, str]] = []
    for name, values in (
        ("organization_number", organization_numbers),
        ("municipality_code", municipality_codes),
        ("school_type", school_types),
        ("status", statuses),
    ):
        params.extend((name, value) for value in values)
    return await client.get_model("/v2/school-units", SchoolUnitListResponse, endpoint="school-units", params=params)


async def school_unit(client: SourceClient, code: str) -> SchoolUnitInfoResponse | None:
    return await client.get(f"/v2/school-units/{code}", SchoolUnitInfoResponse, endpoint="school-unit",
                            not_found_ok=True)


async def organizers(client: SourceClient) -> OrganizerListResponse:
    return await client.get_model("/v2/organizers", OrganizerListResponse, endpoint="organizers")


async def organizer(client: SourceClient, organization_number: str) -> OrganizerInfoResponse | None:
    return await client.get(f"/v2/organizers/{organization_number}", OrganizerInfoResponse, endpoint="organizer",
                            not_found_ok=True)
