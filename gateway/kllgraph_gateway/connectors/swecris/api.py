"""Live requests to SweCRIS (agency-apis.md §4). No paging upstream: each call returns a whole list."""

from __future__ import annotations

from urllib.parse import quote

from ..._upstream import SourceClient
from .models import Organisation, OrganisationList, Project, ProjectList


def swecris_organisation_id(organisation_number: str) -> str:
    """SweCRIS keys organisations by organisation number with a dash: 2021003054 -> "202100-3054" (H)."""
    return f"{organisation_number[:6]}-{organisation_number[6:]}"


async def projects_of_organisation(client: SourceClient, organisation_number: str) -> list[Project]:
    """Projects whose coordinating organisation is `organisation_number` (10 digits, normalised by the caller)."""
    org_id = swecris_organisation_id(organisation_number)
    result = await client.get_model(f"/v1/projects/organisations/{org_id}", ProjectList, endpoint="projects-by-org")
    return result.root


async def project(client: SourceClient, project_id: str) -> Project | None:
    result = await client.get(f"/v1/projects/{quote(project_id, safe='')}", Project, endpoint="project",
                              not_found_ok=True)
    return result


async def organisations(client: SourceClient) -> list[Organisation]:
    result = await client.get_model("/v1/organisations", OrganisationList, endpoint="organisations")
    return result.root
