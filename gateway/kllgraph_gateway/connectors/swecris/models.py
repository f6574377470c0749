"""Pydantic models of SweCRIS JSON payloads; field names exactly as the API sends them (agency-apis.md §4).

Evidence: KTH-Library/swecris `R/api.R` and README output (real `/v1/projects/{id}` record for 2021-00157_VR).
Dates come as "2023-01-01 00:00:00" (project) and "2023-01-01" (funding); kept as strings so an unexpected
format never fails a whole list.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, RootModel


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Person(_Model):
    personId: str | int | None = None
    fullName: str | None = None
    orcId: str | None = None
    roleEn: str | None = None
    roleSv: str | None = None
    gender: str | None = None  # published by SweCRIS; the gateway does not expose it


class Scb(_Model):
    """SCB research-subject classification (standard för svensk indelning av forskningsämnen), levels 1/3/5."""

    scb5Id: str | int | None = None
    scb5NameSv: str | None = None
    scb5NameEn: str | None = None
    scb3Id: str | int | None = None
    scb3NameSv: str | None = None
    scb3NameEn: str | None = None
    scb1Id: str | int | None = None
    scb1NameSv: str | None = None
    scb1NameEn: str | None = None


class Project(_Model):
    projectId: str  # funder's diarienummer + "_" + funder, e.g. "2021-00157_VR", "2022-01624_Vinnova"
    projectTitleSv: str | None = None
    projectTitleEn: str | None = None
    projectAbstractSv: str | None = None
    projectAbstractEn: str | None = None
    projectStartDate: str | None = None
    projectEndDate: str | None = None
    coordinatingOrganisationId: str | None = None  # organisation number WITH dash, "202100-3054"
    coordinatingOrganisationNameSv: str | None = None
    coordinatingOrganisationNameEn: str | None = None
    coordinatingOrganisationTypeOfOrganisationSv: str | None = None
    coordinatingOrganisationTypeOfOrganisationEn: str | None = None
    fundingOrganisationId: str | None = None
    fundingOrganisationNameSv: str | None = None
    fundingOrganisationNameEn: str | None = None
    fundingOrganisationTypeOfOrganisationSv: str | None = None
    fundingOrganisationTypeOfOrganisationEn: str | None = None
    fundingsSek: float | None = None  # the R client prints it both as "25636000" and 25636000
    fundingYear: int | None = None
    fundingStartDate: str | None = None
    fundingEndDate: str | None = None
    typeOfAwardId: int | None = None
    typeOfAwardDescrSv: str | None = None
    typeOfAwardDescrEn: str | None = None
    updatedDate: str | None = None
    loadedDate: str | None = None
    # Both lists are in every record the API serialises (the real `2021-00157_VR` record of the KTH client's README;
    # M-H), empty when there is nobody or no subject code: required, so a record without them is drift.
    peopleList: list[Person]
    scbs: list[Scb]


class ProjectList(RootModel[list[Project]]):
    pass


class Organisation(_Model):
    """A `/v1/organisations` record. Only `organisationId` and `organisationNameSv` are evidenced (M, R README);
    `organisationNameEn` is assumed by analogy with the project fields (L)."""

    organisationId: str
    # Required but nullable: the API serialises fixed records, so the key is always there (M); a record without it
    # is drift. (organisationNameEn stays optional: it is assumed, not evidenced.)
    organisationNameSv: str | None
    organisationNameEn: str | None = None


class OrganisationList(RootModel[list[Organisation]]):
    pass
