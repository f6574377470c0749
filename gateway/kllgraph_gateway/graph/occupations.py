"""Occupation hub: a taxonomy occupation-name with its SSYK 2012 group and occupation field.

Its links to other sources' entities (job ads, educations, statistics, historical demand) are declared by the modules
that own those entities (`GraphModule.links`); this module imports none of them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import strawberry

from .._errors import BadUserInput, UpstreamError
from .._keys import is_concept_id
from .._limits import ListSize
from .._pagination import Connection, window
from ..connectors import taxonomy
from ..connectors.taxonomy.models import OccupationNameConcept
from ._common import TaxonomyConcept
from ._context import Context, Info, Loader
from ._derived import derived
from ._module import GraphModule
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._taxonomy import built_occupation_index, occupation_index

__all__ = ["MODULE", "Occupation", "OccupationQuery", "load_occupation"]

log = logging.getLogger(__name__)


@strawberry.type(description="An occupation (taxonomy concept of type occupation-name).")
class Occupation(Node):
    id: strawberry.ID = strawberry.field(description="Taxonomy concept id of the occupation-name")
    label: str
    legacy_id: str | None = strawberry.field(description="Legacy AMS id (deprecated_legacy_id), for old data only")
    ssyk_code: str | None = strawberry.field(
        description="SSYK 2012 code (4 digits) of the broader ssyk-level-4 concept"
    )
    occupation_group: TaxonomyConcept | None = strawberry.field(description="The ssyk-level-4 concept")
    occupation_field: TaxonomyConcept | None
    related: list[TaxonomyConcept] = strawberry.field(
        description="Related taxonomy concepts (the occupation collections this occupation belongs to)"
    )
    deprecated: bool = strawberry.field(
        description="True when the taxonomy has deprecated this occupation-name (old ads still carry it); see "
        "`replacedBy`. A deprecated occupation's SSYK group is its replacement's when it has none of its own."
    )
    source: SourceInfo
    replaced_by_ids: strawberry.Private[tuple[str, ...]]

    # The taxonomy publishes no bound on replacements; a deprecated concept names one or a few (L: what the taxonomy
    # data we have seen shows). 5 is our assumption for the cost estimate, not an upstream limit.
    @strawberry.field(description="The live occupations that replace this deprecated one (empty when live)",
                      directives=[ListSize(assumed_size=5)])
    async def replaced_by(self, info: Info) -> list[Occupation] | None:
        found = await asyncio.gather(*(load_occupation(info.context, i) for i in self.replaced_by_ids))
        return [occupation for occupation in found if occupation is not None]

    @classmethod
    def of(cls, concept: OccupationNameConcept) -> Occupation:
        """The Occupation of a cached taxonomy concept, built once per cache fill (`_derived`)."""
        return derived(concept, Occupation, lambda: cls.from_concept(concept))

    @classmethod
    def from_concept(cls, concept: OccupationNameConcept) -> Occupation:
        group = concept.ssyk_group
        field = group.broader[0] if group and group.broader else None
        return cls(
            node_id=global_id("Occupation", concept.id),
            id=strawberry.ID(concept.id),
            label=concept.preferred_label,
            legacy_id=concept.deprecated_legacy_id,
            ssyk_code=group.ssyk_code_2012 if group else None,
            occupation_group=TaxonomyConcept.from_ref(group) if group else None,
            occupation_field=TaxonomyConcept.from_ref(field) if field else None,
            related=[TaxonomyConcept.from_ref(r) for r in concept.related],
            deprecated=bool(concept.deprecated),
            source=SourceInfo.of(taxonomy.SOURCE),
            replaced_by_ids=tuple(r.id for r in concept.replaced_by or []),
        )



_OCCUPATION = Loader[str, "Occupation | None"]("occupation by concept id")


class NotLocal:
    """`local_occupation`'s answer when the request has no occupation index yet, or the index lacks the id."""



