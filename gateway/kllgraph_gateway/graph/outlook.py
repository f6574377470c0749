"""Occupation.outlook: Arbetsförmedlingen's Yrkesbarometer assessment of an occupation, for the country or a län.

The join (H, official taxonomy docs barometer-occupation.html): a barometer occupation is a taxonomy concept of type
`barometer-occupation` that is `related` to the occupation-names it aggregates; the file's rows carry its id as
`yb_concept_id` (M) and a län code as `lan` ("00" = the whole country). So an occupation's outlook is the row of
(its barometer occupation, the län asked for), or null.

No SSYK fallback. An occupation-name that no barometer occupation relates to has no outlook (null), although the
file also names an SSYK group per row: AF describes barometer occupations as "often within a single SSYK level 4
group", sometimes "part of or a merge of" groups (H), the taxonomy relation is what says which occupation-names a
barometer occupation assesses, and the fields that might tell a whole-group row from a partial one
(`delvis_helt`, `antal_ssyk`) have unknown meaning (L). Joining on the SSYK code would therefore hand one
occupation another one's assessment; the answer stays null instead. Likewise an occupation-name related to more
than one barometer occupation (not seen; the docs describe each as a collection of occupation-names) has no single
assessment, and answers null rather than one picked.

Cost: the file (about 5.7 MB) and the barometer-occupation mirror are read whole, preloaded at startup and
refreshed in the background (`preload`), and indexed once per cache fill (`_derived`). A request reads the indexes
once (`Context.once`): any number of outlooks in one request costs at most one download of each, and none when
they are cached.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, TypeVar

import strawberry

from .._errors import UpstreamError
from .._keys import region_code as checked_region_code
from .._resilience import RequestBudget
from ..connectors import taxonomy, yrkesbarometer
from ..connectors.taxonomy.models import BarometerOccupationConcept
from ..connectors.yrkesbarometer.models import BarometerRow
from ._common import TaxonomyConcept
from ._context import Context, Info, Memo
from ._derived import derived
from ._module import GraphModule, hub_link
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct
from .geography import Region, load_region
from .occupations import Occupation

__all__ = ["MODULE", "WHOLE_COUNTRY", "DemandForecast", "JobOpportunities", "OccupationOutlook",
           "RecruitmentSituation", "outlook_for", "preload", "seed"]

WHOLE_COUNTRY = "00"  # the file's `lan` for the national assessment (M+)


@strawberry.enum(description="Yrkesbarometer `jobbmojligheter`: the current chances of getting a job in the "
                             "occupation, as Arbetsförmedlingen assesses them (value set M+: several clients agree).")
class JobOpportunities(Enum):
    SMALL = strawberry.enum_value("små", description="The file's \"små\": small chances")
    MEDIUM = strawberry.enum_value("medelstora", description="The file's \"medelstora\": medium chances")
    LARGE = strawberry.enum_value("stora", description="The file's \"stora\": large chances")


@strawberry.enum(description="Yrkesbarometer `rekryteringssituation`: employers' current recruitment situation in "
                             "the occupation (value set M+: several clients agree).")
class RecruitmentSituation(Enum):
    SURPLUS = strawberry.enum_value("överskott", description="The file's \"överskott\": more job seekers than jobs")
    BALANCE = strawberry.enum_value("balans", description="The file's \"balans\": supply and demand in balance")
    PARADOX = strawberry.enum_value(
        "paradox", description="The file's \"paradox\": recruitment is hard although there is a potential supply "
        "(e.g. people working part time, unemployed or recently in the occupation; see `paradox`); AF's own texts "
        "add that a shortage may occur (M)")
    SHORTAGE = strawberry.enum_value("brist", description="The file's \"brist\": a shortage of workers")


@strawberry.enum(description="Yrkesbarometer `prognos`: how demand for workers in the occupation is expected to "
                             "develop over five years (value set M+: several clients agree).")
class DemandForecast(Enum):
    INCREASE = strawberry.enum_value("öka", description="The file's \"öka\": demand will increase")
    UNCHANGED = strawberry.enum_value("vara oförändrad",
                                      description="The file's \"vara oförändrad\": demand will stay the same")
    DECREASE = strawberry.enum_value("minska", description="The file's \"minska\": demand will decrease")


_E = TypeVar("_E", JobOpportunities, RecruitmentSituation, DemandForecast)


def _known(kind: type[_E], word: str | None) -> _E | None:
    """The enum member for the file's word; None for null and for a word outside the documented set (the raw word
    is still answered, in the `...Word` field): an unknown word is never guessed into a member."""
    if word is None:
        return None
    try:
        return kind(word.strip())
    except ValueError:
        return None


@strawberry.type(description=(
    "Arbetsförmedlingen's Yrkesbarometer assessment of one barometer occupation in the whole country or one län "
    "(one row of the open file yrkesbarometer.json; published twice a year, CC0). Values are the upstream's own: "
    "the enums map its documented words, the `...Word` fields keep the word as the file has it. Confidence: the "
    "file and its taxonomy join H, its field names M+, the meaning of `highestAssessmentLevel` and `ssykCoverage` L."))
class OccupationOutlook:
    barometer_occupation: TaxonomyConcept = strawberry.field(
        description="The barometer occupation assessed (taxonomy concept of type barometer-occupation; id = the "
        "file's `yb_concept_id`), which the taxonomy relates to this occupation")
    region_code: str = strawberry.field(description="The file's `lan`: SCB länskod, or \"00\" for the whole country")
    job_opportunities: JobOpportunities | None = strawberry.field(
        description="Current chances of getting a job (`jobbmojligheter`); null when the file has none or a word "
        "outside små/medelstora/stora (then see `jobOpportunitiesWord`)")
    job_opportunities_word: str | None = strawberry.field(description="`jobbmojligheter` as the file has it")
    job_opportunities_text: str | None = strawberry.field(
        description="Arbetsförmedlingen's own sentence on job opportunities (`text_jobbmojligheter`, Swedish)")
    recruitment_situation: RecruitmentSituation | None = strawberry.field(
        description="Employers' current recruitment situation (`rekryteringssituation`); null when the file has "
        "none or a word outside överskott/balans/paradox/brist")
    recruitment_situation_word: str | None = strawberry.field(
        description="`rekryteringssituation` as the file has it")
    recruitment_situation_text: str | None = strawberry.field(
        description="Arbetsförmedlingen's own sentence on the recruitment situation (`text_rekryteringssituation`, "
        "Swedish; in the rows seen it also states the five-year forecast, M)")
    paradox: list[str] = strawberry.field(
        description="The file's `paradox` list, as it has it: what qualifies a paradox situation (words not "
        "documented, M for the list itself); empty when it has none")
    forecast: DemandForecast | None = strawberry.field(
        description="Five-year demand forecast (`prognos`); null when the file has none or a word outside "
        "öka/vara oförändrad/minska")
    forecast_word: str | None = strawberry.field(description="`prognos` as the file has it")
    round: str | None = strawberry.field(
        description="The publication round (`omgang`): \"YYYY-1\" spring, \"YYYY-2\" autumn, e.g. \"2026-1\"")
    taxonomy_version: int | None = strawberry.field(
        description="The taxonomy version the barometer occupation's id belongs to (`taxonomi_version`, M)")
    occupation_area: str | None = strawberry.field(description="The file's occupation area (`yrkesomrade`)")
    ssyk_code: str | None = strawberry.field(
        description="The SSYK 2012 code the file gives the barometer occupation (`ssyk`), as it has it; informative "
        "only, never used to join (how a barometer occupation over several groups writes it is not seen, L)")
    ssyk_text: str | None = strawberry.field(description="The SSYK group's title as the file has it (`ssyk_text`)")
    description: str | None = strawberry.field(description="`yb_beskrivning` (null in every row seen)")
    highest_assessment_level: str | None = strawberry.field(
        description="`hogsta_bedomningsniva`, as the file has it, e.g. \"nationellt\" (meaning not documented, L: "
        "apparently the finest geographic level Arbetsförmedlingen assessed the occupation at)")
    ssyk_coverage: str | None = strawberry.field(
        description="`delvis_helt`, as the file has it, e.g. \"delvis\" (meaning not documented, L: apparently "
        "whether the barometer occupation covers part or the whole of its SSYK group)")
    source: SourceInfo

    @strawberry.field(description="The län assessed (Region, keyed by SCB länskod); null for the whole country")
    async def region(self, info: Info) -> Region | None:
        if self.region_code == WHOLE_COUNTRY:
            return None
        return await load_region(info.context, self.region_code)

    @classmethod
    def of(cls, row: BarometerRow, concept: BarometerOccupationConcept) -> OccupationOutlook:
        return cls(
            barometer_occupation=TaxonomyConcept.from_ref(concept),
            region_code=row.lan,
            job_opportunities=_known(JobOpportunities, row.jobbmojligheter),
            job_opportunities_word=row.jobbmojligheter,
            job_opportunities_text=row.text_jobbmojligheter,
            recruitment_situation=_known(RecruitmentSituation, row.rekryteringssituation),
            recruitment_situation_word=row.rekryteringssituation,
            recruitment_situation_text=row.text_rekryteringssituation,
            paradox=list(row.paradox or []),
            forecast=_known(DemandForecast, row.prognos),
            forecast_word=row.prognos,
            round=row.omgang,
            taxonomy_version=row.taxonomi_version,
            occupation_area=row.yrkesomrade,
            ssyk_code=row.ssyk,
            ssyk_text=row.ssyk_text,
            description=row.yb_beskrivning,
            highest_assessment_level=row.hogsta_bedomningsniva,
            ssyk_coverage=row.delvis_helt,
            source=SourceInfo.of(yrkesbarometer.SOURCE),
        )


# --- indexes, built once per cache fill -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BarometerConcepts:
    """The taxonomy's barometer occupations, by the occupation-names they relate to."""

    by_occupation: dict[str, list[BarometerOccupationConcept]] = field(default_factory=dict)

    @classmethod
    def build(cls, concepts: Sequence[BarometerOccupationConcept]) -> BarometerConcepts:
        index = cls()
        for concept in concepts:
            for occupation in concept.related:
                index.by_occupation.setdefault(occupation.id, []).append(concept)
        return index


