"""Syllabus entities (Skolverket Syllabus API v1): Programme, Subject, Course."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated

import strawberry

from .._errors import BadUserInput
from .._pagination import Connection, window
from ..connectors import syllabus
from ..connectors.syllabus import models
from ._context import Context, Info, Loader, Memo
from ._module import GraphModule
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct

__all__ = [
    "MODULE",
    "Course",
    "Programme",
    "Subject",
    "SyllabusQuery",
    "load_course",
    "load_programme",
    "load_subject",
    "programmes_by_codes",
    "seed",
]

# Subject codes are 2-5 upper-case letters (MAT, SVA, ENG); course codes add letters/digits (MATMAT01a); programme
# codes 2-5 letters/digits (NA, EK, FB25) (H for the samples; the exact grammar is not published -- M).
_SUBJECT_CODE = re.compile(r"[A-ZÅÄÖ]{2,6}")
_COURSE_CODE = re.compile(r"[A-ZÅÄÖ]{2,8}[0-9A-Za-zåäö]{1,8}")
_PROGRAMME_CODE = re.compile(r"[A-ZÅÄÖ]{2,6}[0-9]{0,2}")


def _checked(value: str, pattern: re.Pattern[str], what: str, argument: str) -> str:
    if not pattern.fullmatch(value):
        raise BadUserInput(f"{value!r} is not a {what}", argument=argument)
    return value


@strawberry.type(description="A course of a subject (Skolverket Syllabus), e.g. MATMAT01a Matematik 1a.")
class Course(Node):
    code: str = strawberry.field(description="Course code, e.g. MATMAT01a")
    name: str
    english_name: str | None
    points: int | None = strawberry.field(description="Upper-secondary credits (gymnasiepoäng)")
    central_content: str | None = strawberry.field(description="Central content (HTML, as published)")
    description: str | None = strawberry.field(description="HTML, as published")
    subject_code: str | None = strawberry.field(description="Code of the subject the course belongs to")
    source: SourceInfo

    @strawberry.field(description="The subject the course belongs to (its current syllabus)")
    async def subject(self, info: Info) -> Subject | None:
        if self.subject_code is None:
            return None
        detail = await subject_details(info.context, self.subject_code)
        return Subject.from_model(detail) if detail else None

    @classmethod
    def from_model(cls, course: models.Course, subject_code: str | None = None) -> Course:
        return cls(
            node_id=global_id("Course", course.code),
            code=course.code,
            name=course.name,
            english_name=course.englishName,
            points=int(course.points) if course.points and re.fullmatch("[0-9]{1,4}", course.points) else None,
            central_content=course.centralContent.text if course.centralContent else None,
            description=course.description,
            # `/v1/courses/{code}` names the subject in `subjectParent`; a subject's own course list does not.
            subject_code=(course.subjectParent.subjectCode if course.subjectParent else None) or subject_code,
            source=SourceInfo.of(syllabus.SOURCE),
        )


@strawberry.type(description="A subject (ämne) with its syllabus (Skolverket Syllabus), e.g. MAT Matematik.")
class Subject(Node):
    code: str = strawberry.field(description="Subject code, e.g. MAT")
    name: str
    version: int | None
    school_types: list[str] = strawberry.field(description="School types, e.g. GY, VUXGY, GR")
    type_of_syllabus: str | None
    start_date: str | None = strawberry.field(description="Date this version applies from (YYYY-MM-DD)")
    source: SourceInfo
    detail: strawberry.Private[models.Subject | None]

    @classmethod
    def from_model(cls, subject: models.SubjectSummary) -> Subject:
        return cls(
            node_id=global_id("Subject", subject.code),
            code=subject.code,
            name=subject.name,
            version=subject.version,
            school_types=list(subject.schoolTypes),
            type_of_syllabus=subject.typeOfSyllabus,
            start_date=subject.startDate,
            source=SourceInfo.of(syllabus.SOURCE),
            detail=subject if isinstance(subject, models.Subject) else None,
        )

    async def _detail(self, ctx: Context) -> models.Subject | None:
        if self.detail is not None:
            return self.detail
        return await subject_details(ctx, self.code)

    @strawberry.field(description="English name (from the subject's syllabus)")
    async def english_name(self, info: Info) -> str | None:
        detail = await self._detail(info.context)
        return detail.englishName if detail else None

    @strawberry.field(description="The subject's purpose (HTML, as published)")
    async def purpose(self, info: Info) -> str | None:
        detail = await self._detail(info.context)
        return detail.purpose if detail else None

    @strawberry.field(description="The subject's courses, in the syllabus's order")
    async def courses(self, info: Info) -> list[Course] | None:
        # From a list item this needs the subject's own syllabus: one `/v1/subjects/{code}` call per subject (the
        # API has no batch read), made concurrently through one DataLoader.
        detail = await self._detail(info.context)
        if detail is None:
            return []
        ordered = sorted(detail.courses, key=lambda c: (c.sortOrder is None, c.sortOrder or 0))
        return [Course.from_model(course, detail.code) for course in ordered]


_SUBJECT_DETAILS = Loader[str, models.Subject | None]("syllabus subject by code")


def _subject_details(
    ctx: Context,
) -> Callable[[list[str]], Awaitable[Sequence[models.Subject | BaseException | None]]]:
    async def load(codes: list[str]) -> Sequence[models.Subject | BaseException | None]:
        client = ctx.source("syllabus")
        return await asyncio.gather(*(syllabus.api.subject(client, code) for code in codes), return_exceptions=True)

    return load


async def subject_details(ctx: Context, code: str) -> models.Subject | None:
    """A subject's syllabus through this request's DataLoader (one request per distinct subject code)."""
    detail: models.Subject | None = await ctx.loader(_SUBJECT_DETAILS, _subject_details(ctx)).load(code)
    return detail


@strawberry.type(description="An upper-secondary programme (gymnasieprogram, Skolverket Syllabus), e.g. NA25.")
class Programme(Node):
    code: str = strawberry.field(description="Programme code, e.g. NA25 (Gy25), NA, EK, BA")
    name: str
    english_name: str | None = strawberry.field(
        description="English name, where the API sends one (not in the recorded programme response: unverified)"
    )
    school_types: list[str]
    category: str | None = strawberry.field(
        description="Programme category as Skolverket codes it, e.g. PRELIMINARY_PROGRAM_FOR_HIGHER_EDUCATION, "
        "VOCATIONAL_PROGRAM"
    )
    study_path_type: str | None = strawberry.field(description="Kind of study path, e.g. PROGRAM25")
    description: str | None = strawberry.field(description="HTML, as published")
    source: SourceInfo

    @classmethod
    def from_model(cls, programme: models.Programme) -> Programme:
        return cls(
            node_id=global_id("Programme", programme.code),
            code=programme.code,
            name=programme.name,
            english_name=programme.englishName,
            school_types=list(programme.schoolTypes),
            category=programme.category,
            study_path_type=programme.studyPathType,
            description=programme.description,
            source=SourceInfo.of(syllabus.SOURCE),
        )


_PROGRAMMES = Memo[dict[str, models.Programme]]("syllabus programmes by code")
_PROGRAMME_BY_CODE = Loader[str, "Programme | None"]("syllabus programme by code")


async def _programme_index(ctx: Context) -> dict[str, models.Programme]:
    async def build() -> dict[str, models.Programme]:
        response = await syllabus.api.programmes(ctx.source("syllabus"))
        return {programme.code: programme for programme in response.programs}

    return await ctx.once(_PROGRAMMES, build)


async def programmes_by_codes(ctx: Context, codes: Sequence[str]) -> list[Programme]:
    """Programmes for a parent's codes, through one DataLoader over the cached programme list (one request)."""

    async def load(keys: list[str]) -> Sequence[Programme | None]:
        index = await _programme_index(ctx)
        return [Programme.from_model(index[key]) if key in index else None for key in keys]

    found = await ctx.loader(_PROGRAMME_BY_CODE, load).load_many(list(codes))
    return [programme for programme in found if isinstance(programme, Programme)]


