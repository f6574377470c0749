"""Pydantic models of Susa-navet emil3 payloads, from the official OpenAPI document (version 3.0.2, H).

Field names are exactly the spec's; fields the spec leaves out are tolerated (`extra="ignore"`). A field is required
here only where the spec requires it AND recorded payloads always send it; where the spec contradicts recorded
payloads, the payload wins and a comment says so. Only the fields the gateway reads are modelled.

Texts are `LangString {strings: [{lang, content, value}]}`. The spec gives no description for `content` vs `value`;
clients read the text from `value`, and later API versions (3.0.4) put a format marker ("HTML") in `content` (M,
FINDINGS-2026-11.md §1), so `value` is read as the text and `content` only as a fallback.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class LangStringNode(_Model):
    lang: str | None = None  # ISO 639-2 "swe"/"eng" in EMIL (M)
    content: str | None = None
    value: str | None = None

    @property
    def text(self) -> str | None:
        return self.value or None


class LangString(_Model):
    strings: list[LangStringNode] = []

    def swedish(self) -> str | None:
        """The Swedish text where one is marked, else the first."""
        for item in self.strings:
            if (item.lang or "").lower() in {"swe", "sv"} and item.text:
                return item.text
        return next((item.text for item in self.strings if item.text), None)


class Code(_Model):
    """Every `Code_*` of the spec: a discriminator `type` (e.g. "C_SchoolType") and a `code`."""

    type: str
    code: str | None = None  # required by each concrete C_* schema; optional here so a new code type still parses


class Credits(_Model):
    system: Code  # Code_Credits: hp, yh, gy, fup, vp, nyp
    credits: float


class Execution(_Model):
    condition: Code  # Code_ExecutionCondition "0".."3"
    start: str | None = None  # format: date
    end: str | None = None


class PaceOfStudy(_Model):
    percentage: float | None = None


class Address(_Model):
    country: str | None = None
    # `areaCode` is not described in the spec. In Susa-navet data it is the 4-digit SCB kommunkod (the 1.1 API's
    # `municipalityCode`; L-M): the gateway exposes it as `municipalityCode` only when it has that shape.
    areaCode: str | None = None
    town: str | None = None
    postalCode: str | None = None
    streetAddress: str | None = None


class EducationEvent(_Model):
    # Spec-required: identifier, education, providers (minItems 1), lastEdited, expires, execution. `lastEdited`
    # and `expires` are not read, so they are not demanded here.
    identifier: str  # e.g. "e.uoh.kth.dd1420.60090.20251"
    education: str  # the educationInfo identifier
    providers: list[str]  # provider identifiers, e.g. "p.uoh.kth"
    execution: Execution
    title: LangString | None = None
    locations: list[Address] = []
    languageOfInstructions: list[str] = []
    paceOfStudy: PaceOfStudy | None = None
    isCancelled: bool | None = None


class EducationInfo(_Model):
    # Spec-required: identifier, code, lastEdited, title, type, subject, resultIsDegree. The spec's required list
    # names `subject`, but its properties (and payloads) have `subjects` (array): the payload wins, and neither is
    # required here. `code` and `resultIsDegree` are not demanded (not read; `code` is still parsed when sent).
    identifier: str  # e.g. "i.uoh.uu.1te686.14483.20242"
    title: LangString
    type: Code  # Code_SchoolType: the school form (HS, YH, GY, VUXGY, ...)
    code: str | None = None  # course/programme code, e.g. "1TE686"
    configuration: Code | None = None  # kurs, kurspaket, program
    credits: Credits | None = None
    educationLevels: list[Code] = []
    isVocational: bool | None = None


class ResponsibleBody(_Model):
    type: Code  # Code_Body: kommunal, region, statlig, enskild, annan
    name: LangString


class EducationProvider(_Model):
    # Spec-required: identifier, lastEdited, name, url, contactAddress, emailAddress, responsibleBody. Only the
    # fields read are demanded. The required list names `emailAddress` where the property is `emailAddresses`.
    identifier: str  # "p.uoh.kth", "p.sv.68897220"
    name: LangString
    responsibleBody: ResponsibleBody | None = None
    visitAddresses: list[Address] = []
    # Optional in the spec, and absent for some providers: those cannot be joined to an Organisation.
    organisationNumber: str | None = None


class EventResource(_Model):
    id: str
    status: str | None = None  # "ACTIVE" seen; whether other values occur is unknown (FINDINGS §1)
    content: EducationEvent


class InfoResource(_Model):
    id: str
    status: str | None = None
    content: EducationInfo


class ProviderResource(_Model):
    id: str
    status: str | None = None
    content: EducationProvider


class PageMetadata(_Model):
    size: int | None = None
    totalElements: int | None = None
    totalPages: int | None = None
    pageNumber: int | None = None  # 0-based


class Link(_Model):
    rel: str | None = None
    href: str | None = None


class EducationEventList(_Model):
    links: list[Link] = []
    # The list and its page are what a list answer is (the spec's example; every client reads both): required, so
    # a `{}` answer is drift, not an empty catalogue.
    educationEvents: list[EventResource]
    page: PageMetadata

    def events(self) -> list[EducationEvent]:
        return [resource.content for resource in self.educationEvents]


class EducationInfoList(_Model):
    links: list[Link] = []
    # The list and its page are what a list answer is (the spec's example; every client reads both): required, so
    # a `{}` answer is drift, not an empty catalogue.
    educationInfos: list[InfoResource]
    page: PageMetadata

    def infos(self) -> list[EducationInfo]:
        return [resource.content for resource in self.educationInfos]


class EducationProviderList(_Model):
    links: list[Link] = []
    # The list and its page are what a list answer is (the spec's example; every client reads both): required, so
    # a `{}` answer is drift, not an empty catalogue.
    educationProviders: list[ProviderResource]
    page: PageMetadata

    def providers(self) -> list[EducationProvider]:
        return [resource.content for resource in self.educationProviders]


class ApiInfo(_Model):
    apiPublisher: str | None = None
    apiName: str | None = None
    apiVersion: str | None = None
    emilSchemaVersion: str | None = None
    apiStatus: str | None = None
