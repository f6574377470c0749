"""Skills (JobTech Taxonomy concept type `skill`) and the skills of an occupation.

An occupation's skills come from two kinds of taxonomy link (career-switch-apis.md §1b):
- curated on the occupation-name itself, `essential` and `optional` (M for the field names; about 7 % of occupations
  have essential skills, 38 % optional ones, taxonomy v31);
- suggested for its SSYK 2012 group: the skills `related` to the ssyk-level-4 concept (H; "suggestions ... without
  declaring their importance", so their relevance is GROUP).

Both are mirrored whole (one request per concept type, like every taxonomy mirror): a request never asks per
occupation. `Occupation.skills` is the union, each skill once at its strongest relevance.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

import strawberry

from .._errors import BadUserInput
from .._keys import is_concept_id
from .._pagination import Connection, window
from ..connectors import taxonomy
from ..connectors.taxonomy.models import OccupationSkillsConcept, SkillConcept
from ._context import Context, Info, Memo
from ._derived import derived
from ._module import GraphModule, hub_link
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun
from .occupations import Occupation

__all__ = [
    "MODULE",
    "OccupationSkill",
    "Skill",
    "SkillHeadline",
    "SkillIndex",
    "SkillMirror",
    "SkillQuery",
    "SkillRelevance",
    "load_skill",
    "occupation_skills",
    "skill_index",
]


@strawberry.enum(description="How a skill belongs to an occupation in the JobTech Taxonomy.")
class SkillRelevance(Enum):
    ESSENTIAL = strawberry.enum_value(
        "ESSENTIAL", description="Curated on the occupation as essential (taxonomy `essential`; M for the name)")
    OPTIONAL = strawberry.enum_value(
        "OPTIONAL", description="Curated on the occupation as optional (taxonomy `optional`; M for the name)")
    GROUP = strawberry.enum_value(
        "GROUP", description="Linked to the occupation's SSYK 2012 four-digit group only: a suggestion, without a "
        "declared importance (the taxonomy's own words)")


_ORDER = {SkillRelevance.ESSENTIAL: 0, SkillRelevance.OPTIONAL: 1, SkillRelevance.GROUP: 2}


@strawberry.type(description="A skill's headline (taxonomy concept type skill-headline), e.g. Vård och omsorg.")
class SkillHeadline:
    id: strawberry.ID = strawberry.field(description="Taxonomy concept id of the skill-headline")
    label: str


@strawberry.type(description="A skill (JobTech Taxonomy concept type `skill`).")
class Skill(Node):
    id: strawberry.ID = strawberry.field(description="Taxonomy concept id of the skill")
    label: str = strawberry.field(description="Its Swedish preferred label")
    headline: SkillHeadline | None = strawberry.field(description="The headline it is grouped under")
    esco_uri: str | None = strawberry.field(
        description="The ESCO skill it matches exactly (taxonomy `exact_match` to an esco-skill), if any")
    source: SourceInfo

    @classmethod
    def of(cls, concept: SkillConcept) -> Skill:
        return derived(concept, Skill, lambda: cls.from_concept(concept))

    @classmethod
    def from_concept(cls, concept: SkillConcept) -> Skill:
        headline = concept.broader[0] if concept.broader else None
        esco = next((match.esco_uri for match in concept.exact_match if match.esco_uri), None)
        return cls(
            node_id=global_id("Skill", concept.id), id=strawberry.ID(concept.id), label=concept.preferred_label,
            headline=SkillHeadline(id=strawberry.ID(headline.id), label=headline.preferred_label) if headline else None,
            esco_uri=esco, source=SourceInfo.of(taxonomy.SOURCE),
        )


@strawberry.type(description="A skill of an occupation, with how it belongs to it.")
class OccupationSkill:
    skill: Skill
    relevance: SkillRelevance


@dataclass(frozen=True, slots=True)
class SkillMirror:
    """The skill mirror by id, by SSYK group and by folded label (built once per cache fill)."""

    by_id: dict[str, SkillConcept] = field(default_factory=dict)
    by_ssyk_code: dict[str, list[SkillConcept]] = field(default_factory=dict)
    by_label: dict[str, SkillConcept] = field(default_factory=dict)  # casefolded preferred label

    @classmethod
    def build(cls, skills: Sequence[SkillConcept]) -> SkillMirror:
        mirror = cls()
        for skill in sorted(skills, key=lambda s: (s.preferred_label.casefold(), s.id)):
            mirror.by_id[skill.id] = skill
            mirror.by_label.setdefault(skill.preferred_label.casefold(), skill)
            for group in skill.related:
                if group.ssyk_code_2012:
                    mirror.by_ssyk_code.setdefault(group.ssyk_code_2012, []).append(skill)
        return mirror


@dataclass(frozen=True, slots=True)
class SkillIndex:
    """The skill mirror, and the occupations' curated skill links by occupation id."""

    mirror: SkillMirror
    curated: dict[str, OccupationSkillsConcept]

    @property
    def by_id(self) -> dict[str, SkillConcept]:
        return self.mirror.by_id

    def of_occupation(self, occupation_id: str, ssyk_code: str | None) -> list[OccupationSkill]:
        """Each skill once, at its strongest relevance; essential first, then optional, then the group's; by label."""
        by_id = self.mirror.by_id
        links = self.curated.get(occupation_id)
        relevance: dict[str, SkillRelevance] = {}
        for kind, ids in ((SkillRelevance.ESSENTIAL, [ref.id for ref in links.essential] if links else []),
                          (SkillRelevance.OPTIONAL, [ref.id for ref in links.optional] if links else []),
                          (SkillRelevance.GROUP, [s.id for s in self.mirror.by_ssyk_code.get(ssyk_code or "", [])])):
            for skill_id in ids:
                if skill_id in by_id:  # a link to a skill the mirror lacks is left out, never invented
                    relevance.setdefault(skill_id, kind)
        found = sorted(((by_id[i], kind) for i, kind in relevance.items()),
                       key=lambda pair: (_ORDER[pair[1]], pair[0].preferred_label.casefold(), pair[0].id))
        return [OccupationSkill(skill=Skill.of(concept), relevance=kind) for concept, kind in found]