def local_occupation(ctx: Context, concept_id: str) -> Occupation | NotLocal:
    """The occupation from this request's occupation index, if built and holding the id (a local join), else
    NotLocal(): then `load_occupation` reads it, by id when the mirror lacks it."""
    index = built_occupation_index(ctx)
    concept = index.by_id.get(concept_id) if index is not None else None
    return Occupation.of(concept) if concept else NotLocal()


async def load_occupation(ctx: Context, concept_id: str) -> Occupation | None:
    """Occupation by concept id: from the occupation index when this request has it (a local join, e.g. the ads of
    a page), else through this request's DataLoader (one taxonomy request for any number of ids).

    The mirror is a cache: ids it lacks (concepts the taxonomy added since it was loaded, or all of them when it
    failed to load) are read by id, in one batched request, and logged; only an id the taxonomy itself does not
    know answers null."""
    local = local_occupation(ctx, concept_id)
    if not isinstance(local, NotLocal):
        return local

    async def load(ids: list[str]) -> list[Occupation | None]:
        try:
            mirrored = (await occupation_index(ctx)).by_id
        except UpstreamError as error:
            log.warning("taxonomy occupation mirror unavailable (%s): reading %d occupation(s) by id", error.code,
                        len(ids))
            mirrored = {}
        missing = [i for i in ids if i not in mirrored]
        read: dict[str, OccupationNameConcept] = {}
        if missing:
            if mirrored:
                log.info("taxonomy occupation mirror lacks %d id(s) (%s): reading them by id", len(missing),
                         ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else ""))
            by_id = await taxonomy.api.occupation_names_by_id(ctx.source("taxonomy"), missing)
            read = {concept.id: concept for concept in by_id or []}
        return [Occupation.of(mirrored[i]) if i in mirrored else Occupation.of(read[i]) if i in read else None
                for i in ids]

    return await ctx.loader(_OCCUPATION, load).load(concept_id)


@strawberry.type
class OccupationQuery:
    @strawberry.field(description="An occupation by taxonomy concept id (occupation-name).")
    async def occupation(self, info: Info, id: strawberry.ID) -> Occupation | None:
        if not is_concept_id(str(id)):
            raise BadUserInput(f"{id!r} is not a taxonomy concept id (like DJh5_yyF_hEM)", argument="id")
        return await load_occupation(info.context, str(id))

    @strawberry.field(
        description="Occupations whose label contains `query` (case-insensitive), or with SSYK code `ssykCode`; "
        "ordered by label. Live occupations only unless `includeDeprecated`."
    )
    async def occupations(
        self,
        info: Info,
        query: str | None = None,
        ssyk_code: str | None = None,
        include_deprecated: Annotated[
            bool, strawberry.argument(description="Also list occupation-names the taxonomy has deprecated")
        ] = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Occupation] | None:
        win = window(first, after, max_page_size=info.context.settings.max_page_size)
        index = await occupation_index(info.context)
        concepts = [c for c in index.by_id.values() if include_deprecated or not c.deprecated]
        if query:
            needle = query.casefold()
            concepts = [c for c in concepts if needle in c.preferred_label.casefold()]
        if ssyk_code:
            concepts = [c for c in concepts if c.ssyk_group and c.ssyk_group.ssyk_code_2012 == ssyk_code]
        concepts.sort(key=lambda c: (c.preferred_label.casefold(), c.id))
        return Connection[Occupation].from_list([Occupation.of(c) for c in concepts], win)


async def preload(ctx: Context) -> None:
    """The Taxonomy's occupation-name mirror (with SSYK groups): every Occupation and ad occupation is read from it."""
    await taxonomy.api.occupation_names(ctx.source("taxonomy"))


MODULE = GraphModule(
    name="occupations",
    connectors=(taxonomy,),
    preload=preload,
    hub=True,
    query=OccupationQuery,
    types=(Occupation,),
    nodes={"Occupation": load_occupation},
)