@dataclass(frozen=True, slots=True)
class BarometerRows:
    """The file's rows by (barometer concept id, län)."""

    by_key: dict[tuple[str, str], BarometerRow] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Sequence[BarometerRow]) -> BarometerRows:
        index = cls()
        for row in rows:
            # One row per (barometer occupation, län) (M+: 219 x 22 = 4,818 rows); a repeat keeps the first.
            index.by_key.setdefault((row.yb_concept_id, row.lan), row)
        return index


_CONCEPTS = Memo[BarometerConcepts | UpstreamError]("taxonomy barometer-occupation index")
_ROWS = Memo[BarometerRows | UpstreamError]("yrkesbarometer rows by (barometer occupation, län)")
_Index = TypeVar("_Index", BarometerConcepts, BarometerRows)


async def _index_once(ctx: Context, key: Memo[_Index | UpstreamError], read: Callable[[], Awaitable[_Index]]) -> _Index:
    """`read()` at most once per request. A failed read is kept for the rest of the request too, so every field
    that asks shares the one attempt and its error, instead of asking the failing upstream again in turn."""

    async def build() -> _Index | UpstreamError:
        try:
            return await read()
        except UpstreamError as error:
            return error

    built = await ctx.once(key, build)
    if isinstance(built, UpstreamError):
        raise built
    return built


