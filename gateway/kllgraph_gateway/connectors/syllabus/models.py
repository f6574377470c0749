"""Pydantic models of Syllabus API v1 payloads (field names as the API sends them; extra fields tolerated).

Subjects and courses: H -- the official "Ämnen" spec v1.14.0 (`Subject`, `SubjectInfo`, `Course`, `SubjectParent`
schemas) and real responses (upstream-samples/skolverket-syllabus-v1-subject*.json, `-course-matmat01c.json`).
Programmes: H for the fields of the real `GET /v1/programs/NA25` response (`-program-na25.json`); the official
programmes spec was not found, so the list envelope (`programs`) is assumed from the subjects' pattern (M) and fields
the sample lacks (`englishName`, `version`, `endDate`) are kept optional and unverified (README, Syllabus notes).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Envelope(_Model):
    apiPublisher: str | None = None
    apiName: str | None = None
    apiVersion: str | None = None
    apiReleased: str | None = None
    apiStatus: str | None = None
    apiDocumentation: str | None = None
    dataOrigin: str | None = None
    calledMethod: str | None = None
    totalElements: int | None = None
    processingTime: str | None = None
    startedCaching: str | None = None
    codeParam: str | None = None
    dateParam: str | None = None


class Category(_Model):
    name: str | None = None
    code: str | None = None


class TextBlock(_Model):
    text: str | None = None


class KnowledgeRequirement(_Model):
    text: str | None = None
    gradeStep: str | None = None  # E, D, C, B, A


class SubjectParent(_Model):
    """The subject a course belongs to, as `/v1/courses/{code}` sends it (spec `SubjectParent`; H, real sample)."""

    subjectCode: str | None = None  # e.g. MAT (the spec marks no field required)
    subjectName: str | None = None
    version: int | None = None
    startDate: str | None = None
    endDate: str | None = None
    modifiedDate: str | None = None
    skolfsGrund: str | None = None
    skolfsAndring: str | int | None = None  # a string in the spec and sample; the subject examples also send ints
    schoolTypes: list[str] = []
    categories: list[Category] = []


class Course(_Model):
    code: str  # e.g. MATMAT01a
    name: str
    englishName: str | None = None
    points: str | None = None  # sent as a string ("100") (H, sample)
    typeOfSyllabus: str | None = None
    sortOrder: int | None = None
    description: str | None = None  # HTML
    centralContent: TextBlock | None = None  # HTML in `text`
    knowledgeRequirements: list[KnowledgeRequirement] = []
    # Only in `/v1/courses/{code}` (spec `Course.subjectParent`; H, real MATMAT01c response): inside a subject's
    # `courses` the parent is the enclosing subject and this is absent.
    subjectParent: SubjectParent | None = None


class SubjectSummary(_Model):
    code: str  # e.g. MAT
    name: str
    version: int | None = None
    startDate: str | None = None
    endDate: str | None = None
    modifiedDate: str | None = None
    skolfsGrund: str | None = None
    skolfsAndring: str | int | None = None  # the spec's own examples send both 121332 and "2020:94" (H)
    typeOfSyllabus: str | None = None
    schoolTypes: list[str] = []  # GY, VUXGY, GR, ...
    categories: list[Category] = []


class Subject(SubjectSummary):
    englishName: str | None = None
    versionInfo: str | None = None
    gradeScale: str | None = None
    description: str | None = None  # HTML
    purpose: str | None = None  # HTML
    courses: list[Course] = []


class SubjectsResponse(Envelope):
    subjects: list[SubjectSummary]  # always sent (spec: SubjectsResponse; the real sample): `{}` is drift


class SubjectResponse(Envelope):
    subject: Subject


class SubjectRef(_Model):
    code: str
    name: str | None = None


class SubjectGroup(_Model):
    name: str | None = None  # e.g. "Fördjupningsämnen" (specialization)
    subjects: list[SubjectRef] = []


class Orientation(_Model):
    code: str  # e.g. NANAP
    name: str | None = None


class Programme(_Model):
    """A programme (gymnasieprogram, e.g. NA25). Fields as in the real `/v1/programs/NA25` response (H) unless noted."""

    code: str
    name: str
    studyPathType: str | None = None  # e.g. PROGRAM25
    # PRELIMINARY_PROGRAM_FOR_HIGHER_EDUCATION | VOCATIONAL_PROGRAM | NATIONAL_RECRUITMENT_FOR_LOCAL_SPECIALIZATION
    # (first in the real sample: H; the others from one client's code: M).
    category: str | None = None
    schoolTypes: list[str] = []
    startDate: str | None = None
    modifiedDate: str | None = None
    description: str | None = None  # HTML
    foundationSubjects: SubjectGroup | None = None
    programmeSpecificSubjects: SubjectGroup | None = None
    specialization: SubjectGroup | None = None
    orientations: list[Orientation] = []
    # Not in the real sample and no programmes spec found: unverified (README, Syllabus notes).
    englishName: str | None = None
    version: int | None = None
    endDate: str | None = None


class ProgrammesResponse(Envelope):
    programs: list[Programme]  # by analogy with `subjects` (M): a `{}` answer is drift, not "no programmes"


class ProgrammeResponse(Envelope):
    program: Programme


class CourseResponse(Envelope):
    course: Course
