"""Pydantic models of Taxonomy GraphQL responses (`{"data": {"concepts": [...]}}`; snake_case fields as sent)."""

from __future__ import annotations

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


class OccupationNameConcept(ConceptRef):
    deprecated_legacy_id: str | None = None
    broader: list[SsykGroupConcept] = []
    related: list[ConceptRef] = []


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
