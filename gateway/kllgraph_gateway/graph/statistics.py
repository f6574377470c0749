"""SCB Statistikdatabasen: StatisticsTable, its rows, and the SCB figures the hubs show.

Hub figures (population of a municipality or county; employees and monthly wage of an SSYK 2012 group) each read
ONE data request per table however many hub objects ask: the selection takes every value of the key variable
(`*`, e.g. all 312 regions or all SSYK codes) for the latest period, the response is cached, and each DataLoader
indexes it locally. That costs a few hundred cells (far below maxDataCells) and, unlike one selection per batch
of codes, gives the same request -- and the same cache entry and snapshot recording -- for any mix of hubs.
The table ids and variable codes live in one `FigureTable` constant each (see tools/snapshot_world/scb/PROVENANCE.md
for how well each is verified).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import strawberry

from .. import _keys as keys
from .._errors import BadUserInput, UpstreamBadPayload
from .._pagination import Block, Connection, fetch_window, window
from ..connectors import scb
from ..connectors.scb.api import Selection, check_table_id
from ..connectors.scb.jsonstat import JsonStatDataset, Row, TableMetadata, decode_rows
from ..connectors.scb.models import Table
from ..connectors.scb.resolve import TableSpec
from ._context import Context, Info, Loader
from ._module import GraphModule, hub_link
from ._node import Node, global_id
from ._provenance import SourceInfo
from ._seeds import SeedRun, distinct
from .geography import Municipality, Region
from .occupations import Occupation

__all__ = [
    "EMPLOYEES",
    "MODULE",
    "MONTHLY_WAGE",
    "POPULATION",
    "FigureTable",
    "OccupationStatistics",
    "SelectionInput",
    "StatisticFigure",
    "StatisticsQuery",
    "StatisticsRow",
    "StatisticsTable",
    "load_statistics_table",
    "municipality_population",
    "occupation_monthly_wage",
    "occupation_statistics",
    "region_population",
    "seed",
]


@dataclass(frozen=True, slots=True)
class FigureTable:
    """Where one hub figure comes from: the table spec (pinned id or search; see connectors/scb/resolve.py)."""

    name: str
    spec: TableSpec
    unit: str | None = None  # used when the table's ContentsCode carries no unit
    count: bool = False  # the figure counts people (a whole number), not e.g. an average


# Folkmängden per månad (BE0101): Region holds riket "00", län (2 digits) and kommuner (4 digits). Verified
# against the recorded TAB6471 metadata (H): Alder total is "TotSA", Kon total "TotSa", content "000007SF".
POPULATION = FigureTable("population", TableSpec(
    title="population by region", table_id="TAB6471", key_variable="Region", key_pattern=r"\d{4}",
    fixed=(("Alder", "TotSA"), ("Kon", "TotSa"), ("ContentsCode", "000007SF")),
), unit="antal", count=True)
# Yrkesregistret (AM0208), employees 16-64 by SSYK 2012. No PxWebApi 2.0 id of v1's regional YREG60BAS was found,
# so the table is found at run time: one client names TAB4449 for v1's national YREG50BAS (sector x SSYK4 x sex,
# M) and TAB4446 has Yrke2012 x SUN 2020 x age x sex (M); either fits when its other variables can be left out
# (SCB then answers the total over them). The figure is national either way (the graph asks for no region).
# Words, label match and the 4-digit check are ours (M): the labels of both say "Anställda 16-64 år ... yrke
# (SSYK 2012)" in third-party clients' output.
EMPLOYEES = FigureTable("employees", TableSpec(
    title="employees by SSYK 2012", search="anställda yrke SSYK 2012", label_words=("anställda", "ssyk 2012"),
    key_variable="Yrke2012", key_pattern=r"\d{4}", content_words=("anställda",),
), unit="antal", count=True)
# Lönestrukturstatistik (AM0110), monthly wage by sector, SSYK 2012 and sex: TAB5932 is v1's LoneSpridSektYrk4AN
# (H: its label in a seeded table list, a client's docstring, four clients querying it). Sektor "0" = samtliga
# sektorer, Kon "1+2" = totalt, ContentsCode "000007CD" = månadslön (medelvärde) (M-H, consistent across clients).
MONTHLY_WAGE = FigureTable("wage", TableSpec(
    title="average monthly wage by SSYK 2012", table_id="TAB5932", key_variable="Yrke2012", key_pattern=r"\d{4}",
    fixed=(("Sektor", "0"), ("Kon", "1+2"), ("ContentsCode", "000007CD")),
), unit="kronor")


@strawberry.type(description="One value of a statistics variable.")
class StatisticsValue:
    code: str
    label: str


@strawberry.type(description="A variable (dimension) of an SCB table, with every value it can take.")
class StatisticsVariable:
    code: str = strawberry.field(description="Variable code, as used in SelectionInput.variableCode")
    label: str
    is_time: bool = strawberry.field(description="The table's time variable (periods)")
    elimination: bool = strawberry.field(
        description="May be left out of a selection (SCB then returns the total over it)"
    )
    values: list[StatisticsValue]


@strawberry.type(description="A row's coordinate on one variable: the variable and its value, each code and label.")
class StatisticsDimension:
    variable_code: str
    variable_label: str
    code: str
    label: str


@strawberry.type(description="One cell of a table: its value at one combination of variable values.")
class StatisticsRow:
    dimensions: list[StatisticsDimension]
    value: float | None = strawberry.field(description="Null where SCB publishes no value (see status)")
    status: str | None = strawberry.field(description="SCB's status symbol for the cell, if any")


@strawberry.input(description="The values of one variable to fetch (codes, or expressions like `*` or top(3)).")
class SelectionInput:
    variable_code: str
    value_codes: list[str]
    codelist: str | None = strawberry.field(
        default=None, description="A codelist (value set / aggregation) of the variable to select from"
    )


@strawberry.type(description="An SCB figure shown on a hub: one value with its unit, period and table.")
class StatisticFigure:
    value: float = strawberry.field(description="The figure as SCB publishes it (a JSON number); for counts of "
                                                "people also in `count`, as a whole number")
    count: int | None = strawberry.field(description="The figure as a whole number where it counts people "
                                                     "(population, employees); null where it is not a count, e.g. "
                                                     "an average wage")
    unit: str | None
    period: str = strawberry.field(description="The table's period code, e.g. 2026M04 or 2024")
    table_id: str = strawberry.field(description="The SCB table it was read from (found by search where SCB's "
                                                 "PxWebApi 2.0 id is not verified; see the README)")
    label: str = strawberry.field(description="What the value measures (the table content's label)")
    status: str | None = strawberry.field(description="SCB's status symbol for the cell, if any. The offline "
                                                       "snapshot marks composed figures with \"kll-komponerad\"")
    source: SourceInfo


@strawberry.type(description="SCB figures for an SSYK 2012 occupation group, where SCB publishes them. Each figure "
                             "reads its own table, only when it is selected.")
class OccupationStatistics:
    ssyk_code: str
    ctx: strawberry.Private[Context]

    @strawberry.field(description="Employees aged 16-64 in Sweden, all sectors, women and men (Yrkesregistret; the "
                                  "table is found by search and is national: no regional breakdown); null where SCB "
                                  "publishes none for the group")
    async def employees(self) -> StatisticFigure | None:
        return await _figures_for(self.ctx, EMPLOYEES, self.ssyk_code)

    @strawberry.field(description="Average monthly wage, all sectors, women and men (Lönestrukturstatistik); null "
                                  "where SCB publishes none for the group")
    async def monthly_wage(self) -> StatisticFigure | None:
        return await _figures_for(self.ctx, MONTHLY_WAGE, self.ssyk_code)


def _variables_of(table_metadata: TableMetadata) -> list[StatisticsVariable]:
    times = set(table_metadata.time_variables)
    return [
        StatisticsVariable(
            code=dimension_id, label=dimension.label or dimension_id, is_time=dimension_id in times,
            elimination=dimension.elimination,
            values=[StatisticsValue(code=c, label=dimension.label_of(c)) for c in dimension.codes()],
        )
        for dimension_id, dimension in table_metadata.dimensions()
    ]


def _periods(table_metadata: TableMetadata) -> tuple[str | None, str | None]:
    for variable in table_metadata.time_variables:
        codes = table_metadata.dimension[variable].codes()
        if codes:
            return codes[0], codes[-1]
    return None, None


@strawberry.type(description="A table of SCB's Statistikdatabasen (PxWebApi 2.0).")
class StatisticsTable(Node):
    id: strawberry.ID = strawberry.field(description="SCB table id, e.g. TAB6471")
    label: str
    updated: str | None
    first_period: str | None
    last_period: str | None
    subject_code: str | None = strawberry.field(description="SCB subject area, e.g. BE (Befolkning)")
    time_unit: str | None = strawberry.field(description="Monthly, Annual, ... (from the table list)")
    source: SourceInfo

    @classmethod
    def from_table(cls, table: Table) -> StatisticsTable:
        return cls(node_id=global_id("StatisticsTable", table.id), id=strawberry.ID(table.id), label=table.label,
                   updated=table.updated, first_period=table.firstPeriod, last_period=table.lastPeriod,
                   subject_code=table.subjectCode, time_unit=table.timeUnit, source=SourceInfo.of(scb.SOURCE))

    @classmethod
    def from_metadata(cls, table_id: str, table_metadata: TableMetadata) -> StatisticsTable:
        first, last = _periods(table_metadata)
        px = (table_metadata.extension or {}).get("px") or {}
        subject = px.get("subject-code")
        return cls(node_id=global_id("StatisticsTable", table_id), id=strawberry.ID(table_id),
                   label=table_metadata.label or table_id, updated=table_metadata.updated, first_period=first,
                   last_period=last, subject_code=subject if isinstance(subject, str) else None, time_unit=None,
                   source=SourceInfo.of(scb.SOURCE))

    @strawberry.field(description="The table's variables with all their values (from the table's metadata).")
    async def variables(self, info: Info) -> list[StatisticsVariable] | None:
        table_metadata = await _metadata(info.context, str(self.id))
        return _variables_of(table_metadata) if table_metadata else []

    @strawberry.field(description="The cells of a selection, row-major as SCB sends them. Selections above SCB's "
                                  "maxDataCells (GET /config) are refused with BAD_USER_INPUT.")
    async def rows(self, info: Info, selection: list[SelectionInput]) -> list[StatisticsRow] | None:
        if not selection:
            raise BadUserInput("give at least one variable to select", argument="selection")
        table_metadata = await _metadata(info.context, str(self.id))
        if table_metadata is None:
            return []
        choices = [Selection(s.variable_code, tuple(s.value_codes), s.codelist) for s in selection]
        dataset = await scb.api.data(info.context.source("scb"), str(self.id), choices,
                                     table_metadata=table_metadata)
        return [
            StatisticsRow(
                dimensions=[StatisticsDimension(variable_code=c.variable_code, variable_label=c.variable_label,
                                                code=c.code, label=c.label) for c in row.dimensions],
                value=row.value, status=row.status,
            )
            for row in decode_rows(dataset)
        ]


_METADATA = Loader[str, TableMetadata | None]("SCB table metadata by table id")


async def _metadata(ctx: Context, table_id: str) -> TableMetadata | None:
    """A table's metadata through this request's DataLoader. PxWebApi has no multi-table metadata call, so a
    list of N tables asking for variables costs N metadata requests (each cached); SCB's own rate limit applies."""

    async def load(ids: list[str]) -> list[TableMetadata | None]:
        client = ctx.source("scb")
        return list(await asyncio.gather(*(scb.api.metadata(client, i) for i in ids)))

    return await ctx.loader(_METADATA, load).load(check_table_id(table_id))


