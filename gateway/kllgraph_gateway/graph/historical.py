"""Historical demand: yearly ad counts per occupation, and archived ads, from JobTech Historical ads (§1.2).

Cost of `historicalDemand` under a list of occupations. The upstream's unit is one `/search` per (occupation,
period): `total.value` of a `limit=0` search. Its `stats=occupation-name` aggregation gives a count per
occupation-name (values carry `concept_id` and `count`, see upstream-samples/jobsearch-search-stats.json), but only
for the top `stats.limit` terms, and `stats.limit` is capped (20 or 30 by version, M). So we batch: per year, one
search filtered to up to 20 of the batch's occupations (repeated `occupation-name` params are ORed) with
`stats=occupation-name&stats.limit=<n>`; every such occupation with ads is then among the n terms, and one missing
from the stats had no ads that year. A list of N occupations over Y years costs Y * ceil(N / 20) requests instead
of N * Y. It cannot be one request per nesting level: the stats carry no date dimension, so each year is its own
search. Chunks hold sorted ids, so the same list always makes the same requests (cache and offline snapshot hits).

DECLARED EXCEPTION to the request bound (README, "Every cross-source link goes through a DataLoader…"; counted in
tests/gateway/test_acceptance_graph.py): `historicalDemand` costs one `/search` per asked year (default 5) and
per 20 occupations at its level. No way to get counts by period in one request was found (M): `historical-from`/
`historical-to` bound one window, the `stats` types JobSearch documents are concept types (occupation-name,
municipality, ...), not dates, and the bulk files on data.jobtechdev.se are whole years of ads, not counts.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Coroutine
from datetime import date
from typing import Annotated, Any

import strawberry

from .._errors import BadUserInput
from .._keys import is_concept_id, municipality_code, ssyk_code
from .._pagination import Connection
from .._upstream import SourceClient
from ..connectors import historical
from ..connectors.historical.api import STATS_LIMIT_MAX
from ..connectors.jobsearch.api import SearchFilter
from ..connectors.jobsearch.models import SearchResponse
from ._context import Context, Info, Loader
from ._module import GraphModule, hub_link
from ._seeds import SeedRun, distinct
from .jobads import OCCUPATIONS_IN_AD_BLOCK, JobAd, JobAdFilter, job_ad_connection
from .occupations import Occupation

__all__ = ["MODULE", "DemandYear", "HistoricalQuery", "default_years", "historical_demand", "seed"]

# First year of the archive: clients report ads "from 2006 onwards" (code-index id 7996954440; others say 2016; M).
FIRST_YEAR = 2006
DEFAULT_YEAR_COUNT = 5


@strawberry.type(description="Ads published for an occupation in one calendar year (JobTech Historical ads).")
class DemandYear:
    year: int
    ad_count: int = strawberry.field(description="Number of ads (`total.value` of the year's search)")


def default_years(today: date | None = None) -> list[int]:
    """The last five full calendar years before today."""
    current = (today or date.today()).year
    return list(range(current - DEFAULT_YEAR_COUNT, current))


def _checked_years(years: list[int] | None, today: date) -> list[int]:
    if years is None:
        return default_years(today)
    current = today.year
    for year in years:
        if not FIRST_YEAR <= year <= current:
            raise BadUserInput(f"year {year} is outside the archive ({FIRST_YEAR}-{current})", argument="years")
    return sorted(set(years))


def _count_of(response: SearchResponse, concept_id: str) -> int | None:
    """The occupation's count from the stats, 0 when absent from them, None when the stats block is missing."""
    for stat in response.stats:
        if stat.type == "occupation-name":
            return next((v.count for v in stat.values if v.concept_id == concept_id), 0)
    return None


