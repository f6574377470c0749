"""Organisation hub, keyed by the 10-digit Swedish organisation number every agency uses in some form.

Its links to other sources' entities (job ads, school units, projects, datasets, educations) are declared by the
modules that own those entities (`GraphModule.links`); this module imports none of them.
"""

from __future__ import annotations

import strawberry

from .._errors import UpstreamError
from .._keys import organisation_number
from ..connectors import Source
from ._context import Context, Info, Memo
from ._module import GraphModule
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct

__all__ = ["MODULE", "Organisation", "OrganisationQuery", "seed"]

_NAMED = Memo[tuple[str, Source] | None]("organisation (name, source) by number")


async def _named(ctx: Context, number: str) -> tuple[str, Source] | None:
    """(name, source) from the first provider that knows the organisation; asked once per request.

    A provider whose upstream fails is skipped (its failure stays visible in `sources { lastError }` and /healthz);
    only when no provider could name the organisation does the first failure reach the client as the field's error.
    """

    async def build() -> tuple[str, Source] | None:
        failures: list[UpstreamError] = []
        # The providers are the graph modules' (`GraphModule.name_provider`), registries before ads.
        for provider in ctx.graph.name_providers:
            try:
                name = await provider.name(ctx, number)
            except UpstreamError as error:
                failures.append(error)
                continue
            if name:
                return name, provider.source
        if failures:
            raise failures[0]
        return None

    return await ctx.once(_NAMED, build, variant=number)


@strawberry.type(description="An organisation (employer, school organiser, university, agency, publisher...).")
class Organisation(Node):
    organisation_number: str = strawberry.field(description="Organisation number, 10 digits without dash")

    @classmethod
    def of(cls, number: str) -> Organisation:
        return cls(node_id=global_id("Organisation", number), organisation_number=number)

    @strawberry.field(description="The name as the first source that knows this organisation spells it "
                                  "(registries before job ads)")
    async def name(self, info: Info) -> str | None:
        named = await _named(info.context, self.organisation_number)
        return named[0] if named else None

    @strawberry.field(description="The source the name was read from (the organisation hub joins several)")
    async def source(self, info: Info) -> SourceInfo | None:
        named = await _named(info.context, self.organisation_number)
        return SourceInfo.of(named[1]) if named else None



async def _load(ctx: Context, number: str) -> Organisation:
    return Organisation.of(organisation_number(number))


@strawberry.type
class OrganisationQuery:
    @strawberry.field(
        description="An organisation by organisation number (10 digits; NNNNNN-NNNN and SE... forms accepted)."
    )
    def organisation(self, organisation_number: str) -> Organisation | None:
        # Nullable although it calls no upstream: a malformed number is a field error, and must not null the siblings.
        return Organisation.of(organisation_number_normalised(organisation_number))


def organisation_number_normalised(value: str) -> str:
    return organisation_number(value, argument="organisationNumber")


async def seed(run: SeedRun) -> None:
    """Every organisation the other seeds' answers mention, with every link the other modules add to it
    (`HubLink.seed`), so the whole hub answers offline."""
    numbers: list[str | None] = []

    def collect(value: object) -> None:
        # Any `organisationNumber` anywhere in an answer.
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "organisationNumber" and isinstance(child, str):
                    numbers.append(child)
                else:
                    collect(child)
        elif isinstance(value, list):
            for child in value:
                collect(child)

    collect(list(run.answers))
    for number in distinct(numbers, 10 * run.max_follow):
        await run.execute(
            f"query S($o: String!) {{ organisation(organisationNumber: $o) {{ name {run.links(Organisation)} }} }}",
            {"o": number})


MODULE = GraphModule(
    name="organisations",
    hub=True,
    query=OrganisationQuery,
    types=(Organisation,),
    nodes={"Organisation": _load},
    seed=seed,
)
