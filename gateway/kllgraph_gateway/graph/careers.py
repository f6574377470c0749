"""Career moves: which occupations a person can switch to, what they would miss, how to get there, is there work.

The moves are the JobTech Taxonomy's curated, directional **substitutability** between occupation-names
(career-switch-apis.md §1a; H for the payload and its meaning, M+ for the GraphQL field names):
- `A.substitutes` are the occupations whose vacancies a worker in A can fill: the career-switch view;
- `A.substitutedBy` are the occupations whose workers can fill A's vacancies: the employer's, matching view.
Strengths are 75 (high: "very closely related with a high level of similarity in tasks") and 25 (low: "some tasks are
similar and/or some education or training might be needed"). The taxonomy made the relation for employers looking for
candidates; it is the agency's curated substitutability, not a personal recommendation. About half of all
occupations have none: the lists are then empty.

`careerMoves` adds to each target the skill comparison (taxonomy skills, `graph/skills.py`), its educations (JobEd, as
`Occupation.educations`), its current ads (JobSearch, as `Occupation.jobAds`, in a county when given), its average
monthly wage (SCB, as `Occupation.statistics`) and its outlook (Yrkesbarometer, as `Occupation.outlook`): every part
is the resolver the plain field uses, so batching, caching and the request bound are theirs.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

import strawberry

from .._errors import BadUserInput, UpstreamError
from .._keys import is_concept_id, region_code
from .._limits import ListSize
from .._pagination import Connection
from ..connectors import taxonomy
from ..connectors.taxonomy.models import SubstitutabilityConcept, Substitute
from ._context import Context, Info, Memo
from ._module import GraphModule, hub_link
from ._seeds import SeedRun
from ._taxonomy import mirror_index
from .educations import Education, educations_for_occupation
from .jobads import JobAd, JobAdFilter, job_ad_connection
from .occupations import Occupation, load_occupation
from .outlook import OccupationOutlook, outlook_for
from .skills import OccupationSkill, Skill, SkillIndex, skill_index
from .statistics import StatisticFigure, occupation_monthly_wage

__all__ = ["MODULE", "CareerMove", "CareerQuery", "OccupationMove", "SubstitutabilityLevel", "career_moves"]

# The most targets one `careerMoves` may ask for: each costs a JobSearch and a JobEd request when those are selected.
MAX_CAREER_MOVES = 50
DEFAULT_CAREER_MOVES = 10
# The longest relation lists one occupation has in the real distribution (PROVENANCE.md [SUBST], 2,412 occupations):
# the sizes the cost estimate assumes for `substitutes` and `substitutedBy` (their @listSize).
MOST_SUBSTITUTES = 53
MOST_SUBSTITUTED_BY = 45


@strawberry.enum(description="How closely one occupation can substitute another (JobTech Taxonomy "
                             "`substitutability_percentage`: 75 or 25).")
class SubstitutabilityLevel(Enum):
    HIGH = strawberry.enum_value("HIGH", description="75: very closely related, a high similarity in tasks")
    LOW = strawberry.enum_value("LOW", description="25: some tasks are similar; some education or training might "
                                                   "be needed to make the move")


_LEVELS = {75: SubstitutabilityLevel.HIGH, 25: SubstitutabilityLevel.LOW}


@dataclass(frozen=True, slots=True)
class SubstitutabilityIndex:
    by_id: dict[str, SubstitutabilityConcept]

    @classmethod
    def build(cls, concepts: list[SubstitutabilityConcept]) -> SubstitutabilityIndex:
        return cls(by_id={concept.id: concept for concept in concepts})


_SUBSTITUTABILITY = Memo[SubstitutabilityIndex]("taxonomy substitutability index")


async def substitutability_index(ctx: Context) -> SubstitutabilityIndex:
    return await mirror_index(ctx, _SUBSTITUTABILITY, taxonomy.api.substitutability, SubstitutabilityIndex.build)


@strawberry.type(description="An occupation one can move to or from, with the taxonomy's substitutability level.")
class OccupationMove:
    occupation: Occupation
    level: SubstitutabilityLevel


async def _moves(ctx: Context, relations: list[Substitute]) -> list[OccupationMove]:
    """HIGH before LOW, then by label; a related id the occupation mirror does not know is left out."""
    found = await asyncio.gather(*(load_occupation(ctx, relation.id) for relation in relations))
    moves = [OccupationMove(occupation=occupation, level=_LEVELS[relation.substitutability_percentage])
             for relation, occupation in zip(relations, found, strict=True) if occupation is not None]
    moves.sort(key=lambda m: (m.level is SubstitutabilityLevel.LOW, m.occupation.label.casefold(), m.occupation.id))
    return moves


async def _substitutes(root: Occupation, info: Info) -> list[OccupationMove] | None:
    concept = (await substitutability_index(info.context)).by_id.get(str(root.id))
    return await _moves(info.context, concept.substitutes if concept else [])


async def _substituted_by(root: Occupation, info: Info) -> list[OccupationMove] | None:
    concept = (await substitutability_index(info.context)).by_id.get(str(root.id))
    return await _moves(info.context, concept.substituted_by if concept else [])


@dataclass(frozen=True, slots=True)
class SkillGap:
    shared: list[Skill]
    missing: list[Skill]

    @property
    def share(self) -> float:
        """The part of the target's skills the person already has (0 when the target lists none)."""
        total = len(self.shared) + len(self.missing)
        return len(self.shared) / total if total else 0.0

    @classmethod
    def of(cls, index: SkillIndex, have: set[str], target: Occupation) -> SkillGap:
        needed: list[OccupationSkill] = index.of_occupation(str(target.id), target.ssyk_code)
        return cls(shared=[s.skill for s in needed if str(s.skill.id) in have],
                   missing=[s.skill for s in needed if str(s.skill.id) not in have])


