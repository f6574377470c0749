"""ResearchProject (SweCRIS) and InnovationProject (Vinnova), stitched by organisation number and diarienummer.

Links (agency-apis.md, stitching keys #6 and #12):
- SweCRIS `coordinatingOrganisationId` / `fundingOrganisationId` ("202100-3054") -> Organisation (10 digits);
- SweCRIS "<dnr>_Vinnova" -> Vinnova `projekt` `Diarienummer` "<dnr>".
Vinnova project records carry the coordinator's *name* only (`KoordinatorOrg`), no organisation number, so
innovation projects reach organisations through SweCRIS (which lists Vinnova-funded projects with the
coordinator's organisation number), never through a name match.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from datetime import date

import strawberry

from .._errors import BadUserInput, UpstreamError
from .._keys import organisation_number
from .._pagination import Connection, window
from ..connectors import swecris, vinnova
from ..connectors.swecris.models import Person as SwecrisPerson
from ..connectors.swecris.models import Project as SwecrisProject
from ..connectors.swecris.models import Scb
from ..connectors.vinnova.models import Call as VinnovaCall
from ..connectors.vinnova.models import Project as VinnovaProject
from ._context import Context, Info, Loader, Memo
from ._module import GraphModule, NameProvider, hub_link
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct
from .organisations import Organisation

__all__ = [
    "MODULE",
    "InnovationCall",
    "InnovationProject",
    "ResearchProject",
    "ResearchQuery",
    "innovation_projects_of_organisation",
    "research_projects_of_organisation",
    "seed",
]


VINNOVA_ORGANISATION_NUMBER = "2021005216"  # SweCRIS fundingOrganisationId "202100-5216" (H, see PROVENANCE)
_VINNOVA_SUFFIX = "_Vinnova"
_PROJECT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,40}_[A-Za-z]{1,20}")  # "<funder dnr>_<funder>"
_DIARIENUMMER = re.compile(r"[0-9]{4}-[0-9]{5}")  # Vinnova diarienummer, "2022-01624"


def _date(value: str | None) -> date | None:
    """SweCRIS prints "2023-01-01 00:00:00" or "2023-01-01"; Vinnova "2015-09-01T00:00:00"."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _org(swecris_id: str | None) -> str | None:
    if not swecris_id:
        return None
    try:
        return organisation_number(swecris_id, argument="coordinatingOrganisationId")
    except BadUserInput:
        return None  # foreign or malformed ids (SweCRIS also lists non-Swedish organisations)


def _code(value: str | int | None) -> str | None:
    return None if value is None else str(value)


@strawberry.type(description="SCB research-subject classification of a project (levels 1, 3 and 5).")
class ResearchSubject:
    code: str | None = strawberry.field(description="5-digit subject code (forskningsämne), e.g. 10399")
    name: str | None = strawberry.field(description="Swedish name of the 5-digit subject")
    name_en: str | None
    group_code: str | None = strawberry.field(description="3-digit subject group, e.g. 103")
    group_name: str | None
    area_code: str | None = strawberry.field(description="1-digit research area, e.g. 1 Naturvetenskap")
    area_name: str | None

    @classmethod
    def from_model(cls, scb: Scb) -> ResearchSubject:
        return cls(code=_code(scb.scb5Id), name=scb.scb5NameSv, name_en=scb.scb5NameEn,
                   group_code=_code(scb.scb3Id), group_name=scb.scb3NameSv,
                   area_code=_code(scb.scb1Id), area_name=scb.scb1NameSv)


@strawberry.type(description="A person SweCRIS lists on a project (only what SweCRIS publishes; gender is omitted).")
class ProjectParticipant:
    person_id: str | None = strawberry.field(description="SweCRIS person id")
    full_name: str | None
    orcid: str | None
    role: str | None = strawberry.field(description="Role in English, e.g. Principal Investigator")
    role_sv: str | None

    @classmethod
    def from_model(cls, person: SwecrisPerson) -> ProjectParticipant:
        return cls(person_id=_code(person.personId), full_name=person.fullName, orcid=person.orcId,
                   role=person.roleEn, role_sv=person.roleSv)