async def _load_demand(ctx: Context, keys: list[tuple[str, int]]) -> list[int]:
    client = ctx.source("historical")
    by_year: dict[int, list[str]] = defaultdict(list)
    for occupation_id, year in keys:
        if occupation_id not in by_year[year]:
            by_year[year].append(occupation_id)

    async def count_chunk(year: int, chunk: list[str]) -> dict[tuple[str, int], int]:
        response = await historical.api.occupation_counts(
            client, chunk, historical_from=date(year, 1, 1), historical_to=date(year, 12, 31)
        )
        counts: dict[tuple[str, int], int] = {}
        for occupation_id in chunk:
            count = _count_of(response, occupation_id)
            if count is None:
                if len(chunk) != 1:
                    # Stats ignored upstream: fall back to one search per occupation (the exact, costlier way).
                    singles = await asyncio.gather(*(count_chunk(year, [one]) for one in chunk))
                    return {key: value for single in singles for key, value in single.items()}
                count = response.total.value
            counts[(occupation_id, year)] = count
        return counts

    jobs: list[Coroutine[Any, Any, dict[tuple[str, int], int]]] = []
    # The declared exception (module docstring): one search per year and per chunk of STATS_LIMIT_MAX occupations.
    for year, asked in sorted(by_year.items()):
        # Widened to the occupations of the same ad block (hinted by job_ad_connection): a stable request per block.
        for ids in ctx.batch_groups(OCCUPATIONS_IN_AD_BLOCK, asked):
            jobs.extend(count_chunk(year, ids[i:i + STATS_LIMIT_MAX]) for i in range(0, len(ids), STATS_LIMIT_MAX))
    results: dict[tuple[str, int], int] = {}
    for part in await asyncio.gather(*jobs):
        results.update(part)
    return [results[key] for key in keys]


_DEMAND = Loader[tuple[str, int], int]("historical ad counts by (occupation, year)")


async def historical_demand(ctx: Context, occupation_id: str, years: list[int] | None) -> list[DemandYear]:
    """Yearly ad counts of one occupation-name; batched per request across all occupations and years asked for."""
    if not is_concept_id(occupation_id):
        raise BadUserInput(f"{occupation_id!r} is not a taxonomy concept id (like DJh5_yyF_hEM)", argument="id")
    wanted = _checked_years(years, ctx.today())

    async def load(keys: list[tuple[str, int]]) -> list[int]:
        return await _load_demand(ctx, keys)

    loader = ctx.loader(_DEMAND, load)
    counts = await asyncio.gather(*(loader.load((occupation_id, year)) for year in wanted))
    return [DemandYear(year=year, ad_count=count) for year, count in zip(wanted, counts, strict=True)]


async def historical_job_ad_connection(
    ctx: Context, ad_filter: JobAdFilter, historical_from: date | None, historical_to: date | None,
    first: int | None, after: str | None,
) -> Connection[JobAd]:
    """Archived ads: the JobSearch ad shape and paging, from the historical API with its period filter."""

    async def search(client: SourceClient, search_filter: SearchFilter, offset: int, limit: int) -> SearchResponse:
        return await historical.api.search(client, search_filter, historical_from=historical_from,
                                           historical_to=historical_to, offset=offset, limit=limit)

    return await job_ad_connection(ctx, ad_filter, first, after, source=historical.SOURCE, search=search)


