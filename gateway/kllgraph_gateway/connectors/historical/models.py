"""Historical ads payloads: the JobSearch `/search` shape (agency-apis.md §1.2: "Response shape = JobSearch shape",
M, inferred from clients that read `total.value`, `hits[]` and `stats[]` from it), so the JobSearch models are reused.
"""

from __future__ import annotations

from ..jobsearch.models import JobAd, SearchResponse, Stat, StatValue, Total

__all__ = ["JobAd", "SearchResponse", "Stat", "StatValue", "StatsResponse", "Total"]


class StatsResponse(SearchResponse):
    """A `/search` asked for `stats`: the stats block is what it is for, so it is required (drift, not zero ads)."""

    stats: list[Stat]
