"""Live requests to JobSearch. Filters take taxonomy concept ids, as the API does (agency-apis.md §1.1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..._upstream import SourceClient
from .models import JobAd, SearchResponse


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """JobSearch /search filters; list values become repeated params (the API ORs them)."""

    q: str | None = None
    occupation_name: Sequence[str] = ()
    occupation_group: Sequence[str] = ()
    occupation_field: Sequence[str] = ()
    municipality: Sequence[str] = ()
    region: Sequence[str] = ()
    employer: Sequence[str] = ()  # organisation numbers; the API matches them as prefixes
    published_after: datetime | None = None
    extra: Sequence[tuple[str, str]] = field(default=())

    def params(self) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = []
        if self.q:
            params.append(("q", self.q))
        for name, values in (
            ("occupation-name", self.occupation_name),
            ("occupation-group", self.occupation_group),
            ("occupation-field", self.occupation_field),
            ("municipality", self.municipality),
            ("region", self.region),
            ("employer", self.employer),
        ):
            params.extend((name, value) for value in values)
        if self.published_after is not None:
            params.append(("published-after", self.published_after.strftime("%Y-%m-%dT%H:%M:%S")))
        params.extend(self.extra)
        return params


async def search(client: SourceClient, search_filter: SearchFilter, *, offset: int, limit: int) -> SearchResponse:
    params = [*search_filter.params(), ("offset", str(offset)), ("limit", str(limit))]
    return await client.get_model("/search", SearchResponse, endpoint="search", params=params)


async def ad(client: SourceClient, ad_id: str) -> JobAd | None:
    return await client.get(f"/ad/{ad_id}", JobAd, endpoint="ad", not_found_ok=True)