@strawberry.type(description="A research project and its funding, from SweCRIS (Vetenskapsrådet).")
class ResearchProject(Node):
    id: strawberry.ID = strawberry.field(description='SweCRIS project id: funder dnr + "_" + funder, "2021-00157_VR"')
    title: str | None = strawberry.field(description="Swedish title, or the English one where there is none")
    title_sv: str | None
    title_en: str | None
    abstract: str | None = strawberry.field(description="Swedish abstract, or the English one where there is none")
    abstract_sv: str | None
    abstract_en: str | None
    start_date: date | None
    end_date: date | None
    funding_sek: float | None = strawberry.field(description="Funding in SEK as SweCRIS reports it")
    funding_year: int | None
    funding_start_date: date | None
    funding_end_date: date | None
    type_of_award: str | None = strawberry.field(description="Award type in Swedish, e.g. Projektbidrag")
    coordinating_organisation_name: str | None
    funder_name: str | None
    subjects: list[ResearchSubject] = strawberry.field(description="SCB research-subject classifications")
    participants: list[ProjectParticipant]
    source: SourceInfo
    coordinating_organisation_number: strawberry.Private[str | None]
    funder_organisation_number: strawberry.Private[str | None]

    @classmethod
    def from_model(cls, project: SwecrisProject) -> ResearchProject:
        return cls(
            node_id=global_id("ResearchProject", project.projectId),
            id=strawberry.ID(project.projectId),
            title=project.projectTitleSv or project.projectTitleEn,
            title_sv=project.projectTitleSv or None,
            title_en=project.projectTitleEn or None,
            abstract=project.projectAbstractSv or project.projectAbstractEn or None,
            abstract_sv=project.projectAbstractSv or None,
            abstract_en=project.projectAbstractEn or None,
            start_date=_date(project.projectStartDate),
            end_date=_date(project.projectEndDate),
            funding_sek=project.fundingsSek,
            funding_year=project.fundingYear,
            funding_start_date=_date(project.fundingStartDate),
            funding_end_date=_date(project.fundingEndDate),
            type_of_award=project.typeOfAwardDescrSv or project.typeOfAwardDescrEn,
            coordinating_organisation_name=project.coordinatingOrganisationNameSv,
            funder_name=project.fundingOrganisationNameSv,
            subjects=[ResearchSubject.from_model(scb) for scb in project.scbs],
            participants=[ProjectParticipant.from_model(person) for person in project.peopleList],
            source=SourceInfo.of(swecris.SOURCE),
            coordinating_organisation_number=_org(project.coordinatingOrganisationId),
            funder_organisation_number=_org(project.fundingOrganisationId),
        )

    @strawberry.field(description="The coordinating organisation (SweCRIS coordinatingOrganisationId)")
    def coordinating_organisation(self) -> Organisation | None:
        number = self.coordinating_organisation_number
        return Organisation.of(number) if number else None

    @strawberry.field(description="The funding organisation (SweCRIS fundingOrganisationId)")
    def funder(self) -> Organisation | None:
        number = self.funder_organisation_number
        return Organisation.of(number) if number else None

    @strawberry.field(description="The Vinnova project record, for projects Vinnova funds (\"<dnr>_Vinnova\")")
    async def innovation_project(self, info: Info) -> InnovationProject | None:
        if not self.id.endswith(_VINNOVA_SUFFIX):
            return None
        return await load_innovation_project(info.context, self.id.removesuffix(_VINNOVA_SUFFIX))


@strawberry.type(description="A Vinnova call for proposals (utlysning).")
class InnovationCall(Node):
    id: strawberry.ID = strawberry.field(description="Vinnova diarienummer of the call")
    title: str | None
    title_en: str | None
    description: str | None
    published: str | None = strawberry.field(description="Publiceringsdatum as Vinnova prints it")
    programme_id: str | None = strawberry.field(description="Diarienummer of the programme the call belongs to")
    source: SourceInfo

    @classmethod
    def from_model(cls, call: VinnovaCall) -> InnovationCall:
        return cls(node_id=global_id("InnovationCall", call.Diarienummer), id=strawberry.ID(call.Diarienummer),
                   title=call.Titel, title_en=call.TitelEngelska, description=call.Beskrivning,
                   published=call.Publiceringsdatum, programme_id=call.DiarienummerProgram,
                   source=SourceInfo.of(vinnova.SOURCE))