_SKILLS = Memo[SkillIndex]("taxonomy skill index")


async def skill_index(ctx: Context) -> SkillIndex:
    """The skill mirror and the occupations' curated skill links (two taxonomy requests, cached for a day)."""

    async def build() -> SkillIndex:
        client = ctx.source("taxonomy")
        skills, curated = await asyncio.gather(taxonomy.api.skills(client), taxonomy.api.occupation_skills(client))
        return SkillIndex(mirror=derived(skills, SkillMirror, lambda: SkillMirror.build(skills)),
                          curated=derived(curated, SkillIndex, lambda: {c.id: c for c in curated}))

    return await ctx.once(_SKILLS, build)


async def occupation_skills(ctx: Context, occupation: Occupation) -> list[OccupationSkill]:
    return (await skill_index(ctx)).of_occupation(str(occupation.id), occupation.ssyk_code)


async def load_skill(ctx: Context, skill_id: str) -> Skill | None:
    concept = (await skill_index(ctx)).by_id.get(skill_id)
    return Skill.of(concept) if concept else None


@strawberry.type
class SkillQuery:
    @strawberry.field(description="A skill by taxonomy concept id.")
    async def skill(self, info: Info, id: strawberry.ID) -> Skill | None:
        if not is_concept_id(str(id)):
            raise BadUserInput(f"{id!r} is not a taxonomy concept id (like DJh5_yyF_hEM)", argument="id")
        return await load_skill(info.context, str(id))

    @strawberry.field(description="Skills whose label contains `query` (case-insensitive), ordered by label.")
    async def skills(self, info: Info, query: str | None = None, first: int | None = None,
                     after: str | None = None) -> Connection[Skill] | None:
        win = window(first, after, max_page_size=info.context.settings.max_page_size)
        index = await skill_index(info.context)
        needle = (query or "").casefold()
        found = [Skill.of(concept) for concept in index.mirror.by_id.values()
                 if needle in concept.preferred_label.casefold()]
        return Connection[Skill].from_list(found, win)


async def _occupation_skills(root: Occupation, info: Info) -> list[OccupationSkill] | None:
    return await occupation_skills(info.context, root)


async def seed(run: SeedRun) -> None:
    """Both skill mirrors (two taxonomy requests), and a skill by id for `node(id:)`."""
    data = await run.execute("{ skills(first: 100) { totalCount edges { node { id nodeId } } } }", None)
    edges = (data.get("skills") or {}).get("edges") or []
    for edge in edges[:run.max_follow]:
        await run.execute("query Seed($id: ID!) { node(id: $id) { nodeId } }", {"id": edge["node"]["nodeId"]})


async def preload(ctx: Context) -> None:
    """The Taxonomy's skill mirror and the occupations' curated skill links."""
    client = ctx.source("taxonomy")
    await asyncio.gather(taxonomy.api.skills(client), taxonomy.api.occupation_skills(client))


MODULE = GraphModule(
    name="skills",
    connectors=(taxonomy,),
    preload=preload,
    query=SkillQuery,
    types=(Skill,),
    nodes={"Skill": load_skill},
    seed=seed,
    links=(
        hub_link(Occupation, "skills", _occupation_skills,
                 description="The occupation's skills (JobTech Taxonomy): curated on the occupation (ESSENTIAL, "
                 "OPTIONAL) and suggested for its SSYK 2012 group (GROUP), each once at its strongest relevance; "
                 "essential first, then optional, then the group's, each by label."),
    ),
)
