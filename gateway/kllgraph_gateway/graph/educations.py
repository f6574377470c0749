"""Education: an education event or description from Susa-navet emil3, Skolverket Planned Educations (adult
education, incl. MYH's YH programmes) or a JobEd Connect match, with its form, provider, place, credits and start.

Where each piece comes from:
- `educations(...)` lists Susa-navet `/educationEvents` filtered by `schoolType` (from `schoolType:` or `form:`);
  form and credits are joined from the event's `/educationInfos/{id}`, provider names from `/educationProviders/{id}`.
- emil3 has no municipality or text filter, so `municipality:`/`query:` (and `Municipality.educations`) read
  Skolverket Planned Educations `/v4/adult-education-events` (Skolverket's re-exposure of Susa-navet's adult,
  YH and higher-education events, which has `geographicalAreaCode` and `searchTerm`).
- `Organisation.educations` finds the organisation's providers by the optional `organisationNumber` emil3 providers
  carry (an index over `/educationProviders`), then reads `/educationEvents?providerId=...` per provider.
- `Occupation.educations` (hub) reads JobEd Connect `match-by-occupation`.

Request-bound exceptions (emil3 offers no id-list or organisation filter; README "Request bound"):
- by-id joins (`educationInfos/{id}`, `educationProviders/{id}`, `educationEvents/{id}`): one request per DISTINCT
  id per nesting level, all of one level sent concurrently by a DataLoader and cached;
- the organisation-number index: `educationProviders` pages of 2000 (totalPages requests), once per GraphQL request
  and cached for the source TTL;
- `Organisation.educations`: one `educationEvents?providerId=` request per provider of the organisation and block.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

import strawberry

from .._errors import BadUserInput
from .._keys import is_concept_id, municipality_code, organisation_number
from .._limits import ListSize
from .._pagination import Block, Connection, Window, fetch_window, window
from ..connectors import Source, jobed, myh, planned_educations, susanavet
from ..connectors.jobed.models import MatchedEducation
from ..connectors.planned_educations import api as planned_api
from ..connectors.planned_educations.models import AdultEducationEvent
from ..connectors.susanavet.models import EducationEvent, EducationInfo
from ..connectors.susanavet.models import EducationProvider as SusaProvider
from ._context import Context, Info, Loader, Memo
from ._module import GraphModule, hub_link
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct
from .geography import Municipality, load_municipality
from .occupations import Occupation, load_occupation
from .organisations import Organisation

__all__ = [
    "MODULE",
    "Education",
    "EducationForm",
    "EducationQuery",
    "SusaSchoolType",
    "educations_for_occupation",
    "educations_in_municipality",
    "educations_of_organisation",
    "load_education",
    "seed",
]


@strawberry.enum(description="The kind of education, mapped explicitly from each upstream's own values.")
class EducationForm(Enum):
    UPPER_SECONDARY = "upper_secondary"
    ADULT_EDUCATION = "adult_education"
    YH = "yh"
    HIGHER_EDUCATION = "higher_education"
    FOLK_HIGH_SCHOOL = "folk_high_school"
    SFI = "sfi"
    OTHER = "other"


@strawberry.enum(description="Susa-navet emil3 school form codes (`schoolType`), as its official spec 3.0.2 lists them")
class SusaSchoolType(Enum):
    AU = "AU"  # Annan undervisning
    AUB = "AUB"  # Arbetsmarknadsutbildning
    FHS = "FHS"  # Folkhögskola
    FKLASS = "FKLASS"  # Förskoleklass
    FTH = "FTH"  # Fritidshem
    GR = "GR"  # Grundskola
    GRAN = "GRAN"  # Anpassad grundskola
    GY = "GY"  # Gymnasieskola
    GYAN = "GYAN"  # Anpassad gymnasieskola
    HS = "HS"  # Högskola
    KKU = "KKU"  # Konst- och kulturutbildning
    KU = "KU"  # Kulturskola
    NY = "NY"  # Nationell yrkesutbildning
    OPPFTH = "OPPFTH"  # Öppen fritidsverksamhet
    SAM = "SAM"  # Sameskola
    SP = "SP"  # Specialskola
    STF = "STF"  # Studieförbund
    VUX = "VUX"  # Kommunal vuxenutbildning (dropped from the list in API 3.0.3, M)
    VUXGR = "VUXGR"  # Komvux, grundläggande nivå
    VUXGRAN = "VUXGRAN"  # Komvux som anpassad utbildning, grundläggande nivå
    VUXGY = "VUXGY"  # Komvux, gymnasial nivå
    VUXGYAN = "VUXGYAN"  # Komvux som anpassad utbildning, gymnasial nivå
    VUXSFI = "VUXSFI"  # Komvux i svenska för invandrare
    YH = "YH"  # Yrkeshögskola


# emil3 info `type.code` (Code_SchoolType) -> form (H: code list from the spec; the grouping is ours). Codes not
# listed (AU, NY, KU, ...) are OTHER.
_FORM_BY_SCHOOL_TYPE: dict[str, EducationForm] = {
    "GY": EducationForm.UPPER_SECONDARY,
    "GYAN": EducationForm.UPPER_SECONDARY,
    "VUX": EducationForm.ADULT_EDUCATION,
    "VUXGR": EducationForm.ADULT_EDUCATION,
    "VUXGRAN": EducationForm.ADULT_EDUCATION,
    "VUXGY": EducationForm.ADULT_EDUCATION,
    "VUXGYAN": EducationForm.ADULT_EDUCATION,
    "VUXSFI": EducationForm.SFI,
    "YH": EducationForm.YH,
    "HS": EducationForm.HIGHER_EDUCATION,
    "FHS": EducationForm.FOLK_HIGH_SCHOOL,
}
# ... and the `schoolType` codes a `form:` filter sends. `VUX` is left out: API 3.0.3 dropped it (M), so sending
# it could be refused; the four komvux levels cover it.
_SCHOOL_TYPES_BY_FORM: dict[EducationForm, tuple[str, ...]] = {
    EducationForm.UPPER_SECONDARY: ("GY", "GYAN"),
    EducationForm.ADULT_EDUCATION: ("VUXGR", "VUXGRAN", "VUXGY", "VUXGYAN"),
    EducationForm.SFI: ("VUXSFI",),
    EducationForm.YH: ("YH",),
    EducationForm.HIGHER_EDUCATION: ("HS",),
    EducationForm.FOLK_HIGH_SCHOOL: ("FHS",),
}
# JobEd Connect's `education_form` values: the Susa-navet 1.1 `organisationForm` vocabulary (M: agency-apis.md §5;
# JobEd is assumed to keep it, L).
_JOBED_FORMS: dict[str, EducationForm] = {
    "gymnasieskola": EducationForm.UPPER_SECONDARY,
    "vuxenutbildning": EducationForm.ADULT_EDUCATION,
    "yrkeshögskoleutbildning": EducationForm.YH,
    "kvalificerad yrkesutbildning": EducationForm.YH,  # KY, YH's predecessor; events still carry the old form
    "högskoleutbildning": EducationForm.HIGHER_EDUCATION,
    "folkhögskola": EducationForm.FOLK_HIGH_SCHOOL,
}
# Planned Educations adult events: `typeOfSchool` display texts seen in the v4 spec examples (H). SFI's display text
# was not seen; it maps to OTHER until verified.
_PLANNED_TYPES: dict[str, EducationForm] = {
    "Yrkeshögskoleutbildning": EducationForm.YH,
    "Högskoleutbildning": EducationForm.HIGHER_EDUCATION,
    "Gymnasial vuxenutbildning": EducationForm.ADULT_EDUCATION,
    "Grundläggande vuxenutbildning": EducationForm.ADULT_EDUCATION,
}
# ... and the `typeOfSchool` filter codes the spec lists for them (H).
_PLANNED_TYPE_FILTER: dict[EducationForm, str] = {EducationForm.YH: "yh", EducationForm.SFI: "sfi"}

_PROVIDER_INDEX_SIZE = susanavet.api.MAX_SIZE  # a whole-list scan: the fewest requests the spec allows
_EDUCATION_ID = re.compile(r"[ei]\.[A-Za-z0-9_.-]{1,150}")
_CDATA = re.compile(r"^<!\[CDATA\[(.*)\]\]>$", re.S)
_KOMMUNKOD = re.compile(r"[0-9]{4}")


def _is_yh(education_id: str) -> bool:
    return education_id.startswith(("e.myh.", "i.myh."))


def _plain(text: str | None) -> str | None:
    """Planned Educations wraps some titles in CDATA (spec examples)."""
    if text is None:
        return None
    match = _CDATA.match(text.strip())
    return match.group(1) if match else text


def _number(value: str | float | None) -> float | None:
    if value is None or isinstance(value, float):
        return value
    try:
        return float(value)
    except ValueError:  # Planned Educations sends the string "null" for unknown pace (spec examples)
        return None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _provider_organisation(value: str | None) -> str | None:
    """A provider's `organisationNumber` as the 10 digits Organisation uses; None when absent or not one."""
    if not value:
        return None
    try:
        return organisation_number(value)
    except BadUserInput:  # an upstream value in another form is not the client's error: no join, no failure
        return None