@strawberry.type(description="A move from one occupation to another (taxonomy substitutability), with what it takes "
                             "and what is there: skills, educations, job ads, wage and outlook.")
class CareerMove:
    occupation: Occupation = strawberry.field(description="The occupation one can move to")
    level: SubstitutabilityLevel
    origin: strawberry.Private[Occupation]
    region_code: strawberry.Private[str | None]
    gap: strawberry.Private[SkillGap | BaseException]

    def _gap(self) -> SkillGap:
        if isinstance(self.gap, BaseException):
            raise self.gap
        return self.gap

    @strawberry.field(description="The target's skills the origin occupation has too (compared by taxonomy skill "
                                  "id; essential first, then optional, then the SSYK group's)")
    def shared_skills(self) -> list[Skill] | None:
        return self._gap().shared

    @strawberry.field(description="The target's skills the origin occupation does not list: what the move may need "
                                  "to be learnt (same order)")
    def missing_skills(self) -> list[Skill] | None:
        return self._gap().missing

    @strawberry.field(description="Educations that lead to the target occupation (JobEd Connect, as "
                                  "Occupation.educations)")
    async def educations(self, info: Info, first: int | None = None,
                         after: str | None = None) -> Connection[Education] | None:
        target = self.occupation
        return await educations_for_occupation(info.context, str(target.id), target.label, target.ssyk_code,
                                               first, after)

    @strawberry.field(description="Current job ads for the target occupation (JobSearch), in the county asked for "
                                  "when `careerMoves(region:)` is given")
    async def job_ads(self, info: Info, first: int | None = None,
                      after: str | None = None) -> Connection[JobAd] | None:
        ad_filter = JobAdFilter(occupation_names=(str(self.occupation.id),),
                                region_codes=(self.region_code,) if self.region_code else ())
        return await job_ad_connection(info.context, ad_filter, first, after)

    @strawberry.field(description="The target's Yrkesbarometer outlook in the county asked for "
                                  "(`careerMoves(region:)`), else in the whole country, as Occupation.outlook; null "
                                  "where the barometer has no row for it")
    async def outlook(self, info: Info) -> OccupationOutlook | None:
        return await outlook_for(info.context, str(self.occupation.id), self.region_code)

    @strawberry.field(description="Average monthly wage of the target's SSYK 2012 group (SCB, as "
                                  "Occupation.statistics.monthlyWage); null where SCB publishes none")
    async def monthly_wage(self, info: Info) -> StatisticFigure | None:
        code = self.occupation.ssyk_code
        return await occupation_monthly_wage(info.context, code) if code else None


async def career_moves(ctx: Context, origin_id: str, region: str | None, first: int) -> list[CareerMove] | None:
    """The ranked moves from `origin_id` (None when the taxonomy does not know it)."""
    origin, index = await asyncio.gather(load_occupation(ctx, origin_id), substitutability_index(ctx))
    if origin is None:
        return None
    concept = index.by_id.get(origin_id)
    moves = await _moves(ctx, concept.substitutes if concept else [])
    try:
        skills: SkillIndex | BaseException = await skill_index(ctx)
    except UpstreamError as error:  # the skill fields fail with it; the moves are still ranked by level and label
        skills = error
    have = set() if isinstance(skills, BaseException) else {
        str(s.skill.id) for s in skills.of_occupation(str(origin.id), origin.ssyk_code)}
    ranked = []
    for move in moves:
        gap = skills if isinstance(skills, BaseException) else SkillGap.of(skills, have, move.occupation)
        ranked.append(CareerMove(occupation=move.occupation, level=move.level, origin=origin, region_code=region,
                                 gap=gap))
    ranked.sort(key=lambda m: (m.level is SubstitutabilityLevel.LOW,
                               -m.gap.share if isinstance(m.gap, SkillGap) else 0.0,
                               m.occupation.label.casefold(), m.occupation.id))
    return ranked[:first]


