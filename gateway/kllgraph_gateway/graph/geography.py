"""Municipality and Region hubs, keyed by SCB codes (kommunkod 4 digits, länskod 2 digits).

Their links to other sources' entities (job ads, school units, educations, population) are declared by the modules
that own those entities (`GraphModule.links`); this module imports none of them.
"""

from __future__ import annotations

import strawberry

from .._keys import municipality_code, region_code
from .._limits import ListSize
from .._pagination import Connection, window
from ..connectors import taxonomy
from ..connectors.taxonomy.models import MunicipalityConcept, RegionConcept
from ._context import Context, Info
from ._module import GraphModule
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun
from ._taxonomy import geography_index, outside_snapshot

__all__ = ["MODULE", "GeographyQuery", "Municipality", "Region", "load_municipality", "load_region", "seed"]


@strawberry.type(description="A Swedish county (län), keyed by its SCB länskod.")
class Region(Node):
    code: str = strawberry.field(description="SCB länskod, 2 digits (e.g. 01)")
    name: str
    nuts_code: str | None = strawberry.field(description="NUTS level 3 code (2021), e.g. SE110")
    concept_id: strawberry.ID = strawberry.field(description="JobTech Taxonomy concept id of the region")
    source: SourceInfo

    @classmethod
    def from_concept(cls, concept: RegionConcept) -> Region:
        code = concept.national_nuts_level_3_code_2019 or ""
        return cls(node_id=global_id("Region", code), code=code, name=concept.preferred_label,
                   nuts_code=concept.nuts_level_3_code_2021, concept_id=strawberry.ID(concept.id),
                   source=SourceInfo.of(taxonomy.SOURCE))

    # Västra Götalands län has the most municipalities: 49 (SCB's kommunkoder, H).
    @strawberry.field(description="The county's municipalities (as far as the taxonomy lists them)",
                      directives=[ListSize(assumed_size=49)])
    async def municipalities(self, info: Info) -> list[Municipality] | None:
        index = await geography_index(info.context)
        return sorted(
            (Municipality.from_concept(m) for m in index.municipalities_by_code.values()
             if any(r.national_nuts_level_3_code_2019 == self.code for r in m.broader)),
            key=lambda m: m.code,
        )


@strawberry.type(description="A Swedish municipality (kommun), keyed by its SCB kommunkod.")
class Municipality(Node):
    code: str = strawberry.field(description="SCB kommunkod, 4 digits (e.g. 0180)")
    name: str
    concept_id: strawberry.ID = strawberry.field(description="JobTech Taxonomy concept id of the municipality")
    source: SourceInfo
    region_concept: strawberry.Private[RegionConcept | None]

    @classmethod
    def from_concept(cls, concept: MunicipalityConcept) -> Municipality:
        code = concept.lau_2_code_2015 or ""
        return cls(node_id=global_id("Municipality", code), code=code, name=concept.preferred_label,
                   concept_id=strawberry.ID(concept.id), source=SourceInfo.of(taxonomy.SOURCE),
                   region_concept=concept.broader[0] if concept.broader else None)

    @strawberry.field(description="The county (län) the municipality lies in")
    def region(self) -> Region | None:
        return Region.from_concept(self.region_concept) if self.region_concept else None


async def load_municipality(ctx: Context, code: str) -> Municipality | None:
    code = municipality_code(code)  # before any upstream request
    index = await geography_index(ctx)
    concept = index.municipalities_by_code.get(code)
    return Municipality.from_concept(concept) if concept else None


async def load_region(ctx: Context, code: str) -> Region | None:
    code = region_code(code)  # before any upstream request
    index = await geography_index(ctx)
    concept = index.regions_by_code.get(code)
    return Region.from_concept(concept) if concept else None


@strawberry.type
class GeographyQuery:
    @strawberry.field(description="A municipality by SCB kommunkod (4 digits, e.g. 0180 Stockholm).")
    async def municipality(self, info: Info, code: str) -> Municipality | None:
        found = await load_municipality(info.context, code)
        if found is None:
            index = await geography_index(info.context)
            if gap := outside_snapshot(info.context, "municipality", code, index.municipalities_by_code):
                raise gap
        return found

    @strawberry.field(description="A county (län) by SCB länskod (2 digits, e.g. 01 Stockholms län).")
    async def region(self, info: Info, code: str) -> Region | None:
        found = await load_region(info.context, code)
        if found is None:
            index = await geography_index(info.context)
            if gap := outside_snapshot(info.context, "county", code, index.regions_by_code):
                raise gap
        return found

    @strawberry.field(description="All municipalities the taxonomy lists, ordered by code.")
    async def municipalities(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Municipality] | None:
        win = window(first, after, max_page_size=info.context.settings.max_page_size)
        index = await geography_index(info.context)
        items = sorted((Municipality.from_concept(m) for m in index.municipalities_by_code.values()),
                       key=lambda m: m.code)
        return Connection[Municipality].from_list(items, win)

    @strawberry.field(description="All counties (län), ordered by code.",
                      directives=[ListSize(assumed_size=21)])  # Sweden's 21 län (SCB's länskoder, H)
    async def regions(self, info: Info) -> list[Region] | None:
        index = await geography_index(info.context)
        return sorted((Region.from_concept(r) for r in index.regions_by_code.values()), key=lambda r: r.code)


async def seed(run: SeedRun) -> None:
    """Every municipality and county with every link the other modules add to them (`HubLink.seed`)."""
    await run.execute(f"""{{
      municipalities(first: 100) {{ edges {{ node {{ name {run.links(Municipality)} }} }} }}
      regions {{ name municipalities {{ name }} {run.links(Region)} }}
    }}""", None)


async def preload(ctx: Context) -> None:
    """The Taxonomy's municipality mirror (with its counties): every Municipality and Region is read from it."""
    await taxonomy.api.municipalities(ctx.source("taxonomy"))


MODULE = GraphModule(
    name="geography",
    connectors=(taxonomy,),
    hub=True,
    query=GeographyQuery,
    types=(Municipality, Region),
    nodes={"Municipality": load_municipality, "Region": load_region},
    seed=seed,
    preload=preload,
)
