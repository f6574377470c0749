"""Indexes over mirrored taxonomy types, built once per request from the cached upstream payload."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from .._errors import SnapshotMissing
from .._upstream import SourceClient
from ..connectors import taxonomy
from ..connectors.taxonomy.models import MunicipalityConcept, OccupationNameConcept, RegionConcept, SsykGroupConcept
from ._context import Context, Memo
from ._derived import derived

__all__ = ["GeographyIndex", "OccupationIndex", "built_occupation_index", "geography_index", "mirror_index",
           "occupation_index", "outside_snapshot"]


@dataclass(frozen=True, slots=True)
class OccupationIndex:
    by_id: dict[str, OccupationNameConcept] = field(default_factory=dict)
    by_ssyk_code: dict[str, list[OccupationNameConcept]] = field(default_factory=dict)
    ssyk_groups: dict[str, SsykGroupConcept] = field(default_factory=dict)  # by 4-digit code

    @classmethod
    def build(cls, concepts: list[OccupationNameConcept]) -> OccupationIndex:
        """Every concept by id (deprecated ones too, so old ads join); SSYK lookups over the live ones only."""
        index = cls()
        for concept in concepts:
            index.by_id[concept.id] = concept
            if concept.deprecated:
                continue
            for group in concept.broader:
                if group.ssyk_code_2012:
                    index.ssyk_groups.setdefault(group.ssyk_code_2012, group)
                    index.by_ssyk_code.setdefault(group.ssyk_code_2012, []).append(concept)
        return index


@dataclass(frozen=True, slots=True)
class GeographyIndex:
    municipalities_by_code: dict[str, MunicipalityConcept] = field(default_factory=dict)
    municipalities_by_id: dict[str, MunicipalityConcept] = field(default_factory=dict)
    regions_by_code: dict[str, RegionConcept] = field(default_factory=dict)
    regions_by_id: dict[str, RegionConcept] = field(default_factory=dict)

    @classmethod
    def build(cls, concepts: list[MunicipalityConcept]) -> GeographyIndex:
        index = cls()
        for municipality in concepts:
            index.municipalities_by_id[municipality.id] = municipality
            if municipality.lau_2_code_2015:
                index.municipalities_by_code[municipality.lau_2_code_2015] = municipality
            for region in municipality.broader:
                index.regions_by_id[region.id] = region
                if region.national_nuts_level_3_code_2019:
                    index.regions_by_code[region.national_nuts_level_3_code_2019] = region
        return index


Payload = TypeVar("Payload")
Index = TypeVar("Index")


async def mirror_index(ctx: Context, key: Memo[Index], read: Callable[[SourceClient], Awaitable[Payload]],
                       build: Callable[[Payload], Index]) -> Index:
    """An index over one mirrored taxonomy type: built at most once per request (`key`), and once per cache fill of
    the mirror (`derived`, keyed by the cached payload), so concurrent requests share it."""

    async def once() -> Index:
        payload = await read(ctx.source("taxonomy"))
        return derived(payload, key, lambda: build(payload))

    return await ctx.once(key, once)


_OCCUPATIONS = Memo[OccupationIndex]("taxonomy occupation-name index")


async def occupation_index(ctx: Context) -> OccupationIndex:
    return await mirror_index(ctx, _OCCUPATIONS, taxonomy.api.occupation_names, OccupationIndex.build)


def built_occupation_index(ctx: Context) -> OccupationIndex | None:
    """The occupation index, if this request has built it already (then a join needs no DataLoader)."""
    return ctx.built(_OCCUPATIONS)


_GEOGRAPHY = Memo[GeographyIndex]("taxonomy geography index")


async def geography_index(ctx: Context) -> GeographyIndex:
    return await mirror_index(ctx, _GEOGRAPHY, taxonomy.api.municipalities, GeographyIndex.build)


def outside_snapshot(
    ctx: Context, kind: str, code: str, covered: Mapping[str, MunicipalityConcept] | Mapping[str, RegionConcept]
) -> SnapshotMissing | None:
    """Offline, a code the snapshot's taxonomy mirror lacks is outside the snapshot, not unknown to the agencies: the
    error names what the snapshot covers. Live (None), the caller's own rule applies."""
    if not ctx.settings.offline:
        return None
    names = ", ".join(f"{c} {concept.preferred_label}" for c, concept in sorted(covered.items()))
    return SnapshotMissing("taxonomy", f"{kind} {code} is outside the offline snapshot, which covers only "
                                       f"{names}; `kllgraph-gateway snapshot info` lists all it holds")