@strawberry.type(description="Who gives an education.")
class EducationProvider:
    name: str | None
    provider_id: str | None = strawberry.field(description="Susa-navet provider id (e.g. p.uoh.kth), where known")
    organisation_number: strawberry.Private[str | None] = None

    @strawberry.field(
        description="The organisation behind the provider, by the organisation number Susa-navet emil3 gives for it. "
        "The number is optional in emil3 and some providers have none: then this is null (the gateway keeps no "
        "crosswalk of its own). Providers named by Planned Educations or JobEd carry no number either."
    )
    def organisation(self) -> Organisation | None:
        return Organisation.of(self.organisation_number) if self.organisation_number else None


@strawberry.type(description="An education (event or description): Susa-navet, Planned Educations or JobEd Connect.")
class Education(Node):
    id: strawberry.ID = strawberry.field(
        description="Susa-navet id: e.* for an event (e.g. e.uoh.kth.dd1420.60090.20251, e.myh.27538), i.* for a "
        "description (e.g. i.uoh.uu.1te686.14483.20242)"
    )
    municipality_code: str | None = strawberry.field(description="SCB kommunkod (4 digits) where it is given")
    start: date | None = strawberry.field(description="First day (or the semester start) of the event")
    pace: float | None = strawberry.field(description="Pace of study in percent of full time")
    source: SourceInfo = strawberry.field(
        description="Who publishes the record: myh for YH educations, else the API it was read from"
    )
    read_via: SourceInfo = strawberry.field(description="The API the gateway read this record from")
    # Known directly from the record, or joined from its Susa-navet education info / providers through DataLoaders.
    direct_title: strawberry.Private[str | None]
    direct_form: strawberry.Private[EducationForm | None]
    direct_credits: strawberry.Private[tuple[float | None, str | None] | None]
    info_id: strawberry.Private[str | None]
    provider_name: strawberry.Private[str | None]
    provider_ids: strawberry.Private[tuple[str, ...]]
    occupation_ids: strawberry.Private[tuple[str, ...]]

    @classmethod
    def _make(cls, education_id: str, *, read_via: Source, title: str | None = None, form: EducationForm | None = None,
              credits: tuple[float | None, str | None] | None = None, info_id: str | None = None,
              provider_name: str | None = None, provider_ids: Sequence[str] = (),
              municipality: str | None = None, start: date | None = None, pace: float | None = None,
              occupation_ids: Sequence[str] = ()) -> Education:
        return cls(
            node_id=global_id("Education", education_id), id=strawberry.ID(education_id),
            municipality_code=municipality, start=start, pace=pace,
            source=SourceInfo.of(myh.SOURCE if _is_yh(education_id) else read_via), read_via=SourceInfo.of(read_via),
            direct_title=title, direct_form=form, direct_credits=credits, info_id=info_id,
            provider_name=provider_name, provider_ids=tuple(provider_ids), occupation_ids=tuple(occupation_ids),
        )

    @classmethod
    def from_susa_event(cls, event: EducationEvent) -> Education:
        # `areaCode` is read as the kommunkod only when it has that shape (see models.Address; L-M).
        place = next((loc.areaCode for loc in event.locations if loc.areaCode and _KOMMUNKOD.fullmatch(loc.areaCode)),
                     None)
        return cls._make(
            event.identifier, read_via=susanavet.SOURCE, title=event.title.swedish() if event.title else None,
            info_id=event.education, provider_ids=event.providers, municipality=place,
            start=_day(event.execution.start),
            pace=event.paceOfStudy.percentage if event.paceOfStudy else None,
        )

    @classmethod
    def from_susa_info(cls, info: EducationInfo, provider_ids: Sequence[str] = ()) -> Education:
        return cls._make(info.identifier, read_via=susanavet.SOURCE, title=info.title.swedish(),
                         form=_susa_form(info), credits=_susa_credits(info), provider_ids=provider_ids)

    @classmethod
    def from_planned(cls, event: AdultEducationEvent) -> Education:
        return cls._make(
            event.educationEventId, read_via=planned_educations.SOURCE, title=_plain(event.title),
            form=_PLANNED_TYPES.get(event.typeOfSchool or "", EducationForm.OTHER),
            credits=(_number(event.credits), event.creditsSystem), provider_name=event.providerName,
            municipality=event.geographicalAreaCode, start=_day(event.semesterStartFrom),
            pace=_number(event.paceOfStudy),
        )

    @classmethod
    def from_jobed(cls, match: MatchedEducation, occupation_id: str) -> Education:
        summary = match.eventSummary
        return cls._make(
            match.id, read_via=jobed.SOURCE, title=match.education_title,
            form=_JOBED_FORMS.get((match.education_form or "").lower(), EducationForm.OTHER),
            provider_name=match.education_provider_name,
            municipality=summary.municipalityCode[0] if summary and summary.municipalityCode else None,
            start=_day(summary.executions[0].start) if summary and summary.executions else None,
            pace=summary.paceOfStudyPercentage[0] if summary and summary.paceOfStudyPercentage else None,
            occupation_ids=(occupation_id,),
        )

    async def _info(self, ctx: Context) -> EducationInfo | None:
        if self.info_id is None:
            return None
        return await load_susa_info(ctx, self.info_id)

    @strawberry.field(description="Swedish title where one is given")
    async def title(self, info: Info) -> str | None:
        if self.direct_title:
            return self.direct_title
        education_info = await self._info(info.context)
        return education_info.title.swedish() if education_info else None

    @strawberry.field(description="Kind of education (null when the upstream does not say)")
    async def form(self, info: Info) -> EducationForm | None:
        if self.direct_form is not None:
            return self.direct_form
        education_info = await self._info(info.context)
        return _susa_form(education_info) if education_info else None

    @strawberry.field(description="Credits (points) in `creditsSystem`")
    async def credits(self, info: Info) -> float | None:
        return (await self._credits(info.context))[0]

    @strawberry.field(description="Credit system as the upstream names it: hp (högskolepoäng), yh, gy...")
    async def credits_system(self, info: Info) -> str | None:
        return (await self._credits(info.context))[1]

    async def _credits(self, ctx: Context) -> tuple[float | None, str | None]:
        if self.direct_credits is not None:
            return self.direct_credits
        education_info = await self._info(ctx)
        return _susa_credits(education_info) if education_info else (None, None)

    @strawberry.field(description="Who gives the education (the first provider, where several are named)")
    async def provider(self, info: Info) -> EducationProvider | None:
        if self.provider_name is not None:
            return EducationProvider(name=self.provider_name,
                                     provider_id=self.provider_ids[0] if self.provider_ids else None)
        if not self.provider_ids:
            return None
        found = await load_susa_provider(info.context, self.provider_ids[0])
        if found is None:
            return EducationProvider(name=None, provider_id=self.provider_ids[0])
        return EducationProvider(name=found.name.swedish(), provider_id=found.identifier,
                                 organisation_number=_provider_organisation(found.organisationNumber))

    @strawberry.field(description="The municipality it takes place in")
    async def municipality(self, info: Info) -> Municipality | None:
        if self.municipality_code is None:
            return None
        return await load_municipality(info.context, self.municipality_code)

    @strawberry.field(
        description="Occupations it leads to, where JobEd Connect says so (filled for educations reached through "
        "Occupation.educations; asking JobEd per education would cost one request each)",
        directives=[ListSize(assumed_size=1)],  # the one occupation it was matched to (`occupation_ids`)
    )
    async def occupations(self, info: Info) -> list[Occupation] | None:
        found = [await load_occupation(info.context, concept_id) for concept_id in self.occupation_ids]
        return [occupation for occupation in found if occupation is not None]