@strawberry.type
class CareerQuery:
    @strawberry.field(
        description="Where a person in occupation `from` can move: the occupations whose vacancies its workers can "
        "fill (taxonomy `substitutes`), each with the skills shared and missing, educations, job ads, wage and "
        "outlook. Ranked: HIGH before LOW substitutability; within a level, the target whose skills the person "
        "already has the larger share of (`sharedSkills` / all the target's skills) first; then by label. Null when "
        "the taxonomy does not know `from`; empty when it lists no substitutes (about half of all occupations). The "
        "taxonomy built the relation for employers looking for candidates: it is the agency's curated "
        "substitutability, not a personal recommendation. Upstream requests, whatever `first` is: the taxonomy "
        "mirrors (occupations, substitutability, skills, occupation skills, barometer occupations: 0 when preloaded, "
        "else at most 5), one "
        "JobSearch and one JobEd request per target whose `jobAds` / `educations` are selected, and one SCB wage "
        "table and one Yrkesbarometer file for all targets (0 when cached).",
        directives=[ListSize(slicing_arguments=["first"])],
    )
    async def career_moves(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(
            name="from", description="Taxonomy concept id of the occupation the person has")],
        region: Annotated[str | None, strawberry.argument(
            description="SCB länskod (2 digits) for the job ads and outlook; null: the whole country")] = None,
        first: Annotated[int | None, strawberry.argument(
            description=f"How many moves, 0-{MAX_CAREER_MOVES}")] = DEFAULT_CAREER_MOVES,
    ) -> list[CareerMove] | None:
        if not is_concept_id(str(from_)):
            raise BadUserInput(f"{from_!r} is not a taxonomy concept id (like DJh5_yyF_hEM)", argument="from")
        count = DEFAULT_CAREER_MOVES if first is None else first
        if not 0 <= count <= MAX_CAREER_MOVES:
            raise BadUserInput(f"`first` must be between 0 and {MAX_CAREER_MOVES}, not {count}", argument="first")
        code = region_code(region, argument="region") if region is not None else None
        return await career_moves(info.context, str(from_), code, count)


_SEED_MOVE = """occupation { id label } level sharedSkills { id } missingSkills { id }
  educations(first: 5) { edges { node { id title } } } jobAds(first: 5) { totalCount edges { node { id } } }
  monthlyWage { value } outlook { jobOpportunities recruitmentSituation forecast }"""


# The county whose career moves a recording also runs (ads searched in it, its outlook): Stockholms län.
_SEED_REGION = "01"


async def seed(run: SeedRun) -> None:
    """Every occupation's moves, both directions, and its careerMoves with their links, nationally and in one
    county."""
    data = await run.execute("{ occupations(first: 100) { edges { node { id } } } }", None)
    for edge in (data.get("occupations") or {}).get("edges") or []:
        await run.execute(
            "query Seed($id: ID!, $region: String!) { occupation(id: $id) { substitutes { level occupation { id } } "
            f"substitutedBy {{ level occupation {{ id }} }} }} careerMoves(from: $id) {{ {_SEED_MOVE} }} "
            f"inCounty: careerMoves(from: $id, region: $region) {{ {_SEED_MOVE} }} }}",
            {"id": edge["node"]["id"], "region": _SEED_REGION})


async def preload(ctx: Context) -> None:
    """The Taxonomy's substitutability mirror."""
    await taxonomy.api.substitutability(ctx.source("taxonomy"))


MODULE = GraphModule(
    name="careers",
    connectors=(taxonomy,),
    preload=preload,
    query=CareerQuery,
    types=(CareerMove,),
    seed=seed,
    links=(
        hub_link(Occupation, "substitutes", _substitutes, directives=[ListSize(assumed_size=MOST_SUBSTITUTES)],
                 description="Occupations whose vacancies a worker in this occupation can fill (JobTech Taxonomy "
                 "`substitutes`): the career-switch view. HIGH before LOW, then by label; empty when the taxonomy "
                 "lists none."),
        hub_link(Occupation, "substituted_by", _substituted_by, directives=[ListSize(assumed_size=MOST_SUBSTITUTED_BY)],
                 description="Occupations whose workers can fill this occupation's vacancies (JobTech Taxonomy "
                 "`substituted_by`): the employer's view, for matching candidates to a vacancy. HIGH before LOW, "
                 "then by label."),
    ),
)
