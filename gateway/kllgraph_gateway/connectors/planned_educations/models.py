"""Pydantic models of Planned Educations v4 payloads (field names as the API sends them; extra fields tolerated).

Every response is an envelope `{status, message, body}`; list bodies are HAL (`_embedded`, `_links`, `page`). The
`_links` of the spec's examples point at `http://localhost:9007/planned-educations/v3/...` (H, spec examples) -- the
gateway never follows them, so they are kept only as data.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Link(_Model):
    href: str


class PageInfo(_Model):
    """Spring HATEOAS page block; `number` is 0-based (H)."""

    size: int
    totalElements: int
    totalPages: int
    number: int


class Address(_Model):
    type: str | None = None  # VISITING_ADDRESS, DELIVERY_ADDRESS, ...
    street: str | None = None
    zipCode: str | None = None
    city: str | None = None


class ContactInfo(_Model):
    email: str | None = None
    web: str | None = None
    telephone: str | None = None
    addresses: list[Address] = []


class TypeOfSchooling(_Model):
    code: str  # gr, fsk, gy, gyan, vuxgy, sfi, ...
    displayName: str | None = None
    schoolYears: list[str] = []


# --- school units -------------------------------------------------------------------------------------------------


class ListedSchoolUnit(_Model):
    code: str  # skolenhetskod, the same 8 digits as Skolenhetsregistret (H)
    name: str
    geographicalAreaCode: str | None = None  # 4-digit kommunkod
    postCodeDistrict: str | None = None
    typeOfSchooling: list[TypeOfSchooling] = []
    studentsPerTeacherQuota: float | None = None
    principalOrganizerType: str | None = None  # Kommunal, Fristående, Statlig, ...
    abroadSchool: bool | None = None
    links: dict[str, Link] = Field(default={}, alias="_links")


class SchoolUnitsEmbedded(_Model):
    listedSchoolUnits: list[ListedSchoolUnit] = []


class SchoolUnitsBody(_Model):
    # An empty result may come without `_embedded` (Spring HATEOAS omits empty collections; M).
    embedded: SchoolUnitsEmbedded = Field(default=SchoolUnitsEmbedded(), alias="_embedded")
    links: dict[str, Link] = Field(default={}, alias="_links")
    page: PageInfo


class SchoolUnitsResponse(_Model):
    status: str | None = None
    message: str | None = None
    body: SchoolUnitsBody


class SchoolUnit(_Model):
    code: str
    name: str
    contactInfo: ContactInfo | None = None
    geographicalAreaCode: str | None = None
    wgs84_Lat: str | None = None
    wgs84_Long: str | None = None
    sweRef_N: str | None = None
    sweRef_E: str | None = None
    organisationRegistryNumber: str | None = None  # the huvudman's 10-digit organisation number (H, sample)
    principalOrganizerType: str | None = None
    corporationName: str | None = None
    companyForm: str | None = None
    schoolOrientation: str | None = None
    typeOfSchooling: list[TypeOfSchooling] = []
    abroadSchool: bool | None = None
    links: dict[str, Link] = Field(default={}, alias="_links")


class SchoolUnitResponse(_Model):
    status: str | None = None
    message: str | None = None
    body: SchoolUnit


# --- education events (youth school forms: gy, gyan, ...) -------------------------------------------------------


class EventTypeOfSchooling(_Model):
    code: str
    displayName: str | None = None


class EducationEvent(_Model):
    schoolUnitCode: str
    schoolUnitName: str | None = None
    studyPathCode: str | None = None  # Syllabus programme code (EK, NA) or gyan path code (AHADM) (H)
    studyPathName: str | None = None
    studyPathCategory: str | None = None
    startDate: str | None = None  # "2024-08-01T00:00:00", local time without offset
    endDate: str | None = None
    typeOfSchooling: EventTypeOfSchooling | None = None
    visitingAddressCity: str | None = None
    geographicalAreaCode: str | None = None
    # Nested orientations; the spec's examples only show empty lists, so their item shape is unknown (L).
    studyPaths: list[object] = []
    links: dict[str, Link] = Field(default={}, alias="_links")


class EducationEventsEmbedded(_Model):
    educationEvents: list[EducationEvent] = []


class EducationEventsBody(_Model):
    embedded: EducationEventsEmbedded = Field(default=EducationEventsEmbedded(), alias="_embedded")
    links: dict[str, Link] = Field(default={}, alias="_links")
    page: PageInfo


class EducationEventsResponse(_Model):
    status: str | None = None
    message: str | None = None
    body: EducationEventsBody


class SchoolUnitEducationEventsResponse(_Model):
    """`/v4/school-units/{code}/education-events`: not paged; body maps a school form code to its events (H, spec
    example `{"gyan": [...]}`)."""

    status: str | None = None
    message: str | None = None
    body: dict[str, list[EducationEvent]] = {}

    def events(self) -> list[EducationEvent]:
        return [event for events in self.body.values() for event in events]


# --- adult education events (komvux, YH, folkhögskola, ... via Susa-navet) ---------------------------------------


class ListedAdultEducationEvent(_Model):
    educationEventId: str  # Susa-navet event id, e.g. "e.myh.27538" (H)
    providerName: str | None = None
    county: str | None = None
    municipality: str | None = None
    geographicalAreaCode: str | None = None
    credits: str | None = None
    creditsSystem: str | None = None
    contractor: str | None = None
    location: str | None = None
    town: str | None = None
    contactInfoAddressCity: str | None = None
    typeOfSchool: str | None = None  # display text, e.g. "Yrkeshögskoleutbildning" (the filter takes codes: yh)
    semesterStartFrom: str | None = None
    paceOfStudy: str | None = None
    titleSv: str | None = None
    extent: str | None = None
    distance: bool | None = None
    recommendedPriorKnowledge: str | None = None
    lastApplicationDate: str | None = None
    executionCondition: int | None = None  # 0 not fixed, 1 date set, 2/3 continuous start (H, spec)
    links: dict[str, Link] = Field(default={}, alias="_links")


class AdultEducationEvent(_Model):
    """Every field of `/v4/adult-education-events/{id}` (the detail), plus the list-only fields (None there), so one
    model serves both the list and the detail."""

    educationEventId: str
    instructionLanguages: str | None = None
    studyPathName: str | None = None
    titleSv: str | None = None  # list only
    # Spec example has null; type unknown (a list of strings or a string) -- tolerated as any JSON (L).
    areasOfInterest: object | None = None
    providerName: str | None = None
    county: str | None = None  # list only
    municipality: str | None = None
    town: str | None = None
    location: str | None = None  # list only
    contactInfoAddressCity: str | None = None  # list only
    distance: bool | None = None
    credits: str | None = None
    creditsSystem: str | None = None
    contractor: str | None = None
    typeOfSchool: str | None = None
    semesterStartFrom: str | None = None
    paceOfStudy: str | None = None
    educationEventDescription: str | None = None
    providerDescription: str | None = None
    requirements: str | None = None
    recommendedPriorKnowledge: str | None = None  # list only
    lastApplicationDate: str | None = None  # list only
    fee: str | None = None  # null in the only sample; assumed text (L)
    eligibleForStudentAid: bool | None = None
    contactInfo: ContactInfo | None = None
    organizerName: str | None = None
    extent: str | None = None
    timeOfStudy: str | None = None
    geographicalAreaCode: str | None = None
    executionCondition: int | None = None
    links: dict[str, Link] = Field(default={}, alias="_links")

    @property
    def title(self) -> str | None:
        return self.studyPathName or self.titleSv


class AdultEducationEventsEmbedded(_Model):
    listedAdultEducationEvents: list[AdultEducationEvent] = []


class AdultEducationEventsBody(_Model):
    embedded: AdultEducationEventsEmbedded = Field(default=AdultEducationEventsEmbedded(), alias="_embedded")
    links: dict[str, Link] = Field(default={}, alias="_links")
    page: PageInfo


class AdultEducationEventsResponse(_Model):
    status: str | None = None
    message: str | None = None
    body: AdultEducationEventsBody


class AdultEducationEventResponse(_Model):
    status: str | None = None
    message: str | None = None
    body: AdultEducationEvent


class AdultEducationEventsPage(_Model):
    """One page of adult education events, unwrapped from the HAL envelope."""

    events: list[AdultEducationEvent]
    total: int
    page: PageInfo
