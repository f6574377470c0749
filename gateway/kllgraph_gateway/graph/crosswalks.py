"""Taxonomy crosswalks: SSYK 2012 ↔ ISCO-08 (with the occupation-names under each group), SUN 2020 education
levels and fields, and municipality ↔ county ↔ NUTS 2021. All rows come from mirrored taxonomy types (one cached
GraphQL query per type), never from hand-typed lists."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Self

import strawberry

from .._errors import BadUserInput
from .._keys import region_code
from .._keys import ssyk_code as valid_ssyk_code
from .._pagination import Connection, window
from ..connectors import taxonomy
from ..connectors.taxonomy.models import MunicipalityConcept, SsykIscoConcept
from ._common import TaxonomyConcept
from ._context import Context, Info
from ._module import GraphModule
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun
from ._taxonomy import geography_index
from ._taxonomy_crosswalks import IscoEntry, SunIndex, SunRow, ssyk_isco_index, sun_field_index, sun_level_index

__all__ = [
    "MODULE",
    "CrosswalkQuery",
    "GeographyCrosswalkRow",
    "IscoGroup",
    "SsykGroup",
    "SunEducationField",
    "SunEducationLevel",
    "seed",
]

_ISCO_CODE = re.compile(r"[0-9]{4}")


def _isco_code(value: str, *, argument: str = "iscoCode") -> str:
    if not _ISCO_CODE.fullmatch(value):
        raise BadUserInput(f"{value!r} is not a 4-digit ISCO-08 unit group code", argument=argument)
    return value


@strawberry.type(description="An SSYK 2012 unit group (taxonomy ssyk-level-4) with the ISCO-08 groups and the "
                             "occupation-names the taxonomy links to it.")
class SsykGroup(Node):
    id: strawberry.ID = strawberry.field(description="Taxonomy concept id of the ssyk-level-4 concept")
    code: str = strawberry.field(description="SSYK 2012 code, 4 digits")
    label: str
    isco_codes: list[str] = strawberry.field(
        description="ISCO-08 unit group codes the taxonomy relates to this group (related isco-level-4)"
    )
    occupations: list[TaxonomyConcept] = strawberry.field(
        description="The occupation-names under this group (narrower occupation-name)"
    )
    source: SourceInfo

    @classmethod
    def from_concept(cls, concept: SsykIscoConcept) -> SsykGroup:
        code = concept.ssyk_code_2012 or ""
        return cls(
            node_id=global_id("SsykGroup", code),
            id=strawberry.ID(concept.id),
            code=code,
            label=concept.preferred_label,
            isco_codes=sorted({r.isco_code_08 for r in concept.related if r.isco_code_08}),
            occupations=[TaxonomyConcept.from_ref(o) for o in sorted(concept.narrower, key=lambda o: o.id)],
            source=SourceInfo.of(taxonomy.SOURCE),
        )

    @strawberry.field(description="The related ISCO-08 unit groups")
    async def isco_groups(self, info: Info) -> list[IscoGroup] | None:
        index = await ssyk_isco_index(info.context)  # memoised per request: no further upstream call
        return [IscoGroup.from_entry(index.isco_groups[c]) for c in self.isco_codes if c in index.isco_groups]


@strawberry.type(description="An ISCO-08 unit group (taxonomy isco-level-4) and the SSYK 2012 groups related to it.")
class IscoGroup(Node):
    code: str = strawberry.field(description="ISCO-08 unit group code, 4 digits")
    id: strawberry.ID | None = strawberry.field(description="Taxonomy concept id of the isco-level-4 concept")
    label: str | None
    ssyk_codes: list[str] = strawberry.field(description="Related SSYK 2012 codes")
    source: SourceInfo

    @classmethod
    def from_entry(cls, entry: IscoEntry) -> IscoGroup:
        return cls(
            node_id=global_id("IscoGroup", entry.code),
            code=entry.code,
            id=strawberry.ID(entry.concept_id) if entry.concept_id else None,
            label=entry.label,
            ssyk_codes=sorted({g.ssyk_code_2012 for g in entry.ssyk_groups if g.ssyk_code_2012}),
            source=SourceInfo.of(taxonomy.SOURCE),
        )

    @strawberry.field(description="The related SSYK 2012 groups")
    async def ssyk_groups(self, info: Info) -> list[SsykGroup] | None:
        index = await ssyk_isco_index(info.context)
        return [SsykGroup.from_concept(index.ssyk_groups[c]) for c in self.ssyk_codes if c in index.ssyk_groups]


@strawberry.type
class _SunConcept(Node):
    """Fields shared by the two SUN 2020 hierarchies (levels and fields), read the same way from the taxonomy."""

    id: strawberry.ID = strawberry.field(description="Taxonomy concept id")
    type: str | None = strawberry.field(
        description="Taxonomy concept type: sun-education-level-1..3 or sun-education-field-1..4"
    )
    label: str
    code: str | None = strawberry.field(
        description="SUN 2020 code (sun_education_level_code_2020 / sun_education_field_code_2020)"
    )
    level: int = strawberry.field(description="Depth in the hierarchy: 1 to 3 for levels, 1 to 4 for fields")
    parent_id: strawberry.ID | None = strawberry.field(description="Concept id of the broader concept")
    parent_code: str | None
    child_ids: list[strawberry.ID] = strawberry.field(description="Concept ids of the narrower concepts")
    source: SourceInfo

    @classmethod
    def from_row(cls, row: SunRow) -> Self:
        return cls(
            node_id=global_id(cls.__name__, row.concept_id), id=strawberry.ID(row.concept_id), type=row.type,
            label=row.label, code=row.code, level=row.level,
            parent_id=strawberry.ID(row.parent_id) if row.parent_id else None, parent_code=row.parent_code,
            child_ids=[strawberry.ID(c) for c in row.child_ids], source=SourceInfo.of(taxonomy.SOURCE),
        )


@strawberry.type(description="A SUN 2020 education level (taxonomy sun-education-level-1..3).")
class SunEducationLevel(_SunConcept):
    pass


@strawberry.type(description="A SUN 2020 field of education (taxonomy sun-education-field-1..4).")
class SunEducationField(_SunConcept):
    pass


@strawberry.type(description="One municipality with its county and NUTS 2021 code (from the taxonomy).")
class GeographyCrosswalkRow:
    municipality_code: str | None = strawberry.field(description="SCB kommunkod (lau_2_code_2015), 4 digits")
    municipality_name: str
    municipality_concept_id: strawberry.ID
    county_code: str | None = strawberry.field(description="SCB länskod (national_nuts_level_3_code_2019)")
    county_name: str | None
    county_concept_id: strawberry.ID | None
    nuts3_code: str | None = strawberry.field(description="Eurostat NUTS 2021 level 3 code (nuts_level_3_code_2021)")
    source: SourceInfo

    @classmethod
    def from_concept(cls, concept: MunicipalityConcept) -> GeographyCrosswalkRow:
        county = concept.broader[0] if concept.broader else None
        return cls(
            municipality_code=concept.lau_2_code_2015,
            municipality_name=concept.preferred_label,
            municipality_concept_id=strawberry.ID(concept.id),
            county_code=county.national_nuts_level_3_code_2019 if county else None,
            county_name=county.preferred_label if county else None,
            county_concept_id=strawberry.ID(county.id) if county else None,
            nuts3_code=county.nuts_level_3_code_2021 if county else None,
            source=SourceInfo.of(taxonomy.SOURCE),
        )


async def load_ssyk_group(ctx: Context, code: str) -> SsykGroup | None:
    concept = (await ssyk_isco_index(ctx)).ssyk_groups.get(code)
    return SsykGroup.from_concept(concept) if concept else None


async def load_isco_group(ctx: Context, code: str) -> IscoGroup | None:
    entry = (await ssyk_isco_index(ctx)).isco_groups.get(code)
    return IscoGroup.from_entry(entry) if entry else None


async def load_sun_level(ctx: Context, concept_id: str) -> SunEducationLevel | None:
    row = (await sun_level_index(ctx)).by_id.get(concept_id)
    return SunEducationLevel.from_row(row) if row else None


async def load_sun_field(ctx: Context, concept_id: str) -> SunEducationField | None:
    row = (await sun_field_index(ctx)).by_id.get(concept_id)
    return SunEducationField.from_row(row) if row else None


def _sun_rows(index: SunIndex, level: int | None, deepest: int) -> list[SunRow]:
    if level is None:
        return index.rows
    if not 1 <= level <= deepest:
        raise BadUserInput(f"`level` must be between 1 and {deepest}, got {level}", argument="level")
    return [row for row in index.rows if row.level == level]


First = Annotated[int | None, strawberry.argument(description="Page size (default 20)")]


@strawberry.type
class CrosswalkQuery:
    @strawberry.field(description="SSYK 2012 unit groups with their ISCO-08 codes and occupation-names, ordered by "
                                  "code (taxonomy ssyk-level-4 related isco-level-4).")
    async def ssyk_groups(
        self, info: Info, ssyk_code: str | None = None, isco_code: str | None = None,
        first: First = None, after: str | None = None,
    ) -> Connection[SsykGroup] | None:
        win = window(first, after, max_page_size=info.context.settings.max_page_size)
        wanted_ssyk = valid_ssyk_code(ssyk_code) if ssyk_code is not None else None
        wanted_isco = _isco_code(isco_code) if isco_code is not None else None
        index = await ssyk_isco_index(info.context)
        groups = [SsykGroup.from_concept(c) for c in index.ssyk_groups.values()]
        if wanted_ssyk:
            groups = [g for g in groups if g.code == wanted_ssyk]
        if wanted_isco:
            groups = [g for g in groups if wanted_isco in g.isco_codes]
        return Connection[SsykGroup].from_list(groups, win)

    @strawberry.field(description="ISCO-08 unit groups the taxonomy relates to SSYK 2012 groups, ordered by code.")
    async def isco_groups(
        self, info: Info, isco_code: str | None = None, first: First = None, after: str | None = None,
    ) -> Connection[IscoGroup] | None:
        win = window(first, after, max_page_size=info.context.settings.max_page_size)
        wanted = _isco_code(isco_code) if isco_code is not None else None
        index = await ssyk_isco_index(info.context)
        groups = [IscoGroup.from_entry(e) for code, e in index.isco_groups.items() if wanted in (None, code)]
        return Connection[IscoGroup].from_list(groups, win)

    @strawberry.field(description="SUN 2020 education levels, depth-first (level 1, its level-2 children, ...); "
                                  "`level` keeps one depth only.")
    async def sun_education_levels(
        self, info: Info, level: int | None = None, first: First = None, after: str | None = None,
    ) -> Connection[SunEducationLevel] | None:
        win = window(first, after, max_page_size=info.context.settings.max_page_size)
        rows = _sun_rows(await sun_level_index(info.context), level, 3)
        return Connection[SunEducationLevel].from_list([SunEducationLevel.from_row(r) for r in rows], win)

    @strawberry.field(description="SUN 2020 fields of education, depth-first; `level` keeps one depth only.")
    async def sun_education_fields(
        self, info: Info, level: int | None = None, first: First = None, after: str | None = None,
    ) -> Connection[SunEducationField] | None:
        win = window(first, after, max_page_size=info.context.settings.max_page_size)
        rows = _sun_rows(await sun_field_index(info.context), level, 4)
        return Connection[SunEducationField].from_list([SunEducationField.from_row(r) for r in rows], win)

    @strawberry.field(description="Municipality code ↔ name ↔ county code ↔ NUTS 2021 code for every municipality "
                                  "the taxonomy lists, ordered by municipality code; `countyCode` keeps one county.")
    async def geography_crosswalk(
        self, info: Info, county_code: str | None = None, first: First = None, after: str | None = None,
    ) -> Connection[GeographyCrosswalkRow] | None:
        win = window(first, after, max_page_size=info.context.settings.max_page_size)
        wanted = region_code(county_code, argument="countyCode") if county_code is not None else None
        index = await geography_index(info.context)
        rows = [GeographyCrosswalkRow.from_concept(m) for _, m in sorted(index.municipalities_by_code.items())]
        if wanted:
            rows = [r for r in rows if r.county_code == wanted]
        return Connection[GeographyCrosswalkRow].from_list(rows, win)


async def seed(run: SeedRun) -> None:
    """Each crosswalk mirror once (one taxonomy request each); filters and paging are local."""
    execute = run.execute
    await execute("{ ssykGroups(first: 100) { totalCount edges { node { code iscoCodes } } } }", None)
    await execute("{ sunEducationLevels(first: 100) { totalCount } sunEducationFields(first: 100) { totalCount } }",
                  None)
    await execute("{ geographyCrosswalk(first: 100) { totalCount } }", None)


async def preload(ctx: Context) -> None:
    """The Taxonomy's crosswalk mirrors (SSYK-ISCO, SUN levels and fields)."""
    client = ctx.source("taxonomy")
    await asyncio.gather(taxonomy.api.ssyk_isco_groups(client), taxonomy.api.sun_education_levels(client),
                         taxonomy.api.sun_education_fields(client))


MODULE = GraphModule(
    name="crosswalks",
    connectors=(taxonomy,),
    query=CrosswalkQuery,
    types=(SsykGroup, IscoGroup, SunEducationLevel, SunEducationField),
    nodes={
        "SsykGroup": load_ssyk_group,
        "IscoGroup": load_isco_group,
        "SunEducationLevel": load_sun_level,
        "SunEducationField": load_sun_field,
    },
    seed=seed,
    preload=preload,
)