@strawberry.type(description="A link Vinnova publishes with a project.")
class ProjectLink:
    url: str
    description: str | None


@strawberry.type(description="An innovation project funded by Vinnova (Vinnova open data `projekt`).")
class InnovationProject(Node):
    id: strawberry.ID = strawberry.field(description='Vinnova diarienummer, "2022-01624"')
    title: str | None = strawberry.field(description="Ärenderubrik (Swedish), or the English title where empty")
    title_en: str | None
    summary: str | None = strawberry.field(description="Projektreferat")
    goal: str | None = strawberry.field(description="MalSvenska")
    result: str | None = strawberry.field(description="ResultatSvenska")
    granted_sek: float | None = strawberry.field(description="BeviljatBidrag")
    start_date: date | None
    end_date: date | None
    status: str | None
    coordinator_name: str | None = strawberry.field(
        description="KoordinatorOrg: the coordinator's name as Vinnova spells it (Vinnova gives no org. number)"
    )
    coordinator_department: str | None = strawberry.field(description="KoordinatorArb")
    programme_id: str | None
    links: list[ProjectLink]
    source: SourceInfo
    call_id: strawberry.Private[str | None]

    @classmethod
    def from_model(cls, project: VinnovaProject) -> InnovationProject:
        links = [ProjectLink(url=url, description=link.Beskrivning or link.Lanknamn or None)
                 for link in project.LankLista or [] if (url := link.URL or link.Lankadress)]
        return cls(
            node_id=global_id("InnovationProject", project.Diarienummer),
            id=strawberry.ID(project.Diarienummer),
            title=project.title_sv or project.title_en,
            title_en=project.title_en or None,
            summary=project.Projektreferat or None,
            goal=project.MalSvenska or None,
            result=project.ResultatSvenska or None,
            granted_sek=project.BeviljatBidrag,
            start_date=_date(project.ProjektStart),
            end_date=_date(project.ProjektSlut),
            status=project.Status,
            coordinator_name=project.KoordinatorOrg,
            coordinator_department=project.KoordinatorArb,
            programme_id=project.DiarienummerProgram,
            links=links,
            source=SourceInfo.of(vinnova.SOURCE),
            call_id=project.DiarienummerUtlysning,
        )

    @strawberry.field(description="The call for proposals the project was funded under")
    async def call(self, info: Info) -> InnovationCall | None:
        if not self.call_id:
            return None
        return await load_innovation_call(info.context, self.call_id)

    @strawberry.field(description="The same project in SweCRIS (\"<dnr>_Vinnova\"), with its coordinating organisation")
    async def research_project(self, info: Info) -> ResearchProject | None:
        return await load_research_project(info.context, f"{self.id}{_VINNOVA_SUFFIX}")


# --- loading -------------------------------------------------------------------------------------------------------


async def _vinnova_by_ids(ctx: Context, entity: str, keys: Sequence[str]) -> dict[str, VinnovaProject | VinnovaCall]:
    """One request per 20 ids (the upstream's cap), sent concurrently; results indexed by Diarienummer.

    More than 20 keys at one nesting level therefore cost ceil(n/20) requests: the upstream allows no more."""
    client = ctx.source("vinnova")
    unique = sorted(set(keys))
    size = vinnova.api.MAX_IDS_PER_REQUEST
    chunks = [unique[i:i + size] for i in range(0, len(unique), size)]
    found: dict[str, VinnovaProject | VinnovaCall] = {}
    if entity == "projekt":
        for projects in await asyncio.gather(*(vinnova.api.projects_by_ids(client, c) for c in chunks)):
            found.update((p.Diarienummer, p) for p in projects)
    else:
        for calls in await asyncio.gather(*(vinnova.api.calls_by_ids(client, c) for c in chunks)):
            found.update((c.Diarienummer, c) for c in calls)
    return found


