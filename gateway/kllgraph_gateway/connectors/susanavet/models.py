"""Pydantic models of Susa-navet 1.1 payloads (field names as the API sends them; extra fields tolerated).

Shapes follow client code, not a published schema (M): the C# model of a course aggregator (code-index id
35973888720: `Documents{links, content[{content{educationEvent|educationInfo|educationProvider}, links}], page{size,
totalElements, totalPages, number}}`) and the JS/Python clients listed in agency-apis.md §5, which all read
`content[].content.educationInfo.title.string[0].content`. Fields marked L were seen in one client only.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class LangString(_Model):
    lang: str | None = None  # "swe"/"eng" or "sv"/"en" -- clients test both (M)
    content: str | None = None


class MultiString(_Model):
    string: list[LangString] = []

    def swedish(self) -> str | None:
        """The Swedish text where one is marked, else the first."""
        for item in self.string:
            if (item.lang or "").lower() in {"swe", "sv"} and item.content:
                return item.content
        return next((item.content for item in self.string if item.content), None)


class Code(_Model):
    code: str | None = None
    type: str | None = None


class Credits(_Model):
    system: list[Code] = []  # e.g. code "hp", "yh" (M)
    credits: list[float] = []


class Execution(_Model):
    condition: int | None = None
    start: str | None = None  # ISO date-time (M)
    end: str | None = None


class PaceOfStudy(_Model):
    percentage: float | None = None


class Location(_Model):
    country: str | None = None
    town: str | None = None
    streetAddress: str | None = None
    postCode: str | None = None
    municipalityCode: str | None = None  # SCB kommunkod (M)


class EducationEvent(_Model):
    identifier: str  # e.g. "e.myh.27538", "e.uoh.kth.dd1420.60090.20251"
    education: str | None = None  # the educationInfo identifier
    title: MultiString | None = None
    execution: Execution | None = None
    paceOfStudy: PaceOfStudy | None = None
    provider: list[str] = []  # provider identifiers, e.g. "p.uoh.kth" (M)
    location: list[Location] = []
    languageOfInstruction: list[str] = []
    isCancelled: bool | None = None


class EducationInfo(_Model):
    identifier: str  # e.g. "i.uoh.uu.1te686.14483.20242", "i.sv.HUSPR"
    code: str | None = None  # course/programme code, e.g. "1TE686"
    title: MultiString | None = None
    form: Code | None = None  # organisationForm value, e.g. "högskoleutbildning" (M)
    configuration: Code | None = None  # "program", "kurs" (M)
    credits: Credits | None = None
    educationLevel: list[Code] = []
    isVocational: bool | None = None  # L


class ResponsibleBody(_Model):
    name: MultiString | None = None
    type: Code | None = None


class VisitAddress(_Model):
    town: str | None = None
    municipalityCode: str | None = None  # M (node importer, C# client)


class EducationProvider(_Model):
    """No organisation number in any client model (M): providers are linked to organisations by the gateway's
    curated crosswalk in graph/educations.py."""

    identifier: str  # "p.uoh.kth", "p.sv.<8 digits>" (the latter possibly a skolenhetskod; L)
    name: MultiString | None = None
    responsibleBody: ResponsibleBody | None = None
    visitAddress: VisitAddress | None = None


class InnerContent(_Model):
    educationEvent: EducationEvent | None = None
    educationInfo: EducationInfo | None = None
    educationProvider: EducationProvider | None = None


class Document(_Model):
    content: InnerContent


class Page(_Model):
    size: int | None = None
    totalElements: int | None = None
    totalPages: int | None = None
    number: int | None = None  # 0-based page number (Spring Data style; M)


class Documents(_Model):
    content: list[Document] = []
    page: Page | None = None  # paging envelope: M (one client model), not in agency-apis.md

    def events(self) -> list[EducationEvent]:
        return [d.content.educationEvent for d in self.content if d.content.educationEvent is not None]

    def infos(self) -> list[EducationInfo]:
        return [d.content.educationInfo for d in self.content if d.content.educationInfo is not None]

    def providers(self) -> list[EducationProvider]:
        return [d.content.educationProvider for d in self.content if d.content.educationProvider is not None]