async def load_statistics_table(ctx: Context, table_id: str) -> StatisticsTable | None:
    table_metadata = await _metadata(ctx, table_id)
    return StatisticsTable.from_metadata(table_id, table_metadata) if table_metadata else None


# --- hub figures -------------------------------------------------------------------------------------------------

async def figure_index(ctx: Context, figure: FigureTable) -> dict[str, StatisticFigure]:
    """Every key of `figure`'s table at its latest period, from one cached data request.

    The table is resolved and checked against its metadata first (UPSTREAM_BAD_PAYLOAD, source scb, on drift)."""
    client = ctx.source("scb")
    resolved = await scb.resolve.resolve_table(client, figure.spec, cache=ctx.upstream.cache)
    table_id, key_variable = resolved.table_id, figure.spec.key_variable
    dataset = await scb.api.data(client, table_id, resolved.selection, table_metadata=resolved.metadata)
    if key_variable not in dataset.dimension:
        raise UpstreamBadPayload("scb", f"data of table {table_id} ({figure.spec.title}) has no variable "
                                        f"{key_variable!r}")
    figures: dict[str, StatisticFigure] = {}
    for row in decode_rows(dataset):
        key = row.code(key_variable)
        if key is None or row.value is None or key in figures:
            continue
        figures[key] = _figure(row, row.value, dataset, figure, resolved.period_variable, table_id,
                               resolved.latest_period)
    return figures


