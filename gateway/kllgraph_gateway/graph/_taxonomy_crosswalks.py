"""Indexes over the mirrored crosswalk types (SSYK 2012 ↔ ISCO-08, SUN 2020), built once per request from the
cached upstream payload, as graph/_taxonomy.py does for occupations and geography."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..connectors import taxonomy
from ..connectors.taxonomy.models import SsykIscoConcept, SunFieldConcept, SunLevelConcept
from ._context import Context, Memo

__all__ = [
    "IscoEntry",
    "SsykIscoIndex",
    "SunIndex",
    "SunRow",
    "ssyk_isco_index",
    "sun_field_index",
    "sun_level_index",
]


@dataclass(frozen=True, slots=True)
class IscoEntry:
    """One ISCO-08 unit group as the taxonomy relates it to SSYK groups (inverted from ssyk-level-4 `related`)."""

    code: str
    concept_id: str | None
    label: str | None
    ssyk_groups: list[SsykIscoConcept] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SsykIscoIndex:
    ssyk_groups: dict[str, SsykIscoConcept] = field(default_factory=dict)  # by SSYK code, sorted by code
    isco_groups: dict[str, IscoEntry] = field(default_factory=dict)  # by ISCO-08 code, sorted by code

    @classmethod
    def build(cls, concepts: list[SsykIscoConcept]) -> SsykIscoIndex:
        index = cls()
        isco: dict[str, IscoEntry] = {}
        for concept in sorted(concepts, key=lambda c: (c.ssyk_code_2012 or "", c.id)):
            if not concept.ssyk_code_2012:
                continue
            index.ssyk_groups.setdefault(concept.ssyk_code_2012, concept)
            for related in concept.related:
                if not related.isco_code_08:
                    continue
                entry = isco.setdefault(
                    related.isco_code_08, IscoEntry(related.isco_code_08, related.id, related.preferred_label)
                )
                if concept not in entry.ssyk_groups:
                    entry.ssyk_groups.append(concept)
        index.isco_groups.update(sorted(isco.items()))
        return index


@dataclass(frozen=True, slots=True)
class SunRow:
    """One SUN concept, flattened out of the tree with its depth and parent."""

    concept_id: str
    type: str | None
    label: str
    code: str | None
    level: int  # 1 = top level of the hierarchy
    parent_id: str | None
    parent_code: str | None
    child_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SunIndex:
    rows: list[SunRow] = field(default_factory=list)  # depth-first, as the taxonomy orders the tree
    by_id: dict[str, SunRow] = field(default_factory=dict)


def _flatten_levels(concepts: list[SunLevelConcept], depth: int, parent: SunLevelConcept | None,
                    out: list[SunRow]) -> None:
    for concept in concepts:
        out.append(SunRow(concept.id, concept.type, concept.preferred_label, concept.sun_education_level_code_2020,
                          depth, parent.id if parent else None,
                          parent.sun_education_level_code_2020 if parent else None,
                          tuple(child.id for child in concept.narrower)))
        _flatten_levels(concept.narrower, depth + 1, concept, out)


def _flatten_fields(concepts: list[SunFieldConcept], depth: int, parent: SunFieldConcept | None,
                    out: list[SunRow]) -> None:
    for concept in concepts:
        out.append(SunRow(concept.id, concept.type, concept.preferred_label, concept.sun_education_field_code_2020,
                          depth, parent.id if parent else None,
                          parent.sun_education_field_code_2020 if parent else None,
                          tuple(child.id for child in concept.narrower)))
        _flatten_fields(concept.narrower, depth + 1, concept, out)


def _sun_index(rows: list[SunRow]) -> SunIndex:
    index = SunIndex()
    for row in rows:
        if row.concept_id not in index.by_id:
            index.by_id[row.concept_id] = row
            index.rows.append(row)
    return index


_SSYK_ISCO = Memo[SsykIscoIndex]("taxonomy SSYK/ISCO index")


async def ssyk_isco_index(ctx: Context) -> SsykIscoIndex:
    async def build() -> SsykIscoIndex:
        return SsykIscoIndex.build(await taxonomy.api.ssyk_isco_groups(ctx.source("taxonomy")))

    return await ctx.once(_SSYK_ISCO, build)


_SUN_LEVELS = Memo[SunIndex]("taxonomy SUN level index")


async def sun_level_index(ctx: Context) -> SunIndex:
    async def build() -> SunIndex:
        rows: list[SunRow] = []
        _flatten_levels(await taxonomy.api.sun_education_levels(ctx.source("taxonomy")), 1, None, rows)
        return _sun_index(rows)

    return await ctx.once(_SUN_LEVELS, build)


_SUN_FIELDS = Memo[SunIndex]("taxonomy SUN field index")


async def sun_field_index(ctx: Context) -> SunIndex:
    async def build() -> SunIndex:
        rows: list[SunRow] = []
        _flatten_fields(await taxonomy.api.sun_education_fields(ctx.source("taxonomy")), 1, None, rows)
        return _sun_index(rows)

    return await ctx.once(_SUN_FIELDS, build)