async def _barometer_concepts(ctx: Context) -> BarometerConcepts:
    async def read() -> BarometerConcepts:
        concepts = await taxonomy.api.barometer_occupations(ctx.source("taxonomy"))
        return derived(concepts, BarometerConcepts, lambda: BarometerConcepts.build(concepts))

    return await _index_once(ctx, _CONCEPTS, read)


async def _barometer_rows(ctx: Context) -> BarometerRows:
    async def read() -> BarometerRows:
        rows = await yrkesbarometer.api.rows(ctx.source("yrkesbarometer"))
        return derived(rows, BarometerRows, lambda: BarometerRows.build(rows))

    return await _index_once(ctx, _ROWS, read)


async def outlook_for(ctx: Context, occupation_id: str, region_code: str | None) -> OccupationOutlook | None:
    """The Yrkesbarometer outlook of an occupation-name in a län (SCB länskod; None or "00" = the whole country).

    None when no barometer occupation relates to the occupation (or more than one does), or the file has no row
    for it in that län. A malformed `region_code` is BAD_USER_INPUT naming the argument `region`, before any
    upstream request. Cost per GraphQL request, however many calls: at most one taxonomy request and one file
    download, none when cached (the preload keeps both cached). A failing source raises its own error
    (`extensions.source` "taxonomy" or "yrkesbarometer"); only the field asking fails.
    """
    lan = WHOLE_COUNTRY if region_code is None else checked_region_code(region_code, argument="region")
    related = (await _barometer_concepts(ctx)).by_occupation.get(occupation_id, [])
    if len(related) != 1:
        return None  # none, or several: no single assessment (module docstring)
    concept = related[0]
    # The file is read only for an occupation that has a barometer occupation.
    row = (await _barometer_rows(ctx)).by_key.get((concept.id, lan))
    return OccupationOutlook.of(row, concept) if row is not None else None