def _figure(row: Row, value: float, dataset: JsonStatDataset, figure: FigureTable, period_variable: str,
            table_id: str, latest_period: str) -> StatisticFigure:
    """One cell of a figure table, with its unit and label from the table's ContentsCode."""
    contents = dataset.dimension.get("ContentsCode")
    content = row.code("ContentsCode")
    unit = contents.category.unit.get(content) if contents and contents.category.unit and content else None
    label = contents.label_of(content) if contents and content else (dataset.label or table_id)
    return StatisticFigure(
        value=value, count=int(value) if figure.count and float(value).is_integer() else None,
        unit=(unit.base if unit and unit.base else figure.unit),
        period=row.code(period_variable) or latest_period, table_id=table_id, label=label,
        status=row.status, source=SourceInfo.of(scb.SOURCE),
    )


_FIGURES = Loader[str, StatisticFigure | None]("SCB figures by key, per figure table")


async def _figures_for(ctx: Context, figure: FigureTable, key: str) -> StatisticFigure | None:
    async def load(keys: list[str]) -> list[StatisticFigure | None]:
        index = await figure_index(ctx, figure)
        return [index.get(k) for k in keys]

    return await ctx.loader(_FIGURES, load, variant=figure.name).load(key)


async def municipality_population(ctx: Context, municipality_code: str) -> StatisticFigure | None:
    """Population of a municipality (kommunkod) at the latest month SCB publishes (TAB6471)."""
    return await _figures_for(ctx, POPULATION, keys.municipality_code(municipality_code))