def _susa_form(info: EducationInfo) -> EducationForm | None:
    code = (info.type.code or "").upper()
    return _FORM_BY_SCHOOL_TYPE.get(code, EducationForm.OTHER) if code else None


def _susa_credits(info: EducationInfo) -> tuple[float | None, str | None]:
    if info.credits is None:
        return None, None
    return info.credits.credits, info.credits.system.code


# --- DataLoaders: by-id records (one request per distinct id and nesting level; emil3 has no id-list filter) -----


_Record = TypeVar("_Record", EducationInfo, SusaProvider, EducationEvent)


async def _load_by_id(
    ctx: Context, key: Loader[str, _Record | None], record_id: str, fetch: Callable[[str], Awaitable[_Record | None]]
) -> _Record | None:
    """One Susa-navet record by id. emil3 has `/{id}` only, so the ids asked for in one tick are fetched
    concurrently, each distinct id once (a declared exception to the request bound; see the module docstring)."""

    async def load(ids: list[str]) -> list[_Record | None]:
        distinct_ids = sorted(set(ids))
        found = dict(zip(distinct_ids, await asyncio.gather(*(fetch(i) for i in distinct_ids)), strict=True))
        return [found[i] for i in ids]

    return await ctx.loader(key, load).load(record_id)


_INFOS = Loader[str, EducationInfo | None]("Susa-navet education info by id")
_PROVIDERS = Loader[str, SusaProvider | None]("Susa-navet provider by id")
_EVENTS = Loader[str, EducationEvent | None]("Susa-navet education event by id")