async def _occupation_outlook(
    root: Occupation, info: Info,
    region: Annotated[str | None, strawberry.argument(
        description="SCB länskod, 2 digits (e.g. \"01\" Stockholms län); null or \"00\": the whole country")] = None,
) -> OccupationOutlook | None:
    return await outlook_for(info.context, str(root.id), region)


# --- snapshot seed and preload ------------------------------------------------------------------------------------


async def seed(run: SeedRun) -> None:
    """Every occupation's outlook, nationally and in each county the geography mirror lists (the file and the mirror
    are one request each however many are asked, so one query records both)."""
    data = await run.execute("{ regions { code } }", None)
    codes = distinct([r.get("code") for r in data.get("regions") or []], run.max_follow)
    by_county = " ".join(f'r{code}: outlook(region: "{code}") {{ forecast region {{ code name }} }}' for code in codes)
    await run.execute(f"{{ occupations(first: 100) {{ edges {{ node {{ id outlook {{ forecast jobOpportunities }} "
                      f"{by_county} }} }} }} }}", None)


async def _preload_file(ctx: Context) -> None:
    if not ctx.refresh:
        await yrkesbarometer.api.rows(ctx.source("yrkesbarometer"))
        return
    # A plain read first: the cached copy if it is fresh (its remaining life lands in the budget), else a download.
    budget = RequestBudget(deadline=ctx.budget.deadline)
    await yrkesbarometer.api.rows(ctx.upstream.client("yrkesbarometer", budget=budget))
    if budget.fresh_for < 2 * ctx.settings.metadata_refresh_seconds:
        await yrkesbarometer.api.rows(ctx.source("yrkesbarometer"))


async def preload(ctx: Context) -> None:
    """The barometer-occupation mirror and the Yrkesbarometer file (concurrently), so no client request waits for
    them; a failure of one does not keep the other from loading.

    The background refresh runs every `metadata_refresh_seconds` (an hour by default) and would otherwise download
    the 5.7 MB file each time; the file changes twice a year, so a refresh round downloads it only when the cached
    copy would expire before the next two rounds (about once per TTL, a day). The mirror is refreshed every round,
    like the other taxonomy mirrors.
    """
    results = await asyncio.gather(taxonomy.api.barometer_occupations(ctx.source("taxonomy")), _preload_file(ctx),
                                   return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


MODULE = GraphModule(
    name="outlook",
    connectors=(yrkesbarometer, taxonomy),
    types=(OccupationOutlook,),
    seed=seed,
    preload=preload,
    links=(
        hub_link(Occupation, "outlook", _occupation_outlook,
                 description=(
                     "Arbetsförmedlingen's Yrkesbarometer outlook for this occupation (job opportunities, recruitment "
                     "situation, five-year demand forecast), in the whole country or one län. Joined through the "
                     "taxonomy: the barometer occupation `related` to this occupation-name (H). Null when none is "
                     "related (or several are), or the file has no row for it in that län: never guessed, and never "
                     "joined on the SSYK code (a barometer occupation may be part of, or a merge of, SSYK groups).")),
    ),
)
