"""Pydantic models of JobSearch payloads (field names as the API sends them; extra fields tolerated).

Only the fields the gateway reads are declared: every one of them is validated before an answer is cached or
served, and the rest of an ad (its HTML description, contact details, scope of work, relevance, legacy ids, ...)
is skipped while the JSON is read. Validating a page of ads is most of the CPU a cold ad search costs; the fields
nobody reads were a third of it (benchmarks/run.py). A field the graph starts to read is declared here first.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class TaxonomyItem(_Model):
    concept_id: str | None = None
    label: str | None = None


class Description(_Model):
    text: str | None = None


class Employer(_Model):
    url: str | None = None
    organization_number: str | None = None
    name: str | None = None
    workplace: str | None = None


class WorkplaceAddress(_Model):
    municipality: str | None = None
    municipality_code: str | None = None
    region: str | None = None
    region_code: str | None = None
    country: str | None = None
    street_address: str | None = None
    postcode: str | None = None
    city: str | None = None


class JobAd(_Model):
    id: str
    webpage_url: str | None = None
    headline: str | None = None
    application_deadline: datetime | None = None
    number_of_vacancies: int | None = None
    description: Description | None = None
    employment_type: TaxonomyItem | None = None
    working_hours_type: TaxonomyItem | None = None
    employer: Employer | None = None
    workplace_address: WorkplaceAddress | None = None
    occupation: TaxonomyItem | None = None
    publication_date: datetime | None = None
    last_publication_date: datetime | None = None


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
    stats: list[Stat] = []
    hits: list[JobAd]
