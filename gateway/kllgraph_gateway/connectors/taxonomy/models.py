"""Pydantic models of Taxonomy GraphQL responses (`{"data": {"concepts": [...]}}`; snake_case fields as sent)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ConceptRef(_Model):
    id: str
    type: str | None = None
    preferred_label: str


class OccupationFieldConcept(ConceptRef):
    pass


class SsykGroupConcept(ConceptRef):
    ssyk_code_2012: str | None = None
    broader: list[OccupationFieldConcept] = []


class ReplacementConcept(ConceptRef):
    """A live occupation-name that replaces a deprecated one (`replaced_by`), with its SSYK group."""

    broader: list[SsykGroupConcept] = []


class OccupationNameConcept(ConceptRef):
    deprecated_legacy_id: str | None = None
    # Sent with `include_deprecated: true` (see api.OCCUPATIONS_QUERY); absent/false for live concepts.
    deprecated: bool | None = None
    broader: list[SsykGroupConcept] = []
    replaced_by: list[ReplacementConcept] | None = None  # null or [] for live concepts
    related: list[ConceptRef] = []

    @property
    def ssyk_group(self) -> SsykGroupConcept | None:
        """The concept's ssyk-level-4 group, or, for a deprecated concept that lost it, its replacement's."""
        if self.broader:
            return self.broader[0]
        for replacement in self.replaced_by or []:
            if replacement.broader:
                return replacement.broader[0]
        return None


class RegionConcept(ConceptRef):
    # Attribute names as in the Taxonomy GraphQL schema per agency-apis.md §1.3 (the 2-digit länskod field name
    # `national_nuts_level_3_code_2019` is M confidence).
    national_nuts_level_3_code_2019: str | None = None
    nuts_level_3_code_2021: str | None = None


class MunicipalityConcept(ConceptRef):
    lau_2_code_2015: str | None = None
    broader: list[RegionConcept] = []


class _OccupationData(_Model):
    concepts: list[OccupationNameConcept]


class OccupationsResponse(_Model):
    data: _OccupationData


class _MunicipalityData(_Model):
    concepts: list[MunicipalityConcept]


class MunicipalitiesResponse(_Model):
    data: _MunicipalityData


# --- Crosswalk mirrors (SSYK 2012 ↔ ISCO-08, SUN 2020). Attribute names: `isco_code_08` on isco-level-4 and
# `sun_education_level_code_2020` / `sun_education_field_code_2020` on the SUN types are used by JobTech's own
# taxonomy editor front-end (code-index ids 48555991560, 46745803011, 46385216740): H for the names.


class IscoConcept(_Model):
    # `id` is always sent by the API; it is optional here only because the offline world could not verify the
    # isco-level-4 concept ids (tools/snapshot_world/jobtech/PROVENANCE.md) and leaves them out.
    id: str | None = None
    type: str | None = None
    preferred_label: str | None = None
    isco_code_08: str | None = None


class SsykIscoConcept(ConceptRef):
    ssyk_code_2012: str | None = None
    related: list[IscoConcept] = []  # related(type: "isco-level-4")
    narrower: list[ConceptRef] = []  # narrower(type: "occupation-name")


class SunLevelConcept(ConceptRef):
    sun_education_level_code_2020: str | None = None
    narrower: list[SunLevelConcept] = []


class SunFieldConcept(ConceptRef):
    sun_education_field_code_2020: str | None = None
    narrower: list[SunFieldConcept] = []


class _SsykIscoData(_Model):
    concepts: list[SsykIscoConcept]


class SsykIscoResponse(_Model):
    data: _SsykIscoData


class _SunLevelData(_Model):
    concepts: list[SunLevelConcept]


class SunLevelsResponse(_Model):
    data: _SunLevelData


class _SunFieldData(_Model):
    concepts: list[SunFieldConcept]


class SunFieldsResponse(_Model):
    data: _SunFieldData


# --- Career moves: substitutability and skills (career-switch-apis.md §1a, §1b) ------------------------------------


class IdRef(_Model):
    id: str


class Substitute(ConceptRef):
    """One end of a substitutability relation. The taxonomy knows two strengths only, 75 (high) and 25 (low) (H: its
    reference text, its smoke test asserts 25 or 75, and the real static distribution); any other value fails
    validation, so it is UPSTREAM_BAD_PAYLOAD, never guessed."""

    substitutability_percentage: Literal[25, 75]


class SubstitutabilityConcept(_Model):
    """An occupation-name with its directional substitutability relations: `substitutes` are the occupations whose
    vacancies its workers can fill, `substituted_by` the occupations whose workers can fill its vacancies."""

    id: str
    substitutes: list[Substitute] = []
    substituted_by: list[Substitute] = []


class _SubstitutabilityData(_Model):
    concepts: list[SubstitutabilityConcept]


class SubstitutabilityResponse(_Model):
    data: _SubstitutabilityData


class SsykRef(ConceptRef):
    ssyk_code_2012: str | None = None


class EscoRef(_Model):
    id: str | None = None
    esco_uri: str | None = None


class SkillConcept(ConceptRef):
    broader: list[ConceptRef] = []  # broader(type: "skill-headline")
    exact_match: list[EscoRef] = []  # exact_match(type: "esco-skill")
    related: list[SsykRef] = []  # related(type: "ssyk-level-4"): the SSYK groups the skill is suggested for


class _SkillData(_Model):
    concepts: list[SkillConcept]


class SkillsResponse(_Model):
    data: _SkillData


class OccupationSkillsConcept(_Model):
    """An occupation-name's curated skill links (M for the field names `essential`/`optional`)."""

    id: str
    essential: list[IdRef] = []
    optional: list[IdRef] = []


class _OccupationSkillsData(_Model):
    concepts: list[OccupationSkillsConcept]


class OccupationSkillsResponse(_Model):
    data: _OccupationSkillsData


# --- Barometer occupations (issue 15): the official query (H) selects `id preferred_label related(type:
# "occupation-name") { id preferred_label type }`; `type` on the concept itself is asked for like in every mirror.


class BarometerOccupationConcept(ConceptRef):
    related: list[ConceptRef] = []  # related(type: "occupation-name"): the occupation-names it aggregates


class _BarometerOccupationData(_Model):
    concepts: list[BarometerOccupationConcept]


class BarometerOccupationsResponse(_Model):
    data: _BarometerOccupationData