async def _load_vinnova_projects(keys: list[str], ctx: Context) -> list[VinnovaProject | BaseException | None]:
    try:
        found = await _vinnova_by_ids(ctx, "projekt", keys)
    except UpstreamError as error:
        return [error for _ in keys]
    return [record if isinstance(record := found.get(key), VinnovaProject) else None for key in keys]


_VINNOVA_PROJECTS = Loader[str, VinnovaProject | None]("Vinnova project by diarienummer")
_VINNOVA_CALLS = Loader[str, VinnovaCall | None]("Vinnova call by diarienummer")
_SWECRIS_PROJECTS = Loader[str, SwecrisProject | None]("SweCRIS project by id")
_SWECRIS_PROJECTS_BY_ORG = Loader[str, list[SwecrisProject]]("SweCRIS projects by organisation")


async def load_innovation_project(ctx: Context, diarienummer: str) -> InnovationProject | None:
    if not _DIARIENUMMER.fullmatch(diarienummer):
        raise BadUserInput(f"{diarienummer!r} is not a Vinnova diarienummer (NNNN-NNNNN)", argument="id")

    async def load(keys: list[str]) -> list[VinnovaProject | BaseException | None]:
        return await _load_vinnova_projects(keys, ctx)

    record: VinnovaProject | None = await ctx.loader(_VINNOVA_PROJECTS, load).load(diarienummer)
    return InnovationProject.from_model(record) if record else None


async def load_innovation_call(ctx: Context, diarienummer: str) -> InnovationCall | None:
    if not _DIARIENUMMER.fullmatch(diarienummer):
        raise BadUserInput(f"{diarienummer!r} is not a Vinnova diarienummer (NNNN-NNNNN)", argument="id")

    async def load(keys: list[str]) -> list[VinnovaCall | BaseException | None]:
        try:
            found = await _vinnova_by_ids(ctx, "utlysningar", keys)
        except UpstreamError as error:
            return [error for _ in keys]
        return [record if isinstance(record := found.get(key), VinnovaCall) else None for key in keys]

    call: VinnovaCall | None = await ctx.loader(_VINNOVA_CALLS, load).load(diarienummer)
    return InnovationCall.from_model(call) if call else None


async def load_research_project(ctx: Context, project_id: str) -> ResearchProject | None:
    if not _PROJECT_ID.fullmatch(project_id):
        raise BadUserInput(f"{project_id!r} is not a SweCRIS project id (e.g. 2021-00157_VR)", argument="id")

    async def load(keys: list[str]) -> list[SwecrisProject | BaseException | None]:
        # SweCRIS has no multi-id endpoint: one request per distinct id, sent concurrently (reported exception to
        # the per-level request bound).
        client = ctx.source("swecris")
        results = await asyncio.gather(*(swecris.api.project(client, key) for key in keys), return_exceptions=True)
        return list(results)

    project: SwecrisProject | None = await ctx.loader(_SWECRIS_PROJECTS, load).load(project_id)
    return ResearchProject.from_model(project) if project else None


async def _swecris_projects_of(ctx: Context, number: str) -> list[SwecrisProject]:
    async def load(keys: list[str]) -> list[list[SwecrisProject] | BaseException]:
        # One request per organisation: SweCRIS takes one organisation id per call (no batch endpoint).
        client = ctx.source("swecris")
        results = await asyncio.gather(*(swecris.api.projects_of_organisation(client, key) for key in keys),
                                       return_exceptions=True)
        return list(results)

    projects: list[SwecrisProject] = await ctx.loader(_SWECRIS_PROJECTS_BY_ORG, load).load(number)
    # Newest funding first, then by id: a stable order for cursors over the cached list.
    return sorted(projects, key=lambda p: (p.fundingStartDate or "", p.projectId), reverse=True)


async def research_projects_of_organisation(
    ctx: Context, organisation_number: str, first: int | None, after: str | None
) -> Connection[ResearchProject] | None:
    """Research projects the organisation coordinates (SweCRIS /v1/projects/organisations/{NNNNNN-NNNN})."""
    number = _organisation_argument(organisation_number)
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    projects = await _swecris_projects_of(ctx, number)
    return Connection[ResearchProject].from_list([ResearchProject.from_model(p) for p in projects], win)


