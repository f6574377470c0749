"""Education: an education event or description from Susa-navet, Skolverket Planned Educations (adult education,
incl. MYH's YH programmes) or a JobEd Connect match, with its form, provider, place, credits and start.

Where each piece comes from:
- `educations(...)` lists Susa-navet `/events` (form, credits and provider names joined from `/infos` and
  `/providers`, one batched request each per nesting level), or Planned Educations `/v4/adult-education-events`
  for YH and SFI (the events MYH publishes through Susa-navet, as Skolverket re-exposes them).
- `Organisation.educations` (hub, wired by the lead) reads Susa-navet `/infos?id=<provider id>`; Susa-navet carries
  no organisation numbers, so providers are found through `_PROVIDERS_BY_ORGANISATION` below.
- `Occupation.educations` (hub) reads JobEd Connect `match-by-occupation`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry

from .._errors import BadUserInput
from .._keys import is_concept_id, municipality_code, organisation_number
from .._pagination import Block, Connection, fetch_window, window
from ..connectors import jobed, susanavet
from ..connectors.jobed.models import MatchedEducation
from ..connectors.planned_educations import api as planned_api
from ..connectors.planned_educations.models import AdultEducationEvent
from ..connectors.susanavet.models import EducationEvent, EducationInfo
from ..connectors.susanavet.models import EducationProvider as SusaProvider
from ._context import Context, Info
from ._node import Node, global_id, register_node
from ._provenance import SourceInfo
from ._seeds import Execute, distinct
from .organisations import Organisation

if TYPE_CHECKING:
    from .geography import Municipality
    from .occupations import Occupation

__all__ = [
    "Education",
    "EducationForm",
    "EducationQuery",
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


# Susa-navet `form.code` / `organisationForm` values (M: agency-apis.md §5 and a client's filter list, code-index
# 35973888720). JobEd's `education_form` is assumed to use the same vocabulary, since JobEd reads Susa-navet (L).
_SUSA_FORMS: dict[str, EducationForm] = {
    "gymnasieskola": EducationForm.UPPER_SECONDARY,
    "vuxenutbildning": EducationForm.ADULT_EDUCATION,
    "yrkeshögskoleutbildning": EducationForm.YH,
    "kvalificerad yrkesutbildning": EducationForm.YH,  # KY, YH's predecessor; events still carry the old form
    "högskoleutbildning": EducationForm.HIGHER_EDUCATION,
    "folkhögskola": EducationForm.FOLK_HIGH_SCHOOL,
}
_SUSA_FORM_FILTER: dict[EducationForm, str] = {
    EducationForm.UPPER_SECONDARY: "gymnasieskola",
    EducationForm.ADULT_EDUCATION: "vuxenutbildning",
    EducationForm.HIGHER_EDUCATION: "högskoleutbildning",
    EducationForm.FOLK_HIGH_SCHOOL: "folkhögskola",
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

# Susa-navet providers carry no organisation number (no client model has one; M), so the gateway keeps this small,
# curated crosswalk from organisation number to Susa-navet provider ids. Only pairs whose provider id was seen in
# real client data are listed (tools/snapshot_world/educations/PROVENANCE.md); extend it as ids are verified.
_PROVIDERS_BY_ORGANISATION: dict[str, tuple[str, ...]] = {
    "2021003054": ("p.uoh.kth",),  # Kungliga Tekniska högskolan
    "2021002932": ("p.uoh.uu",),  # Uppsala universitet
}
_ORGANISATION_BY_PROVIDER: dict[str, str] = {
    provider: number for number, providers in _PROVIDERS_BY_ORGANISATION.items() for provider in providers
}

_EDUCATION_ID = re.compile(r"[ei]\.[A-Za-z0-9_.-]{1,150}")
_CDATA = re.compile(r"^<!\[CDATA\[(.*)\]\]>$", re.S)


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


@strawberry.type(description="Who gives an education.")
class EducationProvider:
    name: str | None
    provider_id: str | None = strawberry.field(description="Susa-navet provider id (e.g. p.uoh.kth), where known")

    @strawberry.field(
        description="The organisation behind the provider. Susa-navet carries no organisation number: this uses the "
        "gateway's curated crosswalk of verified Susa-navet provider ids (so far KTH and Uppsala universitet)."
    )
    def organisation(self) -> Organisation | None:
        number = _ORGANISATION_BY_PROVIDER.get(self.provider_id or "")
        return Organisation.of(number) if number else None


@strawberry.type(description="An education (event or description): Susa-navet, Planned Educations or JobEd Connect.")
class Education(Node):
    id: strawberry.ID = strawberry.field(
        description="Susa-navet id: e.* for an event (e.g. e.myh.27538), i.* for a description (e.g. i.sv.HUSPR)"
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
    def _make(cls, education_id: str, *, read_via: str, title: str | None = None, form: EducationForm | None = None,
              credits: tuple[float | None, str | None] | None = None, info_id: str | None = None,
              provider_name: str | None = None, provider_ids: Sequence[str] = (),
              municipality: str | None = None, start: date | None = None, pace: float | None = None,
              occupation_ids: Sequence[str] = ()) -> Education:
        return cls(
            node_id=global_id("Education", education_id), id=strawberry.ID(education_id),
            municipality_code=municipality, start=start, pace=pace,
            source=SourceInfo.of("myh" if _is_yh(education_id) else read_via), read_via=SourceInfo.of(read_via),
            direct_title=title, direct_form=form, direct_credits=credits, info_id=info_id,
            provider_name=provider_name, provider_ids=tuple(provider_ids), occupation_ids=tuple(occupation_ids),
        )

    @classmethod
    def from_susa_event(cls, event: EducationEvent) -> Education:
        place = next((loc.municipalityCode for loc in event.location if loc.municipalityCode), None)
        return cls._make(
            event.identifier, read_via="susanavet", title=event.title.swedish() if event.title else None,
            info_id=event.education, provider_ids=event.provider, municipality=place,
            start=_day(event.execution.start if event.execution else None),
            pace=event.paceOfStudy.percentage if event.paceOfStudy else None,
        )

    @classmethod
    def from_susa_info(cls, info: EducationInfo, provider_ids: Sequence[str] = ()) -> Education:
        return cls._make(info.identifier, read_via="susanavet", title=info.title.swedish() if info.title else None,
                         form=_susa_form(info), credits=_susa_credits(info), provider_ids=provider_ids)

    @classmethod
    def from_planned(cls, event: AdultEducationEvent) -> Education:
        return cls._make(
            event.educationEventId, read_via="planned_educations", title=_plain(event.title),
            form=_PLANNED_TYPES.get(event.typeOfSchool or "", EducationForm.OTHER),
            credits=(_number(event.credits), event.creditsSystem), provider_name=event.providerName,
            municipality=event.geographicalAreaCode, start=_day(event.semesterStartFrom),
            pace=_number(event.paceOfStudy),
        )

    @classmethod
    def from_jobed(cls, match: MatchedEducation, occupation_id: str) -> Education:
        summary = match.eventSummary
        return cls._make(
            match.id, read_via="jobed", title=match.education_title,
            form=_SUSA_FORMS.get((match.education_form or "").lower(), EducationForm.OTHER),
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
        return education_info.title.swedish() if education_info and education_info.title else None

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
        name = found.name.swedish() if found and found.name else None
        return EducationProvider(name=name, provider_id=self.provider_ids[0])

    @strawberry.field(description="The municipality it takes place in")
    async def municipality(self, info: Info) -> Annotated[Municipality, strawberry.lazy(".geography")] | None:
        from .geography import load_municipality

        if self.municipality_code is None:
            return None
        return await load_municipality(info.context, self.municipality_code)

    @strawberry.field(
        description="Occupations it leads to, where JobEd Connect says so (filled for educations reached through "
        "Occupation.educations; asking JobEd per education would cost one request each)"
    )
    async def occupations(self, info: Info) -> list[Annotated[Occupation, strawberry.lazy(".occupations")]]:
        from .occupations import load_occupation

        found = [await load_occupation(info.context, concept_id) for concept_id in self.occupation_ids]
        return [occupation for occupation in found if occupation is not None]


def _susa_form(info: EducationInfo) -> EducationForm | None:
    code = (info.form.code or "").lower() if info.form else ""
    return _SUSA_FORMS.get(code, EducationForm.OTHER) if code else None


def _susa_credits(info: EducationInfo) -> tuple[float | None, str | None]:
    if info.credits is None:
        return None, None
    value = info.credits.credits[0] if info.credits.credits else None
    system = info.credits.system[0].code if info.credits.system else None
    return value, system


# --- DataLoaders: one upstream request per (endpoint, nesting level) ----------------------------------------------


_Record = TypeVar("_Record", EducationInfo, SusaProvider, EducationEvent)


async def _load_by_id(
    ctx: Context, name: str, record_id: str,
    fetch: Callable[[list[str], int], Awaitable[list[_Record]]], identifier: Callable[[_Record], str],
) -> _Record | None:
    """One Susa-navet record by id: the ids asked for in one tick share `?id=a,b,...` requests, one per hinted
    upstream block (see Context.hint_batch), so a request depends on the block, not on the client's window."""
    size = ctx.source("susanavet").runtime.source.page_size

    async def load(ids: list[str]) -> list[_Record | None]:
        by_id: dict[str, _Record] = {}
        for ordered in ctx.batch_groups(name, ids):
            for start in range(0, len(ordered), size):
                by_id.update((identifier(r), r) for r in await fetch(ordered[start:start + size], size))
        return [by_id.get(i) for i in ids]

    return await ctx.loader(name, load).load(record_id)


