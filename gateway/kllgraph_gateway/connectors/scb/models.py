"""Pydantic models of SCB PxWebApi 2.0 payloads (agency-apis.md §6.2; spec: PxTools PxAPI-2.yml).

Field names are exactly as the API sends them (camelCase). JSON-stat payloads (metadata, data) are modelled in
`jsonstat.py`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .jsonstat import JsonStatDataset, TableMetadata

__all__ = [
    "Codelist",
    "CodelistValue",
    "Config",
    "JsonStatDataset",
    "Page",
    "PathItem",
    "Table",
    "TableMetadata",
    "TablesResponse",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Config(_Model):
    """`GET /config`. The limits are required by the spec (ConfigResponse); we read them instead of assuming."""

    apiVersion: str | None = None
    defaultLanguage: str | None = None
    maxDataCells: int
    maxCallsPerTimeWindow: int
    timeWindow: int  # seconds
    license: str | None = None
    defaultDataFormat: str | None = None
    dataFormats: list[str] = []


class PathItem(_Model):
    id: str
    label: str


class Table(_Model):
    """One table as `GET /tables` and `GET /tables/{id}` describe it."""

    id: str
    label: str
    description: str | None = None
    updated: str | None = None
    firstPeriod: str | None = None
    lastPeriod: str | None = None
    category: str | None = None
    variableNames: list[str] = []
    source: str | None = None
    subjectCode: str | None = None
    timeUnit: str | None = None
    discontinued: bool | None = None
    paths: list[list[PathItem]] = []


class Page(_Model):
    pageNumber: int
    pageSize: int
    totalElements: int
    totalPages: int


class TablesResponse(_Model):
    language: str | None = None
    tables: list[Table]
    page: Page


class CodelistValue(_Model):
    code: str
    label: str
    valueMap: list[str] = []


class Codelist(_Model):
    """`GET /codelists/{id}`: a value set or aggregation that can be applied to a variable in a selection."""

    id: str
    label: str
    language: str | None = None
    type: str | None = None
    elimination: bool | None = None
    values: list[CodelistValue] = []