async def innovation_projects_of_organisation(
    ctx: Context, organisation_number: str, first: int | None, after: str | None
) -> Connection[InnovationProject] | None:
    """Vinnova-funded projects the organisation coordinates: found in SweCRIS ("<dnr>_Vinnova" with the
    coordinator's organisation number), read from Vinnova by diarienummer (20 per request). A project SweCRIS lists
    but Vinnova's open data lacks is built from the SweCRIS record (its `source` says so)."""
    number = _organisation_argument(organisation_number)
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    funded = [p for p in await _swecris_projects_of(ctx, number)
              if p.projectId.endswith(_VINNOVA_SUFFIX) and _DIARIENUMMER.fullmatch(p.projectId[:-len(_VINNOVA_SUFFIX)])]
    page = funded[win.offset: win.offset + win.first]
    records = await asyncio.gather(*(load_innovation_project(ctx, p.projectId[:-len(_VINNOVA_SUFFIX)])
                                     for p in page))
    nodes = [record or _innovation_from_swecris(p) for p, record in zip(page, records, strict=True)]
    return Connection[InnovationProject].from_window(nodes, win, total=len(funded),
                                                     has_next=win.offset + len(page) < len(funded))


def _innovation_from_swecris(project: SwecrisProject) -> InnovationProject:
    dnr = project.projectId.removesuffix(_VINNOVA_SUFFIX)
    return InnovationProject(
        node_id=global_id("InnovationProject", dnr), id=strawberry.ID(dnr),
        title=project.projectTitleSv or project.projectTitleEn, title_en=project.projectTitleEn or None,
        summary=project.projectAbstractSv or project.projectAbstractEn or None, goal=None, result=None,
        granted_sek=project.fundingsSek, start_date=_date(project.projectStartDate),
        end_date=_date(project.projectEndDate), status=None,
        coordinator_name=project.coordinatingOrganisationNameSv, coordinator_department=None, programme_id=None,
        links=[], source=SourceInfo.of(swecris.SOURCE), call_id=None,
    )


def _organisation_argument(value: str) -> str:
    return organisation_number(value, argument="organisationNumber")


async def innovation_projects_changed_since(
    ctx: Context, since: date, first: int | None, after: str | None
) -> Connection[InnovationProject]:
    win = window(first, after, max_page_size=ctx.settings.max_page_size)
    records = await vinnova.api.projects_changed_since(ctx.source("vinnova"), since)
    ordered = sorted(records, key=lambda r: r.Diarienummer, reverse=True)
    return Connection[InnovationProject].from_list([InnovationProject.from_model(r) for r in ordered], win)


@strawberry.type
class ResearchQuery:
    @strawberry.field(description="Research projects an organisation coordinates (SweCRIS, all funders).")
    async def research_projects(
        self, info: Info, organisation_number: str, first: int | None = None, after: str | None = None
    ) -> Connection[ResearchProject] | None:
        return await research_projects_of_organisation(info.context, organisation_number, first, after)

    @strawberry.field(description='One research project by SweCRIS project id, e.g. "2021-00157_VR".')
    async def research_project(self, info: Info, id: strawberry.ID) -> ResearchProject | None:
        return await load_research_project(info.context, str(id))

    @strawberry.field(description=(
        "Vinnova innovation projects: those an organisation coordinates (via SweCRIS), or those changed since a "
        "date (Vinnova `projekt/{date}`). Give exactly one of the two."
    ))
    async def innovation_projects(
        self, info: Info, organisation_number: str | None = None, changed_since: date | None = None,
        first: int | None = None, after: str | None = None,
    ) -> Connection[InnovationProject] | None:
        if (organisation_number is None) == (changed_since is None):
            raise BadUserInput("give exactly one of `organisationNumber` and `changedSince`",
                               argument="organisationNumber")
        if organisation_number is not None:
            return await innovation_projects_of_organisation(info.context, organisation_number, first, after)
        assert changed_since is not None
        if changed_since > info.context.today():
            raise BadUserInput("`changedSince` lies in the future", argument="changedSince")
        return await innovation_projects_changed_since(info.context, changed_since, first, after)

    @strawberry.field(description='One Vinnova project by diarienummer, e.g. "2022-01624".')
    async def innovation_project(self, info: Info, id: strawberry.ID) -> InnovationProject | None:
        return await load_innovation_project(info.context, str(id))

    @strawberry.field(description="One Vinnova call for proposals (utlysning) by diarienummer.")
    async def innovation_call(self, info: Info, id: strawberry.ID) -> InnovationCall | None:
        return await load_innovation_call(info.context, str(id))