async def load_susa_info(ctx: Context, info_id: str) -> EducationInfo | None:
    async def fetch(ids: list[str], size: int) -> list[EducationInfo]:
        return (await susanavet.api.infos(ctx.source("susanavet"), ids=ids, page=0, size=size)).infos()

    return await _load_by_id(ctx, "susanavet.infos", info_id, fetch, lambda r: r.identifier)


async def load_susa_provider(ctx: Context, provider_id: str) -> SusaProvider | None:
    async def fetch(ids: list[str], size: int) -> list[SusaProvider]:
        return (await susanavet.api.providers(ctx.source("susanavet"), ids=ids, page=0, size=size)).providers()

    return await _load_by_id(ctx, "susanavet.providers", provider_id, fetch, lambda r: r.identifier)


async def _load_susa_event(ctx: Context, event_id: str) -> EducationEvent | None:
    async def fetch(ids: list[str], size: int) -> list[EducationEvent]:
        return (await susanavet.api.events(ctx.source("susanavet"), ids=ids, page=0, size=size)).events()

    return await _load_by_id(ctx, "susanavet.events", event_id, fetch, lambda r: r.identifier)


# --- connections -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _SusaEventFilter:
    municipality: tuple[str, ...] = ()
    organisation_form: str | None = None
    name: str | None = None