async def load_susa_info(ctx: Context, info_id: str) -> EducationInfo | None:
    async def fetch(record_id: str) -> EducationInfo | None:
        found = await susanavet.api.education_info(ctx.source("susanavet"), record_id)
        return found.content if found else None

    return await _load_by_id(ctx, _INFOS, info_id, fetch)


async def load_susa_provider(ctx: Context, provider_id: str) -> SusaProvider | None:
    async def fetch(record_id: str) -> SusaProvider | None:
        found = await susanavet.api.education_provider(ctx.source("susanavet"), record_id)
        return found.content if found else None

    return await _load_by_id(ctx, _PROVIDERS, provider_id, fetch)


async def _load_susa_event(ctx: Context, event_id: str) -> EducationEvent | None:
    async def fetch(record_id: str) -> EducationEvent | None:
        found = await susanavet.api.education_event(ctx.source("susanavet"), record_id)
        return found.content if found else None

    return await _load_by_id(ctx, _EVENTS, event_id, fetch)


_PROVIDERS_BY_ORGANISATION = Memo[dict[str, tuple[str, ...]]]("Susa-navet provider ids by organisation number")


async def providers_by_organisation(ctx: Context) -> dict[str, tuple[str, ...]]:
    """Organisation number -> Susa-navet provider ids, from every provider's optional `organisationNumber`.

    emil3 cannot filter providers by organisation number, so this reads the whole `/educationProviders` list in
    pages of 2000 (the spec's maximum: fewest requests), once per GraphQL request; responses are cached for the
    source TTL. Providers without a number are not in the index.
    """

    async def build() -> dict[str, tuple[str, ...]]:
        client = ctx.source("susanavet")
        first = await susanavet.api.education_providers(client, page=0, size=_PROVIDER_INDEX_SIZE)
        pages = first.page.totalPages if first.page and first.page.totalPages else 1
        rest = await asyncio.gather(*(susanavet.api.education_providers(client, page=index, size=_PROVIDER_INDEX_SIZE)
                                      for index in range(1, pages)))
        index: defaultdict[str, set[str]] = defaultdict(set)
        for listing in (first, *rest):
            for provider in listing.providers():
                number = _provider_organisation(provider.organisationNumber)
                if number is not None:
                    index[number].add(provider.identifier)
        return {number: tuple(sorted(ids)) for number, ids in index.items()}

    return await ctx.once(_PROVIDERS_BY_ORGANISATION, build)