@strawberry.type
class HistoricalQuery:
    @strawberry.field(description="Archived job ads (JobTech Historical ads, Platsbanken since 2006), newest first "
                                  "unless the upstream ranks them.")
    async def historical_job_ads(
        self,
        info: Info,
        occupation: Annotated[
            str | None, strawberry.argument(description="Occupation-name concept id, or a 4-digit SSYK 2012 code")
        ] = None,
        municipality: Annotated[
            str | None,
            strawberry.argument(description="Municipality code (4 digits, e.g. 0180) or taxonomy concept id"),
        ] = None,
        from_: Annotated[
            date | None, strawberry.argument(name="from", description="First publication day (inclusive)")
        ] = None,
        to: Annotated[date | None, strawberry.argument(description="Last publication day (inclusive)")] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, 0-100 (default 20)")] = None,
        after: str | None = None,
    ) -> Connection[JobAd] | None:
        if from_ is not None and to is not None and from_ > to:
            raise BadUserInput("`from` is after `to`", argument="from")
        names: tuple[str, ...] = ()
        ssyk_codes: tuple[str, ...] = ()
        if occupation is not None:
            if is_concept_id(occupation):
                names = (occupation,)
            else:
                ssyk_codes = (ssyk_code(occupation, argument="occupation"),)
        codes: tuple[str, ...] = ()
        concepts: tuple[str, ...] = ()
        if municipality is not None:
            if is_concept_id(municipality):
                concepts = (municipality,)
            else:
                codes = (municipality_code(municipality, argument="municipality"),)
        ad_filter = JobAdFilter(occupation_names=names, ssyk_codes=ssyk_codes, municipality_codes=codes,
                                concept_municipalities=concepts)
        return await historical_job_ad_connection(info.context, ad_filter, from_, to, first, after)

    @strawberry.field(description="Ads per calendar year for an occupation (default: the last five full years).")
    async def historical_demand(
        self, info: Info, occupation: strawberry.ID, years: list[int] | None = None
    ) -> list[DemandYear] | None:
        if not is_concept_id(str(occupation)):
            raise BadUserInput(f"{occupation!r} is not a taxonomy concept id (like DJh5_yyF_hEM)",
                               argument="occupation")
        return await historical_demand(info.context, str(occupation), years)


async def seed(run: SeedRun) -> None:
    """Archived ads (first page, per occupation, per municipality) and the yearly demand of every occupation,
    one by one and as one list (the batch a list of occupations makes)."""
    execute, max_follow = run.execute, run.max_follow
    # Archived ads carry their occupation (deprecated ones too) and its demand, batched over the ad block.
    ad_fields = ("id nodeId workplace { municipalityCode } "
                 "occupation { id deprecated historicalDemand { year adCount } }")
    page = await execute(f"{{ historicalJobAds(first: 100) {{ totalCount edges {{ node {{ {ad_fields} }} }} }} }}",
                         None)
    ads = [edge["node"] for edge in (page.get("historicalJobAds") or {}).get("edges", [])]
    # The ids those ads issue, read back through `node(id:)` (the archive's `/ad/{id}`).
    for node_id in distinct([ad.get("nodeId") for ad in ads], max_follow):
        await execute("query Seed($id: ID!) { node(id: $id) { nodeId } }", {"id": node_id})
    occupations = await execute("{ occupations(first: 100) { edges { node { id } } } }", None)
    ids = distinct([e["node"]["id"] for e in (occupations.get("occupations") or {}).get("edges", [])], max_follow)
    for occupation_id in ids:
        await execute("query Seed($o: ID!) { historicalDemand(occupation: $o) { year adCount } }", {"o": occupation_id})
        await execute("query Seed($o: String!) { historicalJobAds(occupation: $o, first: 100) { totalCount } }",
                      {"o": occupation_id})
    # A page of occupations asks for all their demand in one batch: the default page, and the largest. Beside their
    # ads, each occupation with ads is its own batch (its ad block's hint) and those without ads batch together.
    for first in ("", "(first: 100)"):
        for beside in ("", "jobAds(first: 2) { totalCount }"):
            selection = f"{beside} historicalDemand {{ adCount }}"
            await execute(f"{{ occupations{first} {{ edges {{ node {{ {selection} }} }} }} }}", None)
    for code in distinct([(ad.get("workplace") or {}).get("municipalityCode") for ad in ads], max_follow):
        await execute("query Seed($m: String!) { historicalJobAds(municipality: $m, first: 100) { totalCount "
                      f"edges {{ node {{ {ad_fields} }} }} }} }}", {"m": code})


async def _occupation_demand(root: Occupation, info: Info, years: list[int] | None = None) -> list[DemandYear] | None:
    return await historical_demand(info.context, str(root.id), years)


MODULE = GraphModule(
    name="historical",
    connectors=(historical,),
    query=HistoricalQuery,
    seed=seed,
    links=(
        hub_link(Occupation, "historical_demand", _occupation_demand,
                 description="Job ads per year for this occupation (JobTech historical ads); default: last 5 full "
                 "years."),
    ),
)
