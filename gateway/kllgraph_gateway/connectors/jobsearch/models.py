"""Pydantic models of JobSearch payloads (field names as the API sends them; extra fields tolerated)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class TaxonomyItem(_Model):
    concept_id: str | None = None
    label: str | None = None
    legacy_ams_taxonomy_id: str | None = None


class Description(_Model):
    text: str | None = None
    text_formatted: str | None = None
    company_information: str | None = None
    needs: str | None = None
    requirements: str | None = None
    conditions: str | None = None


class Employer(_Model):
    phone_number: str | None = None
    email: str | None = None
    url: str | None = None
    organization_number: str | None = None
    name: str | None = None
    workplace: str | None = None


class WorkplaceAddress(_Model):
    municipality: str | None = None
    municipality_code: str | None = None
    municipality_concept_id: str | None = None
    region: str | None = None
    region_code: str | None = None
    region_concept_id: str | None = None
    country: str | None = None
    country_code: str | None = None
    country_concept_id: str | None = None
    street_address: str | None = None
    postcode: str | None = None
    city: str | None = None
    coordinates: list[float | None] | None = None


class ScopeOfWork(_Model):
    min: int | None = None
    max: int | None = None


class JobAd(_Model):
    id: str
    external_id: str | None = None
    webpage_url: str | None = None
    logo_url: str | None = None
    headline: str | None = None
    application_deadline: datetime | None = None
    number_of_vacancies: int | None = None
    description: Description | None = None
    employment_type: TaxonomyItem | None = None
    salary_type: TaxonomyItem | None = None
    duration: TaxonomyItem | None = None
    working_hours_type: TaxonomyItem | None = None
    scope_of_work: ScopeOfWork | None = None
    employer: Employer | None = None
    workplace_address: WorkplaceAddress | None = None
    occupation: TaxonomyItem | None = None
    occupation_group: TaxonomyItem | None = None
    occupation_field: TaxonomyItem | None = None
    publication_date: datetime | None = None
    last_publication_date: datetime | None = None
    removed: bool | None = None
    removed_date: datetime | None = None
    source_type: str | None = None
    timestamp: int | None = None
    relevance: float | None = None


class Total(_Model):
    value: int


class StatValue(_Model):
    term: str
    concept_id: str | None = None
    code: str | None = None
    count: int


class Stat(_Model):
    type: str
    values: list[StatValue]


class SearchResponse(_Model):
    total: Total
    positions: int | None = None
    query_time_in_millis: int | None = None
    result_time_in_millis: int | None = None
    stats: list[Stat] = []
    hits: list[JobAd]
