"""JobAd: a current Platsbanken ad from JobSearch, joined to its taxonomy occupation."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Annotated, Any

import strawberry

from .._errors import BadUserInput, UpstreamError
from .._keys import is_concept_id, municipality_code, organisation_number_prefix, region_code, ssyk_code
from .._pagination import Block, Connection, fetch_window, window
from .._upstream import SourceClient
from ..connectors import Source, historical, jobsearch
from ..connectors.jobsearch.models import JobAd as JobAdModel
from ..connectors.jobsearch.models import SearchResponse
from ._common import TaxonomyConcept
from ._context import BatchHint, Context, Info
from ._derived import derived
from ._module import GraphModule, NameProvider, hub_link
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct
from ._taxonomy import geography_index, occupation_index, outside_snapshot
from .geography import Municipality, Region
from .occupations import NotLocal, Occupation, load_occupation, local_occupation
from .organisations import Organisation

__all__ = ["MODULE", "OCCUPATIONS_IN_AD_BLOCK", "JobAd", "JobAdFilter", "JobAdQuery", "job_ad_connection", "seed"]

# The occupation ids of one upstream page of ads: per-occupation joins (historical demand) batch over the page.
OCCUPATIONS_IN_AD_BLOCK = BatchHint[str]("occupation ids of one block of ads")

_PLATSBANKEN_AD_URL = "https://arbetsformedlingen.se/platsbanken/annonser/{id}"


@strawberry.type(description="The employer named in an ad.")
class Employer:
    name: str | None
    organisation_number: str | None = strawberry.field(
        description="Organisation number, 10 digits (absent for sole traders)"
    )
    url: str | None
    workplace: str | None


@strawberry.type(description="Where the job is.")
class Workplace:
    municipality: str | None
    municipality_code: str | None = strawberry.field(description="SCB kommunkod, 4 digits")
    region: str | None
    region_code: str | None = strawberry.field(description="SCB länskod, 2 digits")
    country: str | None
    city: str | None
    postcode: str | None
    street_address: str | None


@strawberry.type(description="A current job ad (Arbetsförmedlingen Platsbanken, via JobTech JobSearch).")
class JobAd(Node):
    id: strawberry.ID = strawberry.field(description="Platsbanken ad id")
    headline: str | None
    description: str | None
    url: str = strawberry.field(description="The ad's page on Platsbanken (or the employer's, where given)")
    published_at: datetime | None
    last_publication_date: datetime | None
    application_deadline: datetime | None
    number_of_vacancies: int | None
    employer: Employer | None
    workplace: Workplace | None
    employment_type: TaxonomyConcept | None
    working_hours_type: TaxonomyConcept | None
    source: SourceInfo
    occupation_concept_id: strawberry.Private[str | None]

    @classmethod
    def from_model(cls, ad: JobAdModel, *, source: Source = jobsearch.SOURCE) -> JobAd:
        employer, address = ad.employer, ad.workplace_address
        return cls(
            node_id=global_id("JobAd", node_key(ad.id, source)),
            id=strawberry.ID(ad.id),
            headline=ad.headline,
            description=ad.description.text if ad.description else None,
            url=ad.webpage_url or _PLATSBANKEN_AD_URL.format(id=ad.id),
            published_at=ad.publication_date,
            last_publication_date=ad.last_publication_date,
            application_deadline=ad.application_deadline,
            number_of_vacancies=ad.number_of_vacancies,
            employer=Employer(
                name=employer.name,
                organisation_number=employer.organization_number,
                url=employer.url,
                workplace=employer.workplace,
            ) if employer else None,
            workplace=Workplace(
                municipality=address.municipality,
                municipality_code=address.municipality_code,
                region=address.region,
                region_code=address.region_code,
                country=address.country,
                city=address.city,
                postcode=address.postcode,
                street_address=address.street_address,
            ) if address else None,
            employment_type=_concept(ad.employment_type, "employment-type"),
            working_hours_type=_concept(ad.working_hours_type, "worktime-extent"),
            source=SourceInfo.of(source),
            occupation_concept_id=ad.occupation.concept_id if ad.occupation else None,
        )

    @strawberry.field(description="The ad's occupation (taxonomy occupation-name), with its SSYK code.",
                      graphql_type=Occupation | None)
    def occupation(self, info: Info) -> Occupation | Awaitable[Occupation | None] | None:
        # Synchronous when the join is local (the request has the occupation index): a page of ads then completes
        # without an await per ad. Otherwise the DataLoader's awaitable, which graphql-core awaits.
        if self.occupation_concept_id is None:
            return None
        local = local_occupation(info.context, self.occupation_concept_id)
        if not isinstance(local, NotLocal):
            return local
        return load_occupation(info.context, self.occupation_concept_id)


def _concept(item: jobsearch.models.TaxonomyItem | None, type_: str) -> TaxonomyConcept | None:
    return TaxonomyConcept.from_item(item.concept_id, item.label, type_) if item else None


@dataclass(frozen=True, slots=True)
class JobAdFilter:
    """The gateway's ad filter, in our join keys; `resolve` turns it into JobSearch's concept-id filter."""

    query: str | None = None
    occupation_names: tuple[str, ...] = ()
    ssyk_codes: tuple[str, ...] = ()
    municipality_codes: tuple[str, ...] = ()
    region_codes: tuple[str, ...] = ()
    concept_municipalities: tuple[str, ...] = ()
    concept_regions: tuple[str, ...] = ()
    employers: tuple[str, ...] = ()
    published_after: datetime | None = None

    async def resolve(self, ctx: Context) -> jobsearch.api.SearchFilter:
        groups: list[str] = []
        if self.ssyk_codes:
            occupations = await occupation_index(ctx)
            for code in self.ssyk_codes:
                group = occupations.ssyk_groups.get(code)
                if group is None:
                    raise BadUserInput(f"no SSYK 2012 group {code} in the taxonomy", argument="occupation")
                groups.append(group.id)
        municipalities, regions = list(self.concept_municipalities), list(self.concept_regions)
        if self.municipality_codes or self.region_codes:
            geography = await geography_index(ctx)
            for code in self.municipality_codes:
                municipality = geography.municipalities_by_code.get(code)
                if municipality is None:
                    raise outside_snapshot(ctx, "municipality", code, geography.municipalities_by_code) or (
                        BadUserInput(f"no municipality with code {code} in the taxonomy", argument="municipality"))
                municipalities.append(municipality.id)
            for code in self.region_codes:
                region = geography.regions_by_code.get(code)
                if region is None:
                    raise outside_snapshot(ctx, "county", code, geography.regions_by_code) or (
                        BadUserInput(f"no county (län) with code {code} in the taxonomy", argument="region"))
                regions.append(region.id)
        return jobsearch.api.SearchFilter(
            q=self.query,
            occupation_name=self.occupation_names,
            occupation_group=tuple(groups),
            municipality=tuple(municipalities),
            region=tuple(regions),
            employer=self.employers,
            published_after=self.published_after,
        )


AdSearch = Callable[[SourceClient, "jobsearch.api.SearchFilter", int, int], Awaitable[SearchResponse]]


async def _jobsearch(client: SourceClient, search_filter: jobsearch.api.SearchFilter, offset: int,
                     limit: int) -> SearchResponse:
    return await jobsearch.api.search(client, search_filter, offset=offset, limit=limit)


async def job_ad_connection(
    ctx: Context, ad_filter: JobAdFilter, first: int | None, after: str | None, *,
    source: Source = jobsearch.SOURCE, search: AdSearch = _jobsearch,
) -> Connection[JobAd]:
    """Ads matching `ad_filter`, from JobSearch or (with `source`/`search`) another API of the same ad shape."""
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    search_filter = await ad_filter.resolve(ctx)
    client = ctx.source(source.name)
    limits = client.runtime.source
    size = limits.page_size

    async def fetch_block(index: int) -> Block[JobAdModel]:
        response = await search(client, search_filter, index * size, size)
        # Per-occupation joins (e.g. historical demand) batch over the whole block's occupations.
        ctx.hint_batch(OCCUPATIONS_IN_AD_BLOCK, (ad.occupation.concept_id for ad in response.hits if ad.occupation))
        return Block(items=response.hits, total=response.total.value)

    async def local_occupations() -> None:
        # With the Taxonomy mirror preloaded, the ads' occupations are a local join: having the index built here
        # lets each ad's `occupation` read it without a DataLoader round (a failure is left to that field).
        if ctx.settings.preload_metadata:
            with contextlib.suppress(UpstreamError):
                await occupation_index(ctx)

    reachable = limits.max_offset + size if limits.max_offset is not None else None
    (ads, total, has_next), _ = await asyncio.gather(
        fetch_window(win, block_size=size, fetch_block=fetch_block, max_reachable=reachable), local_occupations())
    # The ads of a cached page are the same parsed objects in every request: their JobAds are built once (`_derived`).
    nodes = [derived(ad, (JobAd, source.name), partial(JobAd.from_model, ad, source=source)) for ad in ads]
    return Connection[JobAd].from_window(nodes, win, total=total, has_next=has_next)


def _code_or_concept(value: str, argument: str, *, digits: int) -> tuple[str | None, str | None]:
    """(SCB code, concept id): geography filters accept either form."""
    if is_concept_id(value):
        return None, value
    code = municipality_code(value, argument=argument) if digits == 4 else region_code(value, argument=argument)
    return code, None


_AD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@strawberry.type
class JobAdQuery:
    @strawberry.field(description="Search current job ads (JobTech JobSearch).")
    async def job_ads(
        self,
        info: Info,
        query: Annotated[str | None, strawberry.argument(description="Free text, JobSearch `q` syntax")] = None,
        occupation: Annotated[
            str | None, strawberry.argument(description="Occupation-name concept id, or a 4-digit SSYK 2012 code")
        ] = None,
        municipality: Annotated[
            str | None,
            strawberry.argument(description="Municipality code (4 digits, e.g. 0180) or taxonomy concept id"),
        ] = None,
        region: Annotated[
            str | None, strawberry.argument(description="County (län) code (2 digits, e.g. 01) or taxonomy concept id")
        ] = None,
        employer: Annotated[
            str | None, strawberry.argument(description="Organisation number (any common form) or a digit prefix")
        ] = None,
        published_after: datetime | None = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, 0-100 (default 20)")] = None,
        after: str | None = None,
    ) -> Connection[JobAd] | None:
        fields: dict[str, tuple[str, ...]] = {}
        if occupation is not None:
            if is_concept_id(occupation):
                fields["occupation_names"] = (occupation,)
            else:
                fields["ssyk_codes"] = (ssyk_code(occupation, argument="occupation"),)
        if municipality is not None:
            code, concept = _code_or_concept(municipality, "municipality", digits=4)
            fields["municipality_codes" if code else "concept_municipalities"] = (code or concept or "",)
        if region is not None:
            code, concept = _code_or_concept(region, "region", digits=2)
            fields["region_codes" if code else "concept_regions"] = (code or concept or "",)
        if employer is not None:
            fields["employers"] = (organisation_number_prefix(employer),)
        ad_filter = JobAdFilter(query=query, published_after=published_after, **fields)
        return await job_ad_connection(info.context, ad_filter, first, after)

    @strawberry.field(description="One job ad by its Platsbanken id (null when JobSearch does not know it).")
    async def job_ad(self, info: Info, id: strawberry.ID) -> JobAd | None:
        return await load_job_ad(info.context, str(id))


async def load_job_ad(ctx: Context, ad_id: str) -> JobAd | None:
    if not _AD_ID.fullmatch(ad_id):
        raise BadUserInput(f"{ad_id!r} is not a job ad id", argument="id")
    ad = await jobsearch.api.ad(ctx.source("jobsearch"), ad_id)
    return JobAd.from_model(ad) if ad else None


# An archived ad (historicalJobAds) is no longer known to JobSearch's `/ad/{id}`, so its node key names the source
# it came from and `node(id:)` reads it back from there. Current ads keep the bare Platsbanken id as their key.
_ARCHIVED = "historical:"


def node_key(ad_id: str, source: Source) -> str:
    return _ARCHIVED + ad_id if source == historical.SOURCE else ad_id


async def load_job_ad_node(ctx: Context, key: str) -> JobAd | None:
    ad_id = key.removeprefix(_ARCHIVED)
    if ad_id == key:
        return await load_job_ad(ctx, key)
    if not _AD_ID.fullmatch(ad_id):
        raise BadUserInput(f"{ad_id!r} is not a job ad id", argument="id")
    ad = await historical.api.ad(ctx.source("historical"), ad_id)
    return JobAd.from_model(ad, source=historical.SOURCE) if ad else None


async def employer_name(ctx: Context, number: str) -> str | None:
    """The employer name the organisation's newest ad gives (the ad search is cached and shared)."""
    page = await job_ad_connection(ctx, JobAdFilter(employers=(number,)), 1, None)
    for edge in page.edges:
        employer = edge.node.employer
        if employer and employer.organisation_number == number and employer.name:
            return employer.name
    return None


