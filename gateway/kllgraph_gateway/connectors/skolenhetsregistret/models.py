"""Pydantic models of Skolenhetsregistret v2 payloads (JSON:API-like `meta`/`data`/`included`; field names as sent).

The official spec (upstream-samples/skolverket-skolenhetsregistret-v2.openapi.yaml) has schemas but no example bodies,
so these models follow the schemas (H for names, M for nullability: everything but the keys is optional here).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Meta(_Model):
    extractDate: str | None = None
    created: str | None = None
    modified: str | None = None


class Link(_Model):
    href: str | None = None


# --- school units -------------------------------------------------------------------------------------------------


class SchoolUnitSummary(_Model):
    schoolUnitCode: str
    name: str | None = None
    status: str | None = None  # AKTIV, VILANDE, UPPHORT, PLANERAD


class SchoolUnitListData(_Model):
    type: str | None = None  # "schoolunit"
    attributes: list[SchoolUnitSummary] = []


class SchoolUnitListResponse(_Model):
    meta: Meta | None = None
    data: SchoolUnitListData


class GeoCoordinates(_Model):
    coordinateSweRefN: str | None = None
    coordinateSweRefE: str | None = None
    latitude: str | None = None
    longitude: str | None = None


class Address(_Model):
    type: str | None = None  # BESOKSADRESS, LEVERANSADRESS, POSTADRESS, UTLANDSADRESS
    careOfAddress: str | None = None
    streetAddress: str | None = None
    postalCode: str | None = None
    locality: str | None = None
    geoCoordinates: GeoCoordinates | None = None
    country: str | None = None
    continent: str | None = None


class Grades(_Model):
    grades: list[str] | None = None


class Programmes(_Model):
    programmes: list[str] | None = None  # Syllabus programme codes (BA, EK, NA...) (H, spec)
    csnCode: str | None = None


class Vux(_Model):
    schoolTypeParts: list[str] = []


class SchoolTypeProperties(_Model):
    gr: Grades | None = None
    gran: Grades | None = None
    sam: Grades | None = None
    sp: Grades | None = None
    gy: Programmes | None = None
    gyan: Programmes | None = None
    vux: Vux | None = None


class SchoolUnitInfo(_Model):
    displayName: str | None = None
    status: str | None = None
    url: str | None = None
    email: str | None = None
    phoneNumber: str | None = None
    headMaster: str | None = None
    addresses: list[Address] = []
    orientationType: str | None = None
    schoolUnitType: str | None = None
    schoolName: str | None = None
    municipalityCode: str | None = None
    schoolTypes: list[str] = []  # FKLASS, FTH, OPPFTH, GR, GRAN, SP, SAM, GY, GYAN, VUX
    schoolTypeProperties: SchoolTypeProperties | None = None
    specialSupportSchool: bool | None = None
    hospitalSchool: bool | None = None
    reportsStudents: str | None = None
    reportsPersonell: str | None = None
    startdate: str | None = None  # sic: lower-case d in the spec
    endDate: str | None = None

    def programme_codes(self) -> list[str]:
        properties = self.schoolTypeProperties
        if properties is None:
            return []
        codes: list[str] = []
        for programmes in (properties.gy, properties.gyan):
            for code in (programmes.programmes or []) if programmes else []:
                if code not in codes:
                    codes.append(code)
        return codes


class SchoolUnitInfoData(_Model):
    type: str | None = None
    schoolUnitCode: str
    attributes: SchoolUnitInfo


class OrganizerIncludedAttributes(_Model):
    displayName: str | None = None
    organizerType: str | None = None


class OrganizerIncluded(_Model):
    type: str | None = None  # "organization"
    organizationNumber: str | None = None
    attributes: OrganizerIncludedAttributes | None = None
    links: Link | None = None


class SchoolUnitInfoResponse(_Model):
    meta: Meta | None = None
    links: Link | None = None
    data: SchoolUnitInfoData
    # The spec types `included` as one object (not the JSON:API array); followed as written (M).
    included: OrganizerIncluded | None = None


# --- organisers (huvudmän) ----------------------------------------------------------------------------------------


class Organizer(_Model):
    organizationNumber: str
    displayName: str | None = None
    organizerType: str | None = None  # KOMMUN, REGION, STAT, SAME, ENSKILD, SPECIAL, KOMMFORB, HMANUTL


class OrganizerListData(_Model):
    type: str | None = None  # "organizer"
    attributes: list[Organizer] = []


class OrganizerListResponse(_Model):
    meta: Meta | None = None
    data: OrganizerListData


class CodeName(_Model):
    code: str | None = None
    displayName: str | None = None


class MunicipalityRef(_Model):
    municipalityCode: str | None = None
    displayName: str | None = None


class RegionRef(_Model):
    regionCode: str | None = None
    displayName: str | None = None


class EmailInfo(_Model):
    providerType: str | None = None
    email: str | None = None


class PhoneInfo(_Model):
    providerType: str | None = None
    phone: str | None = None


class OrganizerInfo(_Model):
    displayName: str | None = None
    address: Address | None = None
    url: str | None = None
    email: list[EmailInfo] = []
    phoneNumber: list[PhoneInfo] = []
    companyForm: CodeName | None = None
    organizerType: str | None = None
    legalEntityStatus: str | None = None
    companyStatus: str | None = None
    isInternational: bool | None = None
    municipalities: list[MunicipalityRef] = []
    regions: list[RegionRef] = []
    schoolTypes: list[str] = []
    highSchoolAssociationId: str | None = None


class SchoolUnitRef(_Model):
    type: str | None = None
    schoolUnitCode: str


class SchoolUnitRelation(_Model):
    data: list[SchoolUnitRef] = []


class OrganizerRelationships(_Model):
    schoolunit: SchoolUnitRelation | None = None


class OrganizerInfoData(_Model):
    type: str | None = None
    organizationNumber: str
    attributes: OrganizerInfo
    relationships: OrganizerRelationships | None = None


class OrganizerInfoResponse(_Model):
    meta: Meta | None = None
    links: Link | None = None
    data: OrganizerInfoData