async def load_programme(ctx: Context, code: str) -> Programme | None:
    code = _checked(code, _PROGRAMME_CODE, "programme code (e.g. NA)", "code")
    programme = await syllabus.api.programme(ctx.source("syllabus"), code)
    return Programme.from_model(programme) if programme else None


async def load_subject(ctx: Context, code: str) -> Subject | None:
    code = _checked(code, _SUBJECT_CODE, "subject code (e.g. MAT)", "code")
    subject = await syllabus.api.subject(ctx.source("syllabus"), code)
    return Subject.from_model(subject) if subject else None


async def load_course(ctx: Context, code: str) -> Course | None:
    code = _checked(code, _COURSE_CODE, "course code (e.g. MATMAT01a)", "code")
    course = await syllabus.api.course(ctx.source("syllabus"), code)
    return Course.from_model(course) if course else None


@strawberry.type
class SyllabusQuery:
    @strawberry.field(description="Current subjects (Skolverket Syllabus), optionally of one school type.")
    async def subjects(
        self,
        info: Info,
        school_type: Annotated[
            str | None, strawberry.argument(description="School type code, e.g. GY, GR, VUXGY")
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Subject] | None:
        ctx = info.context
        win = window(first, after, max_page_size=ctx.settings.max_page_size)
        if school_type is not None and not re.fullmatch(r"[A-Z]{2,8}", school_type):
            raise BadUserInput(f"{school_type!r} is not a school type code (e.g. GY)", argument="schoolType")
        response = await syllabus.api.subjects(ctx.source("syllabus"),
                                               school_type=school_type)
        return Connection[Subject].from_list([Subject.from_model(s) for s in response.subjects], win)

    @strawberry.field(description="One subject with its syllabus and courses, by code (e.g. MAT).")
    async def subject(self, info: Info, code: str) -> Subject | None:
        return await load_subject(info.context, code)

    @strawberry.field(description="Current upper-secondary programmes (Skolverket Syllabus).")
    async def programmes(self, info: Info, first: int | None = None, after: str | None = None
                         ) -> Connection[Programme] | None:
        ctx = info.context
        win = window(first, after, max_page_size=ctx.settings.max_page_size)
        index = await _programme_index(ctx)
        return Connection[Programme].from_list([Programme.from_model(p) for p in index.values()], win)

    @strawberry.field(description="One programme by code (e.g. NA).")
    async def programme(self, info: Info, code: str) -> Programme | None:
        return await load_programme(info.context, code)

    @strawberry.field(description="One course by code (e.g. MATMAT01a).")
    async def course(self, info: Info, code: str) -> Course | None:
        return await load_course(info.context, code)


async def seed(run: SeedRun) -> None:
    """Subjects and programmes lists, then each listed subject (with its courses), programme and course."""
    execute, max_follow = run.execute, run.max_follow
    subjects = await execute("{ subjects(first: 100) { totalCount edges { node { code name } } } }", None)
    subject_codes = [e["node"]["code"] for e in (subjects.get("subjects") or {}).get("edges", [])]
    programmes = await execute("{ programmes(first: 100) { totalCount edges { node { code name } } } }", None)
    programme_codes = [e["node"]["code"] for e in (programmes.get("programmes") or {}).get("edges", [])]
    course_codes: list[str | None] = []
    for code in distinct(subject_codes, max_follow):
        data = await execute("query Seed($c: String!) { subject(code: $c) { code courses { code } } }", {"c": code})
        course_codes.extend(c.get("code") for c in (data.get("subject") or {}).get("courses", []))
    for code in distinct(programme_codes, max_follow):
        await execute("query Seed($c: String!) { programme(code: $c) { code name } }", {"c": code})
    for code in distinct(course_codes, max_follow):
        await execute("query Seed($c: String!) { course(code: $c) { code name } }", {"c": code})


MODULE = GraphModule(
    name="syllabus",
    connectors=(syllabus,),
    query=SyllabusQuery,
    types=(Subject, Programme, Course),
    nodes={
        "Subject": load_subject,
        "Programme": load_programme,
        "Course": load_course,
    },
    seed=seed,
)