async def region_population(ctx: Context, region_code: str) -> StatisticFigure | None:
    """Population of a county (länskod) at the latest month SCB publishes (TAB6471)."""
    return await _figures_for(ctx, POPULATION, keys.region_code(region_code))


async def occupation_monthly_wage(ctx: Context, ssyk_code: str) -> StatisticFigure | None:
    """Average monthly wage of an SSYK 2012 group (TAB5932), batched with every other group's in the request."""
    return await _figures_for(ctx, MONTHLY_WAGE, keys.ssyk_code(ssyk_code))


async def occupation_statistics(ctx: Context, ssyk_code: str) -> OccupationStatistics:
    """Employees and average monthly wage of an SSYK 2012 group, each read from its own table when asked for (a
    request selecting only `employees` never reads the wage table). A failure of one table is raised by its own
    field only (partial data with an error carrying extensions.source); the other figure still shows."""
    return OccupationStatistics(ssyk_code=keys.ssyk_code(ssyk_code), ctx=ctx)


# --- root fields --------------------------------------------------------------------------------------------------

@strawberry.type
class StatisticsQuery:
    @strawberry.field(description="SCB tables (GET /tables), optionally matching a search `query`.")
    async def statistics_tables(
        self, info: Info, query: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[StatisticsTable] | None:
        ctx = info.context
        win = window(first, after, max_page_size=ctx.settings.max_page_size)
        page_size = scb.SOURCE.page_size

        async def fetch_block(index: int) -> Block[StatisticsTable]:
            response = await scb.api.tables(ctx.source("scb"), query=query or None, page_number=index + 1,
                                            page_size=page_size)
            total = response.page.totalElements
            if len(response.tables) < page_size:
                # A short page is the last one: trust it over totalElements, so paging always ends (the recorded
                # first page in the offline snapshot is trimmed to 3 tables but still says 4246).
                total = index * page_size + len(response.tables)
            return Block([StatisticsTable.from_table(t) for t in response.tables], total)

        items, total, has_next = await fetch_window(win, block_size=page_size, fetch_block=fetch_block)
        return Connection[StatisticsTable].from_window(items, win, total=total, has_next=has_next)

    @strawberry.field(description="An SCB table by id (e.g. TAB6471), described by its metadata.")
    async def statistics_table(self, info: Info, id: strawberry.ID) -> StatisticsTable | None:
        return await load_statistics_table(info.context, check_table_id(str(id)))


# --- snapshot seed ------------------------------------------------------------------------------------------------

# The recorded TAB6471 data sample's own selection, so the snapshot replays that real response verbatim.
SAMPLE_SELECTION: tuple[Selection, ...] = (
    Selection("Region", ("01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19",
                         "20", "21", "22", "23", "24", "25")),
    Selection("Alder", ("0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90-99",
                        "100+10")),
    Selection("Kon", ("TotSa", "1", "2")),
    Selection("ContentsCode", ("000007SF",)),
    Selection("Tid", ("2026M01", "2026M02", "2026M03", "2026M04")),
)

_ROWS_QUERY = """query SeedRows($id: ID!, $selection: [SelectionInput!]!) {
  statisticsTable(id: $id) { id rows(selection: $selection) { dimensions { variableCode code } value } }
}"""


def _selection_variables(selection: Sequence[Selection]) -> list[dict[str, object]]:
    return [{"variableCode": s.variable_code, "valueCodes": list(s.value_codes), "codelist": s.codelist}
            for s in selection]


async def seed(run: SeedRun) -> None:
    """Table list and search, the hub figures (table search, metadata and one data request per figure table), each
    figure table as a StatisticsTable, and the sample rows."""
    execute, max_follow = run.execute, run.max_follow
    listed = await execute("{ statisticsTables(first: 20) { totalCount edges { node { id label nodeId } } } }", None)
    # The ids the table list issues, read back through `node(id:)` (one metadata request each).
    edges = (listed.get("statisticsTables") or {}).get("edges", [])
    for node_id in distinct([edge["node"].get("nodeId") for edge in edges], max_follow):
        await execute("query SeedNode($id: ID!) { node(id: $id) { nodeId } }", {"id": node_id})
    await execute('{ statisticsTables(query: "befolkning", first: 20) { totalCount edges { node { id } } } }', None)
    # Through the hubs themselves, so the snapshot holds exactly the requests they make (search included).
    data = await execute(f"""{{
      occupations(first: {max_follow}) {{ edges {{ node {{ ssykCode
        statistics {{ employees {{ tableId value }} monthlyWage {{ tableId value }} }} }} }} }}
      regions {{ population {{ tableId value }} }}
    }}""", None)
    table_ids = {POPULATION.spec.table_id, MONTHLY_WAGE.spec.table_id}
    for edge in (data.get("occupations") or {}).get("edges", []):
        for figure in ((edge["node"].get("statistics") or {}).get("employees"),):
            if figure:
                table_ids.add(figure["tableId"])
    for table_id in sorted(t for t in table_ids if t):
        await execute("query SeedTable($id: ID!) { statisticsTable(id: $id) { id lastPeriod variables { code } } }",
                      {"id": table_id})
    await execute(_ROWS_QUERY, {"id": "TAB6471", "selection": _selection_variables(SAMPLE_SELECTION)})


async def preload(ctx: Context) -> None:
    """SCB's /config (its published call limit becomes the rate limiter) and every figure table: found (the table
    search), checked against its metadata. The data itself is read per request."""
    client = ctx.source("scb")
    await scb.api.install_limits(client)
    await asyncio.gather(*(scb.resolve.resolve_table(client, figure.spec, cache=ctx.upstream.cache)
                           for figure in (POPULATION, EMPLOYEES, MONTHLY_WAGE)))


async def _region_population(root: Region, info: Info) -> StatisticFigure | None:
    return await region_population(info.context, root.code)


async def _municipality_population(root: Municipality, info: Info) -> StatisticFigure | None:
    return await municipality_population(info.context, root.code)


async def _occupation_statistics(root: Occupation, info: Info) -> OccupationStatistics | None:
    return await occupation_statistics(info.context, root.ssyk_code) if root.ssyk_code else None


MODULE = GraphModule(
    name="statistics",
    connectors=(scb,),
    query=StatisticsQuery,
    types=(StatisticsTable,),
    nodes={"StatisticsTable": load_statistics_table},
    seed=seed,
    preload=preload,
    links=(
        hub_link(Region, "population", _region_population,
                 description="Population at the latest month SCB publishes.", seed="population { value }"),
        hub_link(Municipality, "population", _municipality_population,
                 description="Population at the latest month SCB publishes.", seed="population { value }"),
        hub_link(Occupation, "statistics", _occupation_statistics,
                 description="SCB figures for the occupation's SSYK 2012 group: employees and monthly wage."),
    ),
)
