"""School units (Skolenhetsregistret v2) and their planned education events (Planned Educations v4).

Skolenhetsregistret lists carry only code/name/status; everything else (municipality, organiser, school types,
programmes) is in the per-unit detail `/v2/school-units/{code}`. A unit's organiser is therefore known without a
detail read only where the list itself was filtered by it (`organization_number=`), and its municipality only where
the list was filtered by `municipality_code=`. Otherwise the details of all units in a connection window are read
through ONE DataLoader, concurrently: one request per unit, because neither Skolenhetsregistret nor Planned
Educations has a batch read or a list that carries the organiser (checked against both official specs). This is the
one exception to "one upstream request per (source, endpoint) and level" in this module; see `_unit_details`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated

import strawberry

from .._errors import BadUserInput
from .._keys import municipality_code, organisation_number
from .._pagination import Block, Connection, fetch_window, window
from ..connectors import planned_educations, skolenhetsregistret
from ..connectors.planned_educations import models as pe_models
from ..connectors.skolenhetsregistret import models as sr_models
from ._context import Context, Info, Loader, Memo
from ._module import GraphModule, NameProvider, hub_link
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct
from .geography import Municipality, load_municipality
from .organisations import Organisation
from .syllabus import Programme, programmes_by_codes

__all__ = [
    "MODULE",
    "EducationEvent",
    "SchoolQuery",
    "SchoolUnit",
    "load_school_unit",
    "school_unit_code",
    "school_units_in_municipality",
    "school_units_of_organisation",
    "seed",
]

# School units listed by default: the ones in operation (the register also keeps closed and planned ones).
_DEFAULT_STATUS = "AKTIV"
_STATUSES = ("AKTIV", "VILANDE", "UPPHORT", "PLANERAD")
_SCHOOL_TYPES = ("FKLASS", "FTH", "OPPFTH", "GR", "GRAN", "SP", "SAM", "GY", "GYAN", "VUX")


def school_unit_code(value: str, *, argument: str = "code") -> str:
    """Skolenhetskod: 8 digits, 10000000-99999999 (H, Skolenhetsregistret v2 spec)."""
    if not re.fullmatch(r"[1-9][0-9]{7}", value):
        raise BadUserInput(f"{value!r} is not a school unit code (skolenhetskod, 8 digits)", argument=argument)
    return value


@strawberry.type(description="A planned education event at a school unit (Skolverket Planned Educations v4).")
class EducationEvent:
    school_unit_code: str
    school_unit_name: str | None
    study_path_code: str | None = strawberry.field(
        description="Programme / study path code, e.g. EK (Syllabus programme code for gymnasieskolan)"
    )
    study_path_name: str | None
    study_path_category: str | None
    type_of_schooling: str | None = strawberry.field(description="School form code, e.g. gy, gyan")
    type_of_schooling_name: str | None
    start_date: str | None = strawberry.field(description="Local date-time as published, e.g. 2024-08-01T00:00:00")
    end_date: str | None
    municipality_code: str | None = strawberry.field(description="SCB kommunkod of the event")
    city: str | None
    source: SourceInfo

    @classmethod
    def from_model(cls, event: pe_models.EducationEvent) -> EducationEvent:
        schooling = event.typeOfSchooling
        return cls(
            school_unit_code=event.schoolUnitCode,
            school_unit_name=event.schoolUnitName,
            study_path_code=event.studyPathCode,
            study_path_name=event.studyPathName,
            study_path_category=event.studyPathCategory,
            type_of_schooling=schooling.code if schooling else None,
            type_of_schooling_name=schooling.displayName if schooling else None,
            start_date=event.startDate,
            end_date=event.endDate,
            municipality_code=event.geographicalAreaCode,
            city=event.visitingAddressCity,
            source=SourceInfo.of(planned_educations.SOURCE),
        )

    @strawberry.field(description="The school unit holding the event")
    async def school_unit(self, info: Info) -> SchoolUnit | None:
        return SchoolUnit.listed(self.school_unit_code, self.school_unit_name, None)

    @strawberry.field(description="The Syllabus programme of the event's study path, where it is one")
    async def programme(self, info: Info) -> Programme | None:
        if not self.study_path_code:
            return None
        found = await programmes_by_codes(info.context, [self.study_path_code])
        return found[0] if found else None


@strawberry.type(description="A school unit (skolenhet) in Skolverket's Skolenhetsregistret.")
class SchoolUnit(Node):
    code: str = strawberry.field(description="Skolenhetskod, 8 digits")
    name: str | None
    status: str | None = strawberry.field(description="AKTIV, VILANDE, UPPHORT or PLANERAD")
    source: SourceInfo
    # What the list the unit came from already tells (its filters), so no detail read is needed for it.
    known_municipality_code: strawberry.Private[str | None]
    known_organiser: strawberry.Private[str | None]
    detail: strawberry.Private[sr_models.SchoolUnitInfoResponse | None]

    @classmethod
    def listed(cls, code: str, name: str | None, status: str | None, *, municipality: str | None = None,
               organiser: str | None = None) -> SchoolUnit:
        return cls(node_id=global_id("SchoolUnit", code), code=code, name=name, status=status,
                   source=SourceInfo.of(skolenhetsregistret.SOURCE), known_municipality_code=municipality,
                   known_organiser=organiser, detail=None)

    @classmethod
    def from_detail(cls, response: sr_models.SchoolUnitInfoResponse) -> SchoolUnit:
        attributes = response.data.attributes
        included = response.included
        return cls(node_id=global_id("SchoolUnit", response.data.schoolUnitCode), code=response.data.schoolUnitCode,
                   name=attributes.displayName, status=attributes.status,
                   source=SourceInfo.of(skolenhetsregistret.SOURCE),
                   known_municipality_code=attributes.municipalityCode,
                   known_organiser=included.organizationNumber if included else None, detail=response)

    async def _detail(self, ctx: Context) -> sr_models.SchoolUnitInfoResponse | None:
        if self.detail is not None:
            return self.detail
        detail: sr_models.SchoolUnitInfoResponse | None = await ctx.loader(
            _UNIT_DETAILS, _unit_details(ctx)).load(self.code)
        return detail

    @strawberry.field(description="SCB kommunkod of the municipality the unit lies in")
    async def municipality_code(self, info: Info) -> str | None:
        if self.known_municipality_code is not None:
            return self.known_municipality_code
        detail = await self._detail(info.context)
        return detail.data.attributes.municipalityCode if detail else None

    @strawberry.field(description="The municipality the unit lies in")
    async def municipality(self, info: Info) -> Municipality | None:
        code = await self.municipality_code(info)
        return await load_municipality(info.context, code) if code else None

    @strawberry.field(description="The unit's organiser (huvudman): municipality, region, state or private body")
    async def organiser(self, info: Info) -> Organisation | None:
        number = self.known_organiser
        if number is None:
            detail = await self._detail(info.context)
            number = detail.included.organizationNumber if detail and detail.included else None
        return Organisation.of(number) if number else None

    @strawberry.field(description="School forms, e.g. GR, GY, FKLASS, VUX")
    async def school_types(self, info: Info) -> list[str] | None:
        detail = await self._detail(info.context)
        return list(detail.data.attributes.schoolTypes) if detail else []

    @strawberry.field(description="The unit's upper-secondary programmes (gy/gyan), as Syllabus programmes")
    async def programmes(self, info: Info) -> list[Programme] | None:
        detail = await self._detail(info.context)
        codes = detail.data.attributes.programme_codes() if detail else []
        return await programmes_by_codes(info.context, codes) if codes else []

    @strawberry.field(description="Planned education events at this unit (Planned Educations v4).")
    async def education_events(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[EducationEvent] | None:
        ctx = info.context
        win = window(first, after, max_page_size=ctx.settings.max_page_size)
        events = await ctx.loader(_UNIT_EVENTS, _unit_events(ctx)).load(self.code)
        return Connection[EducationEvent].from_list([EducationEvent.from_model(e) for e in events or []], win)


UnitDetails = Callable[[list[str]], Awaitable[Sequence[sr_models.SchoolUnitInfoResponse | BaseException | None]]]
UnitEvents = Callable[[list[str]], Awaitable[Sequence[list[pe_models.EducationEvent] | BaseException | None]]]


_UNIT_DETAILS = Loader[str, sr_models.SchoolUnitInfoResponse | None]("school unit detail by code")
_UNIT_EVENTS = Loader[str, list[pe_models.EducationEvent] | None]("planned education events by school unit")


def _unit_details(ctx: Context) -> UnitDetails:
    """Details of every unit in the batch: one `/v2/school-units/{code}` each, all at once (no batch read exists)."""

    async def load(codes: list[str]) -> Sequence[sr_models.SchoolUnitInfoResponse | BaseException | None]:
        client = ctx.source("skolenhetsregistret")
        return await asyncio.gather(*(skolenhetsregistret.api.school_unit(client, code) for code in codes),
                                    return_exceptions=True)

    return load


def _unit_events(ctx: Context) -> UnitEvents:
    """Planned events of every unit in the batch, one request per unit, all at once.

    DECLARED EXCEPTION to the request bound (README, "Every cross-source link goes through a DataLoader…"; counted
    in tests/gateway/test_acceptance_graph.py): `SchoolUnit.educationEvents` costs one
    `/v4/school-units/{code}/education-events` request per distinct unit at its level. The v4 spec (H) has no batch
    read: this endpoint takes only the path code, and `/v4/education-events` filters by studyPathCode, name (free
    text on the unit's name), principalOrganizerType, schoolOrientation, geographicalAreaCode, typeOfSchooling
    (gy/gyan) and distance, never by unit code. Reading a whole municipality's events and filtering locally was
    not chosen: it needs each unit's municipality (a detail read when the unit list was not filtered by it), pages
    of up to 1000 events for a large municipality, and covers only gy/gyan.
    """

    async def load(codes: list[str]) -> Sequence[list[pe_models.EducationEvent] | BaseException | None]:
        client = ctx.source("planned_educations")
        return await asyncio.gather(
            *(planned_educations.api.school_unit_education_events(client, code) for code in codes),
            return_exceptions=True,
        )

    return load


async def load_school_unit(ctx: Context, code: str) -> SchoolUnit | None:
    code = school_unit_code(code)
    detail = await ctx.loader(_UNIT_DETAILS, _unit_details(ctx)).load(code)
    return SchoolUnit.from_detail(detail) if detail else None


async def _school_unit_connection(
    ctx: Context,
    first: int | None,
    after: str | None,
    *,
    municipality: str | None = None,
    organiser: str | None = None,
    school_type: str | None = None,
    status: str | None = _DEFAULT_STATUS,
) -> Connection[SchoolUnit]:
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    # The register has no paging: the whole (filtered) list comes in one cached response and is windowed here.
    response = await skolenhetsregistret.api.school_units(
        ctx.source("skolenhetsregistret"),
        organization_numbers=(organiser,) if organiser else (),
        municipality_codes=(municipality,) if municipality else (),
        school_types=(school_type,) if school_type else (),
        statuses=(status,) if status else (),
    )
    units = [SchoolUnit.listed(u.schoolUnitCode, u.name, u.status, municipality=municipality, organiser=organiser)
             for u in response.data.attributes]
    return Connection[SchoolUnit].from_list(units, win)


async def school_units_of_organisation(
    ctx: Context, organisation_number: str, first: int | None, after: str | None
) -> Connection[SchoolUnit] | None:
    """Hub link Organisation.schoolUnits: the operating units this organisation runs (as huvudman)."""
    return await _school_unit_connection(ctx, first, after, organiser=organisation_number)


async def school_units_in_municipality(
    ctx: Context, municipality_code: str, first: int | None, after: str | None
) -> Connection[SchoolUnit] | None:
    """Hub link Municipality.schoolUnits: the operating units located in the municipality."""
    return await _school_unit_connection(ctx, first, after, municipality=municipality_code)


_ORGANIZERS = Memo[dict[str, sr_models.Organizer]]("school organisers by organisation number")


async def _organiser_index(ctx: Context) -> dict[str, sr_models.Organizer]:
    async def build() -> dict[str, sr_models.Organizer]:
        response = await skolenhetsregistret.api.organizers(ctx.source("skolenhetsregistret"))
        return {organizer.organizationNumber: organizer for organizer in response.data.attributes}

    return await ctx.once(_ORGANIZERS, build)


async def organiser_name(ctx: Context, number: str) -> str | None:
    """The name Skolenhetsregistret gives a school organiser (one cached `/v2/organizers` list, indexed locally)."""
    organizer = (await _organiser_index(ctx)).get(number)
    return organizer.displayName if organizer else None


def _choice(value: str | None, allowed: tuple[str, ...], argument: str) -> str | None:
    if value is None:
        return None
    normalised = value.upper()
    if normalised not in allowed:
        raise BadUserInput(f"{value!r} is not one of {', '.join(allowed)}", argument=argument)
    return normalised


@strawberry.type
class SchoolQuery:
    @strawberry.field(description="One school unit by skolenhetskod (8 digits), from Skolenhetsregistret.")
    async def school_unit(self, info: Info, code: str) -> SchoolUnit | None:
        return await load_school_unit(info.context, code)

    @strawberry.field(description="School units (Skolenhetsregistret), filtered; operating units unless `status`.")
    async def school_units(
        self,
        info: Info,
        municipality: Annotated[str | None, strawberry.argument(description="SCB kommunkod, e.g. 0180")] = None,
        organiser: Annotated[
            str | None, strawberry.argument(description="Organiser's organisation number (any common form)")
        ] = None,
        school_type: Annotated[
            str | None, strawberry.argument(description="FKLASS, FTH, OPPFTH, GR, GRAN, SP, SAM, GY, GYAN or VUX")
        ] = None,
        status: Annotated[
            str | None,
            strawberry.argument(description="AKTIV (the default, also for an explicit null), VILANDE, UPPHORT or "
                                            "PLANERAD"),
        ] = _DEFAULT_STATUS,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SchoolUnit] | None:
        return await _school_unit_connection(
            info.context, first, after,
            municipality=municipality_code(municipality, argument="municipality") if municipality else None,
            organiser=organisation_number(organiser, argument="organiser") if organiser else None,
            school_type=_choice(school_type, _SCHOOL_TYPES, "schoolType"),
            status=_choice(status, _STATUSES, "status"),
        )

    @strawberry.field(description="Planned education events (Planned Educations v4), by municipality/programme.")
    async def education_events(
        self,
        info: Info,
        municipality: Annotated[str | None, strawberry.argument(description="SCB kommunkod, e.g. 0180")] = None,
        programme: Annotated[str | None, strawberry.argument(description="Study path code, e.g. NA")] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[EducationEvent] | None:
        ctx = info.context
        win = window(first, after, max_page_size=ctx.settings.max_page_size)
        area = municipality_code(municipality, argument="municipality") if municipality else None
        if programme is not None and not re.fullmatch(r"[A-ZÅÄÖ0-9]{2,8}", programme):
            raise BadUserInput(f"{programme!r} is not a study path code (e.g. NA)", argument="programme")
        client = ctx.source("planned_educations")
        size = client.runtime.source.page_size

        async def fetch_block(index: int) -> Block[pe_models.EducationEvent]:
            response = await planned_educations.api.education_events(
                client, geographical_area_code=area, study_path_code=programme,
                page=index, size=size)
            return Block(items=response.body.embedded.educationEvents, total=response.body.page.totalElements)

        events, total, has_next = await fetch_window(win, block_size=size, fetch_block=fetch_block)
        return Connection[EducationEvent].from_window([EducationEvent.from_model(e) for e in events], win,
                                                      total=total, has_next=has_next)


_SEED_UNIT_FIELDS = """code name status municipalityCode schoolTypes
  organiser { organisationNumber name }
  programmes { code name }
  educationEvents(first: 100) { totalCount edges { node { studyPathCode programme { code } } } }"""

# The six municipalities of the consistent offline world (tools/snapshot_world/jobtech/PROVENANCE.md).
SEED_MUNICIPALITIES = ("0180", "1480", "1280", "2584", "2180", "0380")


async def seed(run: SeedRun) -> None:
    """Units per municipality (with detail, organiser, programmes, events), units per organiser, each unit by code,
    and planned events per municipality."""
    execute, max_follow = run.execute, run.max_follow
    organisers: list[str | None] = []
    codes: list[str | None] = []
    for code in SEED_MUNICIPALITIES:
        data = await execute(
            f"query Seed($m: String!) {{ schoolUnits(municipality: $m, first: 100) {{ totalCount "
            f"edges {{ node {{ {_SEED_UNIT_FIELDS} }} }} }} }}", {"m": code})
        nodes = [edge["node"] for edge in (data.get("schoolUnits") or {}).get("edges", [])]
        organisers.extend((node.get("organiser") or {}).get("organisationNumber") for node in nodes)
        codes.extend(node.get("code") for node in nodes)
        await execute("query Seed($m: String!) { educationEvents(municipality: $m, first: 100) { totalCount "
                      "edges { node { schoolUnitCode studyPathCode } } } }", {"m": code})
    await execute("{ educationEvents(first: 100) { totalCount edges { node { schoolUnitCode } } } }", None)
    await execute("{ schoolUnits(first: 100) { totalCount edges { node { name municipality { name } "
                  "organiser { organisationNumber name } } } } }", None)
    for number in distinct(organisers, max_follow):
        await execute("query Seed($o: String!) { schoolUnits(organiser: $o, first: 100) { totalCount "
                      "edges { node { code name organiser { name } } } } }", {"o": number})
    for code in distinct(codes, 10 * max_follow):
        await execute("query Seed($c: String!) { schoolUnit(code: $c) { code name organiser { name } } }", {"c": code})


async def _municipality_school_units(
    root: Municipality, info: Info, first: int | None = None, after: str | None = None
) -> Connection[SchoolUnit] | None:
    return await school_units_in_municipality(info.context, root.code, first, after)


async def _organiser_school_units(
    root: Organisation, info: Info, first: int | None = None, after: str | None = None
) -> Connection[SchoolUnit] | None:
    return await school_units_of_organisation(info.context, root.organisation_number, first, after)


MODULE = GraphModule(
    name="schools",
    connectors=(planned_educations, skolenhetsregistret),
    query=SchoolQuery,
    types=(SchoolUnit,),
    nodes={"SchoolUnit": load_school_unit},
    seed=seed,
    # The school register names organisers as registered (SCB's business register): before ads (100).
    name_provider=NameProvider(source=skolenhetsregistret.SOURCE, priority=10, name=organiser_name),
    links=(
        hub_link(Municipality, "school_units", _municipality_school_units,
                 description="Operating school units in the municipality (Skolverket Skolenhetsregistret).",
                 seed="schoolUnits(first: 100) { totalCount edges { node { name organiser { name } } } }"),
        hub_link(Organisation, "school_units", _organiser_school_units,
                 description="School units this organisation runs as organiser (huvudman), Skolenhetsregistret.",
                 seed="schoolUnits(first: 100) { totalCount edges { node { name organiser { name } } } }"),
    ),
)
