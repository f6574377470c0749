"""Pydantic models of Syllabus API v1 payloads (field names as the API sends them; extra fields tolerated).

Subjects: H (official spec + its examples, upstream-samples/skolverket-syllabus-*). Programmes and courses: M -- no
official spec or real body for `/v1/programs` and `/v1/courses` was found; agency-apis.md §2.1 says they follow the
subjects' pattern, so the envelope (`programs`/`program`, `course`) and the fields are assumed by analogy and kept
optional beyond `code`/`name`.
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
    # Only in `/v1/courses/{code}` (assumed, M): the subject the course belongs to.
    subjectCode: str | None = None
    schoolTypes: list[str] = []
    version: int | None = None
    startDate: str | None = None
    endDate: str | None = None


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
    subjects: list[SubjectSummary] = []


class SubjectResponse(Envelope):
    subject: Subject


class Programme(_Model):
    """A programme (gymnasieprogram, e.g. NA, EK). Fields beyond code/name assumed from the subjects' pattern (M)."""

    code: str
    name: str
    englishName: str | None = None
    typeOfSyllabus: str | None = None
    typeOfProgram: str | None = None
    studyPathType: str | None = None
    schoolTypes: list[str] = []
    version: int | None = None
    startDate: str | None = None
    endDate: str | None = None
    description: str | None = None


class ProgrammesResponse(Envelope):
    programs: list[Programme] = []


class ProgrammeResponse(Envelope):
    program: Programme


class CourseResponse(Envelope):
    course: Course