# --- connections -----------------------------------------------------------------------------------------------


async def _susa_event_connection(
    ctx: Context, school_types: Sequence[str], first: int | None, after: str | None
) -> Connection[Education]:
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    client = ctx.source("susanavet")
    size = client.runtime.source.page_size

    async def fetch_block(index: int) -> Block[EducationEvent]:
        listing = await susanavet.api.education_events(client, school_types=school_types, page=index, size=size)
        return Block(items=listing.events(), total=listing.page.totalElements if listing.page else None)

    events, total, has_next = await fetch_window(win, block_size=size, fetch_block=fetch_block)
    return Connection[Education].from_window([Education.from_susa_event(e) for e in events], win,
                                             total=total, has_next=has_next)


async def _events_of_providers(ctx: Context, providers: Sequence[str], win: Window) -> Connection[Education]:
    """The events of several providers as one list (provider by provider), paged by `providerId` blocks.

    Page 0 of each provider gives its total; further blocks are read only where the window reaches them."""
    client = ctx.source("susanavet")
    size = client.runtime.source.page_size

    async def block(provider: str, index: int) -> list[EducationEvent]:
        return (await susanavet.api.education_events(client, provider_id=provider, page=index, size=size)).events()

    firsts = await asyncio.gather(*(susanavet.api.education_events(client, provider_id=p, page=0, size=size)
                                    for p in providers))
    totals = [f.page.totalElements if f.page and f.page.totalElements is not None else len(f.educationEvents)
              for f in firsts]
    end, start, events = win.offset + win.first, 0, []
    for provider, first_page, total in zip(providers, firsts, totals, strict=True):
        lo, hi = max(win.offset - start, 0), min(end - start, total)
        for index in range(lo // size, (hi - 1) // size + 1) if lo < hi else ():
            items = first_page.events() if index == 0 else await block(provider, index)
            events += items[max(lo - index * size, 0):hi - index * size]
        start += total
    grand_total = sum(totals)
    return Connection[Education].from_window([Education.from_susa_event(e) for e in events], win,
                                             total=grand_total, has_next=win.offset + len(events) < grand_total)


async def _planned_connection(
    ctx: Context, type_of_school: str | None, municipality: str | None, query: str | None, first: int | None,
    after: str | None,
) -> Connection[Education]:
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    client = ctx.source("planned_educations")
    size = client.runtime.source.page_size

    async def fetch_block(index: int) -> Block[AdultEducationEvent]:
        page = await planned_api.adult_education_events(
            client, geographical_area_code=municipality, type_of_school=type_of_school, search_term=query,
            page=index, size=size,
        )
        return Block(items=page.events, total=page.total)

    events, total, has_next = await fetch_window(win, block_size=size, fetch_block=fetch_block)
    return Connection[Education].from_window([Education.from_planned(e) for e in events], win,
                                             total=total, has_next=has_next)


async def educations_in_municipality(
    ctx: Context, municipality_code: str, first: int | None, after: str | None
) -> Connection[Education] | None:
    """Municipality.educations: Planned Educations adult-education events in the municipality (YH, komvux,
    higher education...). Susa-navet emil3 has no municipality filter; Skolverket's Planned Educations re-exposes
    those events with `geographicalAreaCode`."""
    code = _municipality(municipality_code)
    return await _planned_connection(ctx, None, code, None, first, after)


async def educations_of_organisation(
    ctx: Context, organisation_number: str, first: int | None, after: str | None
) -> Connection[Education] | None:
    """Organisation.educations: the Susa-navet events of the providers that carry this organisation number.

    emil3 providers carry `organisationNumber` optionally: an organisation whose providers give none gets an empty
    list, not an error.
    """
    number = organisation_number_arg(organisation_number)
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    providers = (await providers_by_organisation(ctx)).get(number, ())
    if not providers:
        return Connection[Education].from_list([], win)
    return await _events_of_providers(ctx, providers, win)


_JOBED_BY_OCCUPATION = Loader[tuple[str, int], list[Education]]("JobEd educations by (occupation, block)")


async def educations_for_occupation(
    ctx: Context, occupation_id: str, label: str, ssyk_code: str | None, first: int | None, after: str | None
) -> Connection[Education] | None:
    """Occupation.educations: JobEd Connect's educations for the occupation (taxonomy occupation-name id).

    Request bound: JobEd's `match-by-occupation` takes exactly one `occupation_id` and no batch form or whole-list
    endpoint with occupation links was found (agency-apis.md §1.4; PROVENANCE.md), so the DataLoader below cannot
    merge N distinct occupations into one request. It does the best possible: one request per DISTINCT occupation
    and block per nesting level (ads sharing an occupation share it), all sent concurrently in one batch, cached.
    `label` and `ssyk_code` are part of the hub signature; JobEd matches by concept id, so they are not sent.
    """
    del label, ssyk_code
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    client = ctx.source("jobed")
    size = client.runtime.source.page_size

    async def load(keys: list[tuple[str, int]]) -> list[list[Education]]:
        async def one(key: tuple[str, int]) -> list[Education]:
            concept_id, index = key
            matches = await jobed.api.educations_by_occupation(client, concept_id, offset=index * size, limit=size)
            return [Education.from_jobed(m, concept_id) for m in matches.hits]

        distinct_keys = sorted(set(keys))
        results = dict(zip(distinct_keys, await asyncio.gather(*(one(k) for k in distinct_keys)), strict=True))
        return [results[k] for k in keys]

    loader = ctx.loader(_JOBED_BY_OCCUPATION, load)

    async def fetch_block(index: int) -> Block[Education]:
        return Block(items=await loader.load((occupation_id, index)), total=None)  # JobEd sends no total

    educations, total, has_next = await fetch_window(win, block_size=size, fetch_block=fetch_block)
    return Connection[Education].from_window(educations, win, total=total, has_next=has_next)


def _municipality(code: str) -> str:
    return municipality_code(code, argument="municipality")


def organisation_number_arg(value: str) -> str:
    return organisation_number(value, argument="organisationNumber")


async def load_education(ctx: Context, education_id: str) -> Education | None:
    """One education by Susa-navet id: YH events from Planned Educations (MYH's events as Skolverket serves them),
    other events and all infos from Susa-navet."""
    if not _EDUCATION_ID.fullmatch(education_id):
        raise BadUserInput(f"{education_id!r} is not a Susa-navet education id (e.g. e.myh.27538, i.sv.HUSPR)",
                           argument="id")
    if education_id.startswith("e.myh."):
        event = await planned_api.adult_education_event(ctx.source("planned_educations"), education_id)
        return Education.from_planned(event) if event else None
    if education_id.startswith("i."):
        info = await load_susa_info(ctx, education_id)
        return Education.from_susa_info(info) if info else None
    found = await _load_susa_event(ctx, education_id)
    return Education.from_susa_event(found) if found else None


_NO_SUSA_FILTER = ("Susa-navet emil3 has no municipality or text filter; `municipality` and `query` are answered "
                   "from Skolverket Planned Educations adult-education events, which can be narrowed only by form YH "
                   "or SFI")


async def _educations_by_holder(
    ctx: Context, organisation: str | None, occupation: str | None, others: bool, first: int | None, after: str | None
) -> Connection[Education] | None:
    """`educations(organisation:)` or `educations(occupation:)`, each alone."""
    if others or (organisation is not None and occupation is not None):
        raise BadUserInput("`organisation` and `occupation` cannot be combined with other filters",
                           argument="organisation" if organisation is not None else "occupation")
    if organisation is not None:
        return await educations_of_organisation(ctx, organisation, first, after)
    if not is_concept_id(occupation or ""):
        raise BadUserInput(f"{occupation!r} is not a taxonomy concept id (like bXNH_MNX_dUR)", argument="occupation")
    return await educations_for_occupation(ctx, occupation or "", "", None, first, after)


async def _planned_educations(
    ctx: Context, form: EducationForm | None, code: str | None, query: str | None, first: int | None,
    after: str | None,
) -> Connection[Education] | None:
    """`educations(municipality:)` or `educations(query:)`: Planned Educations, which emil3 cannot filter so."""
    if form is not None and form not in _PLANNED_TYPE_FILTER:
        raise BadUserInput(f"form {form.name} cannot be combined with `municipality` or `query`: "
                           f"{_NO_SUSA_FILTER}.", argument="municipality" if code is not None else "query")
    type_of_school = _PLANNED_TYPE_FILTER[form] if form is not None else None
    return await _planned_connection(ctx, type_of_school, code, query, first, after)


async def _educations_by_school_type(
    ctx: Context, school_type: list[SusaSchoolType], form: EducationForm | None, code: str | None, query: str | None,
    first: int | None, after: str | None,
) -> Connection[Education] | None:
    """`educations(schoolType:)`: emil3 events of any of the school forms, which emil3 cannot narrow further."""
    if form is not None or code is not None or query is not None:
        raise BadUserInput(f"`schoolType` cannot be combined with `form`, `municipality` or `query`. "
                           f"{_NO_SUSA_FILTER}.", argument="schoolType")
    if not school_type:
        raise BadUserInput("`schoolType` needs at least one value", argument="schoolType")
    return await _susa_event_connection(ctx, sorted({t.value for t in school_type}), first, after)


@strawberry.type
class EducationQuery:
    @strawberry.field(
        description="Educations. By default Susa-navet emil3 events, narrowed by `schoolType` or `form`. With "
        "`municipality` or `query` (which emil3 cannot filter by): Skolverket Planned Educations adult-education "
        "events (all forms, or form YH or SFI). `organisation` (alone): the Susa-navet events of the providers that "
        "carry its organisation number. `occupation` (alone): JobEd Connect. `form` OTHER cannot be used as a filter."
    )
    async def educations(
        self,
        info: Info,
        query: Annotated[
            str | None, strawberry.argument(description="Text search (Planned Educations `searchTerm`)")
        ] = None,
        municipality: Annotated[
            str | None, strawberry.argument(description="Municipality code (4 digits, e.g. 0180): Planned Educations")
        ] = None,
        form: EducationForm | None = None,
        school_type: Annotated[
            list[SusaSchoolType] | None,
            strawberry.argument(description="Susa-navet emil3 school forms (any of them); not with `form`, "
                                "`municipality` or `query`"),
        ] = None,
        organisation: Annotated[
            str | None, strawberry.argument(description="Organisation number: the educations it gives (alone)")
        ] = None,
        occupation: Annotated[
            str | None, strawberry.argument(description="Occupation-name concept id: educations leading to it (alone)")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size (default 20)")] = None,
        after: str | None = None,
    ) -> Connection[Education] | None:
        ctx = info.context
        if organisation is not None or occupation is not None:
            others = query is not None or municipality is not None or form is not None or school_type is not None
            return await _educations_by_holder(ctx, organisation, occupation, others, first, after)
        code = _municipality(municipality) if municipality is not None else None
        if form is EducationForm.OTHER:
            raise BadUserInput("form OTHER collects unmapped upstream values and cannot be filtered on",
                               argument="form")
        if school_type is not None:
            return await _educations_by_school_type(ctx, school_type, form, code, query, first, after)
        if code is not None or query is not None:
            return await _planned_educations(ctx, form, code, query, first, after)
        return await _susa_event_connection(ctx, _SCHOOL_TYPES_BY_FORM[form] if form else (), first, after)

    @strawberry.field(description="One education by Susa-navet id (e.* event or i.* description).")
    async def education(self, info: Info, id: strawberry.ID) -> Education | None:
        return await load_education(info.context, str(id))


_SEED_FIELDS = ("id title form credits creditsSystem start pace municipalityCode "
                "provider { name providerId organisation { organisationNumber } }")
SEED_MUNICIPALITIES = ("0180", "1480", "1280", "2584", "2180", "0380")


async def seed(run: SeedRun) -> None:
    """Educations per municipality (all forms, then YH; Planned Educations), per form and school type (emil3), per
    organisation number found on a provider, per occupation (JobEd), then each id found. Hub links
    (Municipality/Organisation/Occupation.educations) send the same requests."""
    execute, max_follow = run.execute, run.max_follow
    ids: list[str | None] = []
    organisations: list[str | None] = []

    def found(data: dict[str, Any]) -> list[str | None]:
        nodes = [edge["node"] for edge in ((data.get("educations") or {}).get("edges") or [])]
        organisations.extend(((n.get("provider") or {}).get("organisation") or {}).get("organisationNumber")
                             for n in nodes)
        return [node["id"] for node in nodes]

    listing = f"totalCount edges {{ node {{ {_SEED_FIELDS} municipality {{ name }} }} }}"
    for code in SEED_MUNICIPALITIES:
        for form in ("", ", form: YH"):
            ids += found(await execute(
                f"query S($m: String!) {{ educations(municipality: $m{form}, first: 100) {{ {listing} }} }}",
                {"m": code}))
    for narrowing in ("", "form: YH, ", "form: ADULT_EDUCATION, ", "form: HIGHER_EDUCATION, ", "form: SFI, ",
                      "schoolType: [HS, YH], "):
        ids += found(await execute(f"{{ educations({narrowing}first: 100) {{ {listing} }} }}", None))
    for number in distinct(organisations, max_follow):
        ids += found(await execute(
            f"query S($o: String!) {{ educations(organisation: $o, first: 100) {{ {listing} }} }}", {"o": number}))
    occupations = await execute("{ occupations(first: 100) { edges { node { id } } } }", None)
    for edge in (occupations.get("occupations") or {}).get("edges") or []:
        ids += found(await execute(
            f"query S($o: String!) {{ educations(occupation: $o, first: 20) {{ totalCount edges {{ node {{ "
            f"{_SEED_FIELDS} municipality {{ name }} occupations {{ id label }} }} }} }} }}",
            {"o": edge["node"]["id"]}))
    for education_id in distinct(ids, max_follow):
        await execute(f"query S($id: ID!) {{ education(id: $id) {{ {_SEED_FIELDS} }} }}", {"id": education_id})


async def _municipality_educations(
    root: Municipality, info: Info, first: int | None = None, after: str | None = None
) -> Connection[Education] | None:
    return await educations_in_municipality(info.context, root.code, first, after)


async def _organisation_educations(
    root: Organisation, info: Info, first: int | None = None, after: str | None = None
) -> Connection[Education] | None:
    return await educations_of_organisation(info.context, root.organisation_number, first, after)


async def _occupation_educations(
    root: Occupation, info: Info, first: int | None = None, after: str | None = None
) -> Connection[Education] | None:
    return await educations_for_occupation(info.context, str(root.id), root.label, root.ssyk_code, first, after)


MODULE = GraphModule(
    name="educations",
    # myh only as the publisher (`Education.source`) of YH records read through the others.
    connectors=(susanavet, planned_educations, jobed, myh),
    query=EducationQuery,
    types=(Education,),
    nodes={"Education": load_education},
    seed=seed,
    links=(
        hub_link(Municipality, "educations", _municipality_educations,
                 description="Adult-education events given in the municipality (YH, komvux, higher education...), "
                 "from Skolverket Planned Educations: Susa-navet emil3 has no municipality filter.",
                 seed="educations(first: 100) { totalCount edges { node { title form } } }"),
        hub_link(Organisation, "educations", _organisation_educations,
                 description="Education events of the Susa-navet providers that carry this organisation number. The "
                 "number is optional in Susa-navet emil3: an organisation whose providers give none has an empty "
                 "list.",
                 seed="educations(first: 100) { totalCount edges { node { title form } } }"),
        hub_link(Occupation, "educations", _occupation_educations,
                 description="Educations that lead to this occupation (JobTech JobEd Connect)."),
    ),
)