async def _susa_event_connection(
    ctx: Context, event_filter: _SusaEventFilter, first: int | None, after: str | None
) -> Connection[Education]:
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    client = ctx.source("susanavet")
    size = client.runtime.source.page_size

    async def fetch_block(index: int) -> Block[EducationEvent]:
        documents = await susanavet.api.events(
            client, municipality=event_filter.municipality, organisation_form=event_filter.organisation_form,
            name=event_filter.name, page=index, size=size,
        )
        total = documents.page.totalElements if documents.page else None
        block = documents.events()
        # Joins ask for the whole block's infos/providers: one stable request per block, whatever the window.
        ctx.hint_batch("susanavet.infos", (e.education for e in block))
        ctx.hint_batch("susanavet.providers", (p for e in block for p in e.provider))
        return Block(items=block, total=total)

    events, total, has_next = await fetch_window(win, block_size=size, fetch_block=fetch_block)
    return Connection[Education].from_window([Education.from_susa_event(e) for e in events], win,
                                             total=total, has_next=has_next)


async def _planned_connection(
    ctx: Context, type_of_school: str, municipality: str | None, query: str | None, first: int | None,
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
    """Municipality.educations: Susa-navet events located in the municipality (all forms, YH and komvux included)."""
    code = _municipality(municipality_code)
    return await _susa_event_connection(ctx, _SusaEventFilter(municipality=(code,)), first, after)


async def educations_of_organisation(
    ctx: Context, organisation_number: str, first: int | None, after: str | None
) -> Connection[Education] | None:
    """Organisation.educations: the Susa-navet education infos of the organisation's providers.

    Susa-navet has no organisation numbers, so the organisation is matched to provider ids through the curated
    `_PROVIDERS_BY_ORGANISATION`; an organisation without a verified provider id gets an empty list, not an error.
    """
    number = organisation_number_arg(organisation_number)
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    providers = _PROVIDERS_BY_ORGANISATION.get(number, ())
    if not providers:
        return Connection[Education].from_list([], win)
    client = ctx.source("susanavet")
    size = client.runtime.source.page_size

    async def fetch_block(index: int) -> Block[EducationInfo]:
        documents = await susanavet.api.infos(client, ids=providers, page=index, size=size)
        return Block(items=documents.infos(), total=documents.page.totalElements if documents.page else None)

    infos, total, has_next = await fetch_window(win, block_size=size, fetch_block=fetch_block)
    return Connection[Education].from_window([Education.from_susa_info(i, providers) for i in infos], win,
                                             total=total, has_next=has_next)


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

    loader = ctx.loader("jobed.educations-by-occupation", load)

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


register_node("Education", load_education)


@strawberry.type
class EducationQuery:
    @strawberry.field(
        description="Educations (Susa-navet events; YH and SFI from Skolverket's adult education events), or those "
        "of one organisation (Susa-navet infos) or leading to one occupation (JobEd Connect). `form` OTHER cannot "
        "be used as a filter."
    )
    async def educations(
        self,
        info: Info,
        query: Annotated[str | None, strawberry.argument(description="Name search (Susa-navet `name`)")] = None,
        municipality: Annotated[
            str | None, strawberry.argument(description="Municipality code (4 digits, e.g. 0180)")
        ] = None,
        form: EducationForm | None = None,
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
        others = query is not None or municipality is not None or form is not None
        if organisation is not None or occupation is not None:
            if others or (organisation is not None and occupation is not None):
                raise BadUserInput("`organisation` and `occupation` cannot be combined with other filters",
                                   argument="organisation" if organisation is not None else "occupation")
            if organisation is not None:
                return await educations_of_organisation(ctx, organisation, first, after)
            if not is_concept_id(occupation or ""):
                raise BadUserInput(f"{occupation!r} is not a taxonomy concept id (like bXNH_MNX_dUR)",
                                   argument="occupation")
            return await educations_for_occupation(ctx, occupation or "", "", None, first, after)
        code = _municipality(municipality) if municipality is not None else None
        if form in _PLANNED_TYPE_FILTER:
            return await _planned_connection(ctx, _PLANNED_TYPE_FILTER[form], code, query, first, after)
        if form is EducationForm.OTHER:
            raise BadUserInput("form OTHER collects unmapped upstream values and cannot be filtered on",
                               argument="form")
        event_filter = _SusaEventFilter(municipality=(code,) if code else (),
                                        organisation_form=_SUSA_FORM_FILTER.get(form) if form else None, name=query)
        return await _susa_event_connection(ctx, event_filter, first, after)

    @strawberry.field(description="One education by Susa-navet id (e.* event or i.* description).")
    async def education(self, info: Info, id: strawberry.ID) -> Education | None:
        return await load_education(info.context, str(id))


_SEED_FIELDS = "id title form credits creditsSystem start pace municipalityCode provider { name providerId }"
SEED_MUNICIPALITIES = ("0180", "1480", "1280", "2584", "2180", "0380")


async def seed(execute: Execute, max_follow: int) -> None:
    """Educations per municipality (all forms, then YH), per organisation of the crosswalk, per occupation (JobEd),
    then each id found. Hub links (Municipality/Organisation/Occupation.educations) send the same requests."""
    ids: list[str | None] = []

    def found(data: dict[str, Any]) -> list[str | None]:
        return [edge["node"]["id"] for edge in ((data.get("educations") or {}).get("edges") or [])]

    listing = f"totalCount edges {{ node {{ {_SEED_FIELDS} municipality {{ name }} }} }}"
    for code in SEED_MUNICIPALITIES:
        for form in ("", ", form: YH"):
            ids += found(await execute(
                f"query S($m: String!) {{ educations(municipality: $m{form}, first: 100) {{ {listing} }} }}",
                {"m": code}))
    for form in ("", "form: YH, ", "form: ADULT_EDUCATION, ", "form: HIGHER_EDUCATION, "):
        ids += found(await execute(f"{{ educations({form}first: 100) {{ {listing} }} }}", None))
    for number in _PROVIDERS_BY_ORGANISATION:
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