# --- organisation names --------------------------------------------------------------------------------------------


_SWECRIS_ORGANISATION_NAMES = Memo[dict[str, str]]("SweCRIS organisation names by number")


async def swecris_organisation_name(ctx: Context, number: str) -> str | None:
    """The Swedish name in SweCRIS's organisation list (one cached request, indexed once per request)."""
    async def build() -> dict[str, str]:
        index: dict[str, str] = {}
        for org in await swecris.api.organisations(ctx.source("swecris")):
            key = _org(org.organisationId)
            if key and (org.organisationNameSv or org.organisationNameEn):
                index[key] = org.organisationNameSv or org.organisationNameEn or ""
        return index

    return (await ctx.once(_SWECRIS_ORGANISATION_NAMES, build)).get(number)


# --- seed ------------------------------------------------------------------------------------------------------------

# The universities of the shared world (tools/snapshot_world/jobtech): KTH and Uppsala universitet.
SEED_ORGANISATIONS = ("2021003054", "2021002932")

_SEED_PROJECT = """id title funder { organisationNumber } coordinatingOrganisation { organisationNumber name }
  innovationProject { id title call { id title } }"""


async def seed(run: SeedRun) -> None:
    """Projects of the seeded universities, each project by id, and their Vinnova side (project and call)."""
    execute, max_follow = run.execute, run.max_follow
    project_ids: list[str | None] = []
    for number in SEED_ORGANISATIONS:
        data = await execute(
            f"query Seed($o: String!) {{ researchProjects(organisationNumber: $o, first: 100) {{ totalCount "
            f"edges {{ node {{ {_SEED_PROJECT} }} }} }} "
            f"innovationProjects(organisationNumber: $o, first: 100) {{ edges {{ node {{ id title "
            f"call {{ id }} researchProject {{ id }} }} }} }} }}",
            {"o": number},
        )
        project_ids.extend(edge["node"]["id"] for edge in (data.get("researchProjects") or {}).get("edges", []))
    for project_id in distinct(project_ids, max_follow):
        await execute(f"query Seed($id: ID!) {{ researchProject(id: $id) {{ {_SEED_PROJECT} }} }}", {"id": project_id})


async def _coordinated_research_projects(
    root: Organisation, info: Info, first: int | None = None, after: str | None = None
) -> Connection[ResearchProject] | None:
    return await research_projects_of_organisation(info.context, root.organisation_number, first, after)


async def _coordinated_innovation_projects(
    root: Organisation, info: Info, first: int | None = None, after: str | None = None
) -> Connection[InnovationProject] | None:
    return await innovation_projects_of_organisation(info.context, root.organisation_number, first, after)


MODULE = GraphModule(
    name="research",
    connectors=(swecris, vinnova),
    query=ResearchQuery,
    types=(ResearchProject, InnovationProject, InnovationCall),
    nodes={
        "ResearchProject": load_research_project,
        "InnovationProject": load_innovation_project,
        "InnovationCall": load_innovation_call,
    },
    seed=seed,
    # Registries name organisations formally (< 100); SweCRIS first among ours.
    name_provider=NameProvider(source=swecris.SOURCE, priority=20, name=swecris_organisation_name),
    links=(
        hub_link(Organisation, "research_projects", _coordinated_research_projects,
                 description="Research projects this organisation coordinates (Vetenskapsrådet SweCRIS).",
                 seed="researchProjects(first: 100) { totalCount edges { node { title funder { name } } } }"),
        hub_link(Organisation, "innovation_projects", _coordinated_innovation_projects,
                 description="Vinnova-funded innovation projects this organisation coordinates.",
                 seed="innovationProjects(first: 100) { totalCount edges { node { title } } }"),
    ),
)