# Nested joins batch over whole ad blocks (see Context.hint_batch), so recording them once per ad list covers
# every window of that list offline.
_SEED_AD_FIELDS = """id headline
  employer { organisationNumber }
  workplace { municipalityCode regionCode }
  occupation { id ssykCode historicalDemand { year adCount } }"""


def _followed(ads: list[dict[str, Any]], max_follow: int) -> dict[str, list[str]]:
    """The `jobAds` filters the seed follows: the first ads' occupations (by id and SSYK), places and employers."""

    def values(part: str, key: str) -> list[str | None]:
        return [(ad.get(part) or {}).get(key) for ad in ads]

    return {
        "occupation": distinct(values("occupation", "id") + values("occupation", "ssykCode"), 2 * max_follow),
        "municipality": distinct(values("workplace", "municipalityCode"), max_follow),
        "region": distinct(values("workplace", "regionCode"), max_follow),
        "employer": distinct(values("employer", "organisationNumber"), max_follow),
    }


async def seed(run: SeedRun) -> None:
    """The first page of ads, the occupation list, then ads by each occupation, SSYK group, place and employer."""
    execute, max_follow = run.execute, run.max_follow
    page = await execute(f"{{ jobAds(first: 100) {{ totalCount edges {{ node {{ {_SEED_AD_FIELDS} }} }} }} }}", None)
    ads = [edge["node"] for edge in (page.get("jobAds") or {}).get("edges", [])]
    await execute("{ occupations(first: 100) { totalCount edges { node { id label ssykCode } } } }", None)
    followed = _followed(ads, max_follow)
    for argument, values in followed.items():
        for value in values:
            await execute(
                f"query Seed($v: String!) {{ jobAds({argument}: $v, first: 100) {{ totalCount "
                f"edges {{ node {{ id occupation {{ label historicalDemand {{ year }} }} }} }} }} }}",
                {"v": value},
            )
    for ad_id in distinct([ad.get("id") for ad in ads], max_follow):
        await execute("query Seed($id: ID!) { jobAd(id: $id) { id headline } }", {"id": ad_id})


