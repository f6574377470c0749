"""Live requests to the Historical ads API.

`/search` takes JobSearch's params (concept-id filters, offset/limit, stats) plus `historical-from` and
`historical-to` (agency-apis.md §1.2, M). Date format: clients send plain ISO dates for quarter/year windows
(`historical-from=2016-01-01&historical-to=2016-03-31`, code-index id 48069154713) and ISO date-times; we send
dates, inclusive at both ends as those clients assume (M: no official doc of the bounds was found).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..._upstream import SourceClient
from ..jobsearch.api import SearchFilter
from .models import JobAd, SearchResponse, StatsResponse

# JobSearch caps `stats.limit` (20 in older, 30 in later sokannonser-api versions, code-index ids 9837659126,
# 8840648928; M); we stay at the lower cap so a stats request never exceeds it.
STATS_LIMIT_MAX = 20


def period_params(historical_from: date | None, historical_to: date | None) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = []
    if historical_from is not None:
        params.append(("historical-from", historical_from.isoformat()))
    if historical_to is not None:
        params.append(("historical-to", historical_to.isoformat()))
    return params


async def search(
    client: SourceClient,
    search_filter: SearchFilter,
    *,
    historical_from: date | None,
    historical_to: date | None,
    offset: int,
    limit: int,
) -> SearchResponse:
    params = [*search_filter.params(), *period_params(historical_from, historical_to),
              ("offset", str(offset)), ("limit", str(limit))]
    return await client.get_model("/search", SearchResponse, endpoint="search", params=params)


async def occupation_counts(
    client: SourceClient, occupation_ids: Sequence[str], *, historical_from: date, historical_to: date
) -> StatsResponse:
    """Ads per occupation-name in a period: one `limit=0` search filtered to the occupations (OR), with
    `stats=occupation-name` giving each one's count. At most STATS_LIMIT_MAX ids per call."""
    if not 0 < len(occupation_ids) <= STATS_LIMIT_MAX:
        raise ValueError(f"between 1 and {STATS_LIMIT_MAX} occupation ids per request, got {len(occupation_ids)}")
    params = [
        *(("occupation-name", concept_id) for concept_id in occupation_ids),
        *period_params(historical_from, historical_to),
        ("stats", "occupation-name"),
        ("stats.limit", str(len(occupation_ids))),
        ("offset", "0"),
        ("limit", "0"),
    ]
    return await client.get_model("/search", StatsResponse, endpoint="search", params=params)


async def ad(client: SourceClient, ad_id: str) -> JobAd | None:
    """One archived ad by its Platsbanken id, None when the archive does not know it. `GET /ad/{id}` as JobSearch's
    (M: several independent clients call `historical.api.jobtechdev.se/ad/<id>`, code-index ids 5654404443,
    52617459446, 23135218671, 68341256253; no official spec was found offline). Shape: a JobSearch ad (as `/search`)."""
    return await client.get(f"/ad/{ad_id}", JobAd, endpoint="ad", not_found_ok=True)
