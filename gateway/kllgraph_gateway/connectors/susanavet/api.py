"""Live requests to Susa-navet emil3 (official OpenAPI 3.0.2, H).

List endpoints filter by `schoolType` (array: repeated `schoolType=HS&schoolType=YH`, OpenAPI's default form style)
and `updatedSince`; `/educationEvents` also by one `providerId`. Paging: `page` (0-based) and `size` (1..2000).
There is no id-list, municipality, organisation-number or free-text filter: single records come from `/{id}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from ..._upstream import Params, SourceClient
from .models import (
    ApiInfo,
    EducationEventList,
    EducationInfoList,
    EducationProviderList,
    EventResource,
    InfoResource,
    ProviderResource,
)

MAX_SIZE = 2000  # the spec's maximum `size`


def _list_params(*, school_types: Sequence[str], updated_since: str | None, page: int, size: int,
                 provider_id: str | None = None) -> Params:
    if not 1 <= size <= MAX_SIZE or page < 0:
        raise ValueError(f"emil3 paging is page >= 0, 1 <= size <= {MAX_SIZE}; got page={page}, size={size}")
    params: list[tuple[str, str]] = [("schoolType", code) for code in school_types]
    if provider_id is not None:
        params.append(("providerId", provider_id))
    if updated_since is not None:
        params.append(("updatedSince", updated_since))
    return [*params, ("page", str(page)), ("size", str(size))]


def _one(collection: str, record_id: str) -> str:
    return f"/{collection}/{quote(record_id, safe='')}"


async def education_events(
    client: SourceClient,
    *,
    school_types: Sequence[str] = (),
    provider_id: str | None = None,
    updated_since: str | None = None,
    page: int,
    size: int,
) -> EducationEventList:
    params = _list_params(school_types=school_types, provider_id=provider_id, updated_since=updated_since,
                          page=page, size=size)
    return await client.get_model("/educationEvents", EducationEventList, endpoint="educationEvents", params=params)


async def education_infos(
    client: SourceClient, *, school_types: Sequence[str] = (), updated_since: str | None = None, page: int, size: int
) -> EducationInfoList:
    params = _list_params(school_types=school_types, updated_since=updated_since, page=page, size=size)
    return await client.get_model("/educationInfos", EducationInfoList, endpoint="educationInfos", params=params)


async def education_providers(
    client: SourceClient, *, school_types: Sequence[str] = (), updated_since: str | None = None, page: int, size: int
) -> EducationProviderList:
    params = _list_params(school_types=school_types, updated_since=updated_since, page=page, size=size)
    return await client.get_model("/educationProviders", EducationProviderList, endpoint="educationProviders",
                                  params=params)


async def education_event(client: SourceClient, event_id: str) -> EventResource | None:
    """`/educationEvents/{id}`; None on 404 (the spec's "not found")."""
    return await client.get(_one("educationEvents", event_id), EventResource, endpoint="educationEvents/{id}",
                            not_found_ok=True)


async def education_info(client: SourceClient, info_id: str) -> InfoResource | None:
    return await client.get(_one("educationInfos", info_id), InfoResource, endpoint="educationInfos/{id}",
                            not_found_ok=True)


async def education_provider(client: SourceClient, provider_id: str) -> ProviderResource | None:
    return await client.get(_one("educationProviders", provider_id), ProviderResource,
                            endpoint="educationProviders/{id}", not_found_ok=True)


async def api_info(client: SourceClient) -> ApiInfo:
    return await client.get_model("/api-info", ApiInfo, endpoint="api-info")