async def _municipality_job_ads(
    root: Municipality, info: Info, first: int | None = None, after: str | None = None
) -> Connection[JobAd] | None:
    ad_filter = JobAdFilter(concept_municipalities=(str(root.concept_id),))
    return await job_ad_connection(info.context, ad_filter, first, after)


async def _region_job_ads(
    root: Region, info: Info, first: int | None = None, after: str | None = None
) -> Connection[JobAd] | None:
    return await job_ad_connection(info.context, JobAdFilter(concept_regions=(str(root.concept_id),)), first, after)


async def _employer_job_ads(
    root: Organisation, info: Info, first: int | None = None, after: str | None = None
) -> Connection[JobAd] | None:
    return await job_ad_connection(info.context, JobAdFilter(employers=(root.organisation_number,)), first, after)


async def _occupation_job_ads(
    root: Occupation, info: Info, first: int | None = None, after: str | None = None
) -> Connection[JobAd] | None:
    return await job_ad_connection(info.context, JobAdFilter(occupation_names=(str(root.id),)), first, after)


MODULE = GraphModule(
    name="jobads",
    connectors=(jobsearch, historical),
    query=JobAdQuery,
    types=(JobAd,),
    nodes={"JobAd": load_job_ad_node},
    seed=seed,
    # Ads name employers as they advertise; registries (priority < 100) name them more formally.
    name_provider=NameProvider(source=jobsearch.SOURCE, priority=100, name=employer_name),
    links=(
        hub_link(Region, "job_ads", _region_job_ads, description="Current job ads in this county.",
                 seed="jobAds(first: 100) { totalCount }"),
        hub_link(Municipality, "job_ads", _municipality_job_ads, description="Current job ads in this municipality.",
                 seed="jobAds(first: 100) { totalCount edges { node { id } } }"),
        hub_link(Organisation, "job_ads", _employer_job_ads,
                 description="Current job ads where this organisation is the employer.",
                 seed="jobAds(first: 100) { totalCount edges { node { id } } }"),
        hub_link(Occupation, "job_ads", _occupation_job_ads,
                 description="Current job ads for this occupation (JobSearch `occupation-name` filter)."),
    ),
)
