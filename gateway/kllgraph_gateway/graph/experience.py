"""`matchExperience`: a person's experience, in their own words, to the occupations it points to and the skills it
names; the building block for guidance and for validating prior learning.

- Occupations: JobTech JobEd Connect `POST /v1/occupations/match-by-text` (M+), taxonomy occupation-name ids with a
  match score, joined to `Occupation` (null where the taxonomy does not know the id).
- Skills: JobTech JobAd Enrichments `POST /enrichtextdocuments` (H), the competencies it finds. Their labels are the
  enrichment model's, not taxonomy ids (the taxonomy says so itself): a label is linked to the taxonomy skill whose
  preferred label is the same (ignoring case), and otherwise keeps only its label. No link is guessed.

The text is personal data (`_personal`): it travels in request bodies to those two APIs only, is never logged,
cached, registered or counted, and GET is refused for this field. Each part asks its own API only when selected, so a
query for skills alone sends the text to Enrichments alone.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from .._errors import BadUserInput
from .._limits import ListSize
from .._personal import PersonalText
from ..connectors import enrichments, jobed
from ..connectors.enrichments.models import Candidate
from ._context import Info
from ._module import GraphModule
from ._seeds import SeedRun
from .occupations import Occupation, load_occupation
from .skills import Skill, skill_index

__all__ = ["MODULE", "SAMPLE_EXPERIENCES", "ExperienceMatch", "ExperienceOccupation", "ExperienceQuery",
           "ExperienceSkill"]

MAX_MATCHED_OCCUPATIONS = 50  # JobEd's `limit` has no documented maximum; one client caps it at 50 (L)
DEFAULT_MATCHED_OCCUPATIONS = 10

# Composed experience texts, nobody's (the offline snapshot answers exactly these; README "Career moves").
SAMPLE_EXPERIENCES = (
    "Jag har arbetat sex år som vårdbiträde i hemtjänsten med omvårdnad och demensvård, och har körkort.",
    "Fem år som mjukvaruutvecklare: JavaScript, Python och SQL i agila team, med Git och Scrum.",
    "Undersköterska och sjuksköterska på akutmottagning; omvårdnad, basala hygienrutiner och läkemedel.",
)


@strawberry.type(description="An occupation a text points to (JobEd Connect match-by-text).")
class ExperienceOccupation:
    occupation: Occupation | None = strawberry.field(
        description="The taxonomy occupation-name JobEd matched; null where the taxonomy does not know its id")
    label: str | None = strawberry.field(description="The occupation's label as JobEd sends it")
    score: float | None = strawberry.field(description="JobEd's `match_score` (M: its scale is not documented)")


@strawberry.type(description="A competency a text names (JobAd Enrichments), linked to a taxonomy skill when one has "
                             "the same label.")
class ExperienceSkill:
    label: str = strawberry.field(description="The enrichment model's label (its own vocabulary, not a taxonomy "
                                              "id)")
    prediction: float | None = strawberry.field(
        description="The model's 0-1 prediction that an employer asks for it; trained on job ads, so on a person's "
                    "text read it as a confidence only")

    @strawberry.field(description="The JobTech Taxonomy skill whose preferred label is `label` (ignoring case); "
                                  "null when none is, never a guessed neighbour")
    async def skill(self, info: Info) -> Skill | None:
        concept = (await skill_index(info.context)).mirror.by_label.get(self.label.casefold())
        return Skill.of(concept) if concept else None


def _skills(candidates: list[Candidate]) -> list[ExperienceSkill]:
    """Each label once, at its highest prediction; the most confident first, then by label."""
    best: dict[str, Candidate] = {}
    for candidate in candidates:
        kept = best.get(candidate.concept_label.casefold())
        if kept is None or (candidate.prediction or 0.0) > (kept.prediction or 0.0):
            best[candidate.concept_label.casefold()] = candidate
    ordered = sorted(best.values(), key=lambda c: (-(c.prediction or 0.0), c.concept_label.casefold()))
    return [ExperienceSkill(label=c.concept_label, prediction=c.prediction) for c in ordered]


@strawberry.type(description="What a person's experience text points to: occupations and skills. The text itself is "
                             "never logged, cached or sent anywhere but JobEd Connect and JobAd Enrichments.")
class ExperienceMatch:
    text: strawberry.Private[PersonalText]

    @strawberry.field(description="Occupations the text points to, as JobEd Connect ranks them (its text goes to "
                                  "JobEd only when this is selected)",
                      directives=[ListSize(slicing_arguments=["first"])])
    async def occupations(
        self, info: Info,
        first: Annotated[int | None, strawberry.argument(
            description=f"How many, 1-{MAX_MATCHED_OCCUPATIONS}")] = DEFAULT_MATCHED_OCCUPATIONS,
    ) -> list[ExperienceOccupation] | None:
        count = DEFAULT_MATCHED_OCCUPATIONS if first is None else first
        if not 1 <= count <= MAX_MATCHED_OCCUPATIONS:
            raise BadUserInput(f"`first` must be between 1 and {MAX_MATCHED_OCCUPATIONS}, not {count}",
                               argument="first")
        ctx = info.context
        # Always one whole block, whatever `first` is: the request does not depend on the window (the offline
        # snapshot answers every `first`); the first `count` are kept.
        matches = await jobed.api.occupations_by_text(ctx.source("jobed"), self.text.value,
                                                      limit=MAX_MATCHED_OCCUPATIONS)
        related = matches.related_occupations[:count]
        found = await asyncio.gather(*(load_occupation(ctx, match.concept_taxonomy_id) for match in related))
        return [ExperienceOccupation(occupation=occupation, label=match.occupation_label,
                                     score=match.metadata.match_score if match.metadata else None)
                for match, occupation in zip(related, found, strict=True)]

    @strawberry.field(description="The competencies the text names (JobAd Enrichments), each once, the most "
                                  "confident first (its text goes to Enrichments only when this is selected)")
    async def skills(self, info: Info) -> list[ExperienceSkill] | None:
        document = await enrichments.api.enrich_text(info.context.source("enrichments"), self.text.value)
        return _skills(document.enriched_candidates.competencies) if document else []


@strawberry.type
class ExperienceQuery:
    @strawberry.field(description="A person's experience in their own words (a CV paragraph) → the occupations it "
                                  "points to (JobEd Connect) and the skills it names (JobAd Enrichments), linked to "
                                  "the taxonomy where a label matches. Send it with POST: GET is refused, as a URL "
                                  "lands in access logs and browser history. The text is never logged, cached or "
                                  "stored; at most KLLGRAPH_MAX_EXPERIENCE_TEXT characters (10,000 by default).")
    async def match_experience(
        self, info: Info,
        text: Annotated[str, strawberry.argument(description="The person's own words; personal data")],
    ) -> ExperienceMatch | None:
        limit = info.context.settings.max_experience_text
        if len(text) > limit:
            raise BadUserInput(f"`text` is {len(text)} characters long; at most {limit} are allowed "
                               "(KLLGRAPH_MAX_EXPERIENCE_TEXT).", argument="text")
        if not text.strip():
            raise BadUserInput("`text` is empty: give the person's experience in a few sentences.", argument="text")
        return ExperienceMatch(text=PersonalText(text))


async def seed(run: SeedRun) -> None:
    """The composed sample texts, so that they answer offline (no person's text is ever recorded)."""
    for text in SAMPLE_EXPERIENCES:
        await run.execute("query Seed($t: String!) { matchExperience(text: $t) { occupations { score occupation "
                          "{ id } } skills { label skill { id } } } }", {"t": text})


MODULE = GraphModule(
    name="experience",
    connectors=(enrichments, jobed),
    query=ExperienceQuery,
    seed=seed,
)
