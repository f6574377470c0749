"""StatisticsTable and the SCB hub figures, end to end: offline from the bundled snapshot and against mocks."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kllgraph_gateway._errors import BadUserInput, UpstreamBadPayload, UpstreamUnavailable
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway.graph._context import Context
from kllgraph_gateway.graph.statistics import (
    SAMPLE_SELECTION,
    municipality_population,
    occupation_statistics,
    region_population,
)

from ...conftest import REPO, SAMPLES
from ..harness import (
    CountingTransport,
    Gateway,
    ad_occupations,
    make_settings,
    running_gateway,
    taxonomy_answer,
    world,
)

MUNICIPALITIES = {"0180": "01", "1480": "14", "1280": "12", "2584": "25", "2180": "21", "0380": "03"}


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def ssyk_codes() -> list[str]:
    """The SSYK groups of the world's core occupations (those its ads are for), which SCB's world figures cover."""
    core = ad_occupations()
    concepts = world("taxonomy_occupations.json")["data"]["concepts"]
    return sorted({g["ssyk_code_2012"] for c in concepts if c["id"] in core for g in c["broader"]})


def context(gateway: Gateway) -> Context:
    return Context(upstream=gateway.upstream, settings=make_settings())


def selection_variables(selection: Any) -> list[dict[str, Any]]:
    return [{"variableCode": s.variable_code, "valueCodes": list(s.value_codes)} for s in selection]


async def test_table_list_and_table_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query("""{
          statisticsTables(first: 3) { totalCount edges { node { id label firstPeriod timeUnit source { name } } } }
          search: statisticsTables(query: "befolkning", first: 20) { totalCount edges { node { id } } }
          statisticsTable(id: "TAB6471") { nodeId id label subjectCode firstPeriod lastPeriod
            variables { code label isTime elimination values { code label } } }
        }""")
        assert "errors" not in body, body
        data = body["data"]
        listed = data["statisticsTables"]
        assert listed["totalCount"] == 3  # the recorded first page is trimmed to 3 tables: a short page ends the list
        assert [e["node"]["id"] for e in listed["edges"]] == ["TAB4707", "TAB4714", "TAB4718"]
        assert listed["edges"][0]["node"]["source"]["name"] == "scb"
        assert data["search"]["totalCount"] >= 3
        table = data["statisticsTable"]
        assert (table["subjectCode"], table["firstPeriod"], table["lastPeriod"]) == ("BE", "2025M01", "2026M04")
        variables = {v["code"]: v for v in table["variables"]}
        assert list(variables) == ["Region", "Alder", "Kon", "ContentsCode", "Tid"]
        assert variables["Tid"]["isTime"] and variables["Region"]["elimination"]
        assert {"code": "2584", "label": "Kiruna"} in variables["Region"]["values"]

        _, body = await gateway.query("query($id: ID!) { node(id: $id) { ... on StatisticsTable { id } } }",
                                      {"id": table["nodeId"]})
        assert body["data"]["node"] == {"id": "TAB6471"}


async def test_rows_of_the_recorded_sample_selection_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query(
            """query($s: [SelectionInput!]!) { statisticsTable(id: "TAB6471") {
                 rows(selection: $s) { dimensions { variableCode variableLabel code label } value status } } }""",
            {"s": selection_variables(SAMPLE_SELECTION)})
    assert "errors" not in body, body
    rows = body["data"]["statisticsTable"]["rows"]
    assert len(rows) == 2772
    assert rows[0]["dimensions"][0] == {"variableCode": "Region", "variableLabel": "region", "code": "01",
                                        "label": "Stockholms län"}
    assert rows[0]["value"] == 245284 and rows[-1]["value"] == 54


async def test_hub_population_one_data_request_for_every_municipality_and_county_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        ctx = context(gateway)
        figures = await asyncio.gather(
            *(municipality_population(ctx, code) for code in MUNICIPALITIES),
            *(region_population(ctx, code) for code in sorted(set(MUNICIPALITIES.values()))),
        )
        calls = dict(gateway.upstream.calls)
    assert all(f is not None for f in figures), figures
    by_code = dict(zip([*MUNICIPALITIES, *sorted(set(MUNICIPALITIES.values()))], figures, strict=True))
    stockholm = by_code["0180"]
    assert stockholm is not None
    assert (stockholm.table_id, stockholm.period, stockholm.unit) == ("TAB6471", "2026M04", "antal")
    assert stockholm.label == "Folkmängden per månad" and 900_000 < stockholm.value < 1_100_000
    assert stockholm.status == "kll-komponerad"  # composed municipal figure (not in the recorded sample)
    assert stockholm.count == stockholm.value and isinstance(stockholm.count, int)  # a head count is whole
    kiruna, stockholms_lan = by_code["2584"], by_code["01"]
    assert kiruna is not None and stockholms_lan is not None
    assert 15_000 < kiruna.value < 30_000 and stockholms_lan.value > stockholm.value
    # Twelve hubs at one level: one /config, one metadata and ONE data request.
    assert calls[("scb", "data")] == 1 and calls[("scb", "metadata")] == 1 and calls[("scb", "config")] == 1


async def test_hub_occupation_statistics_for_every_world_ssyk_code_offline() -> None:
    codes = ssyk_codes()
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        ctx = context(gateway)
        results = await asyncio.gather(*(occupation_statistics(ctx, code) for code in codes))
        figures = await asyncio.gather(*(asyncio.gather(r.employees(), r.monthly_wage()) for r in results))
        calls = dict(gateway.upstream.calls)
    assert len(codes) == 11
    for code, result, (employees, wage) in zip(codes, results, figures, strict=True):
        assert result.ssyk_code == code
        assert employees is not None and wage is not None
        assert isinstance(employees.count, int) and wage.count is None  # an average wage is not a count
        # Employees: the table the search found in the snapshot; wages: the verified TAB5932.
        assert employees.table_id == "TAB4449" and employees.unit == "antal" and employees.value > 1000
        assert wage.table_id == "TAB5932" and wage.unit == "kronor" and 20_000 < wage.value < 120_000
        assert wage.period == "2024"
        # Composed figures say so, per figure (the JSON-stat2 cell status) and in their content label.
        assert employees.status == wage.status == "kll-komponerad"
        assert "(komponerad)" in wage.label
    # One table search (employees), and per table one metadata and one data request, for all occupations.
    assert calls[("scb", "tables")] == 1
    assert calls[("scb", "data")] == 2 and calls[("scb", "metadata")] == 2


async def test_unknown_ssyk_code_has_no_statistics_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        unknown = await occupation_statistics(context(gateway), "9999")
        assert await unknown.employees() is None and await unknown.monthly_wage() is None
        assert await municipality_population(context(gateway), "9999") is None


async def test_bad_input() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query('{ statisticsTable(id: "TAB 6471; drop") { id } }')
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        _, body = await gateway.query("""{ statisticsTable(id: "TAB6471") {
            rows(selection: [{variableCode: "Kommun", valueCodes: ["0180"]}]) { value } } }""")
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        _, body = await gateway.query("""{ statisticsTable(id: "TAB6471") {
            rows(selection: [{variableCode: "Region", valueCodes: ["9998"]}]) { value } } }""")
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        ctx = context(gateway)
        for call in (municipality_population(ctx, "18"), region_population(ctx, "180"),
                     occupation_statistics(ctx, "22x1")):
            with pytest.raises(BadUserInput):
                await call


def _live_scb(fail_tables: frozenset[str] = frozenset(),
              metadata_of: Callable[[str], dict[str, Any]] | None = None) -> httpx.MockTransport:
    """SCB in the 2026 PxWebApi 2.0 shapes: the recorded /config, the recorded search envelope around the world's
    table objects, the world's metadata (or `metadata_of`'s), and a minimal JSON-stat2 answer per data request."""
    scb_world = REPO / "tools" / "snapshot_world" / "scb"
    world_tables = json.loads((scb_world / "composed-tables.json").read_text(encoding="utf-8"))["tables"]

    def metadata(table_id: str) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((scb_world / f"{table_id}-metadata.json").read_text(encoding="utf-8"))
        return metadata_of(table_id) if metadata_of else loaded

    def upstream(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2")
        if path == "/config":
            return httpx.Response(200, json=sample("scb-pxweb-v2-config.json"))
        if path == "/tables" and "query" in request.url.params:
            found = sample("scb-pxweb-v2-tables-search.json")
            words = request.url.params["query"].casefold().split()
            found["tables"] += [t for t in world_tables if all(w in t["label"].casefold() for w in words)]
            return httpx.Response(200, json=found)
        if path == "/tables":
            return httpx.Response(200, json=sample("scb-pxweb-v2-tables.json"))
        table_id = path.split("/")[2]
        if path.endswith("/metadata"):
            return httpx.Response(200, json=metadata(table_id))
        if table_id in fail_tables:
            return httpx.Response(503)
        # A minimal real-shaped answer: one occupation, one value, the first content the request selected.
        content = json.loads(request.content)["selection"]
        code = next(s["valueCodes"][0] for s in content if s["variableCode"] == "ContentsCode")
        label = metadata(table_id)["dimension"]["ContentsCode"]["category"]["label"][code]
        dims = {"Yrke2012": {"label": "Yrke (SSYK 2012)", "category": {"index": {"2221": 0}}},
                "ContentsCode": {"label": "tabellinnehåll", "category": {"index": {code: 0}, "label": {code: label}}},
                "Tid": {"label": "år", "category": {"index": {"2024": 0}}}}
        value = 76400 if table_id == "TAB4449" else 45300
        return httpx.Response(200, json={"version": "2.0", "class": "dataset", "id": list(dims), "size": [1, 1, 1],
                                         "dimension": dims, "role": {"time": ["Tid"]}, "value": [value]})

    return httpx.MockTransport(upstream)


async def test_live_employees_found_by_search_and_wages_from_tab5932() -> None:
    counting = CountingTransport(_live_scb())
    async with running_gateway(counting) as gateway:
        result = await occupation_statistics(context(gateway), "2221")
        employees, wage = await result.employees(), await result.monthly_wage()
    assert employees is not None and (employees.table_id, employees.value, employees.period) == ("TAB4449", 76400,
                                                                                                   "2024")
    assert wage is not None and (wage.table_id, wage.value, wage.unit) == ("TAB5932", 45300, "kronor")
    requests = [(r.method, r.url.path.removeprefix("/api/v2")) for r in counting.requests]
    assert ("GET", "/tables") in requests  # employees: found by search
    assert ("GET", "/tables/TAB5932") not in requests  # wages: the verified id, checked by its metadata only
    posted = {r.url.path: json.loads(r.content) for r in counting.requests if r.method == "POST"}
    assert posted["/api/v2/tables/TAB5932/data"] == {"selection": [
        {"variableCode": "Sektor", "valueCodes": ["0"]}, {"variableCode": "Yrke2012", "valueCodes": ["*"]},
        {"variableCode": "Kon", "valueCodes": ["1+2"]}, {"variableCode": "ContentsCode", "valueCodes": ["000007CD"]},
        {"variableCode": "Tid", "valueCodes": ["2024"]}]}


async def test_live_metadata_mismatch_is_a_bad_payload_from_scb_naming_table_and_variable() -> None:
    def without_sektor(table_id: str) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(
            (REPO / "tools" / "snapshot_world" / "scb" / f"{table_id}-metadata.json").read_text(encoding="utf-8"))
        if table_id == "TAB5932":  # SCB renamed a variable: the wage figure must not be read from the wrong cells
            loaded["dimension"]["ArbetsSektor"] = loaded["dimension"].pop("Sektor")
            loaded["id"][loaded["id"].index("Sektor")] = "ArbetsSektor"
        return loaded

    async with running_gateway(_live_scb(metadata_of=without_sektor)) as gateway:
        _, body = await gateway.query("""{ statisticsTable(id: "TAB5932") { id } }""")
        assert body["data"]["statisticsTable"] == {"id": "TAB5932"}  # browsing the table itself still works
        result = await occupation_statistics(context(gateway), "2221")
        assert await result.employees() is not None  # the other figure still shows
        with pytest.raises(UpstreamBadPayload) as excinfo:
            await result.monthly_wage()
    error = excinfo.value
    assert error.extensions["code"] == "UPSTREAM_BAD_PAYLOAD" and error.extensions["source"] == "scb"
    assert "table TAB5932" in error.message and "has no variable 'Sektor'" in error.message


async def test_upstream_failure_gives_partial_data_with_source() -> None:
    async with running_gateway(_live_scb(frozenset({"TAB6471"}))) as gateway:
        _, body = await gateway.query("""{
          listed: statisticsTables(first: 3) { totalCount }
          failing: statisticsTable(id: "TAB6471") { id rows(selection: [{variableCode: "Region", valueCodes: ["01"]},
            {variableCode: "Alder", valueCodes: ["TotSA"]}, {variableCode: "ContentsCode", valueCodes: ["000007SF"]},
            {variableCode: "Tid", valueCodes: ["2026M04"]}]) { value } }
        }""")
    assert body["data"]["listed"] == {"totalCount": 3}
    # Only the cells needed the failing data request: the table itself (its metadata) still answers.
    assert body["data"]["failing"] == {"id": "TAB6471", "rows": None}
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE" and error["extensions"]["source"] == "scb"
    assert error["path"] == ["failing", "rows"]


async def test_one_occupation_table_failing_leaves_the_other_figure() -> None:
    async with running_gateway(_live_scb(frozenset({"TAB5932"}))) as gateway:
        result = await occupation_statistics(context(gateway), "2221")
        employees = await result.employees()
        assert employees is not None and employees.value == 76400
        assert employees.label == "Anställda 16-64 år (komponerad)"
        with pytest.raises(UpstreamUnavailable) as excinfo:
            await result.monthly_wage()
    assert excinfo.value.extensions["source"] == "scb"


async def test_table_list_pages_through_scb_pages() -> None:
    seen: list[httpx.QueryParams] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params)
        page = int(request.url.params["pageNumber"])
        tables = [{"id": f"TAB{page * 100 + i}", "label": f"Tabell {page}.{i}"} for i in range(20 if page == 1 else 5)]
        return httpx.Response(200, json={"language": "sv", "tables": tables, "page": {
            "pageNumber": page, "pageSize": 20, "totalElements": 25, "totalPages": 2}})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, first = await gateway.query("{ statisticsTables(first: 15) { totalCount pageInfo { hasNextPage endCursor } "
                                       "edges { node { id } } } }")
        page = first["data"]["statisticsTables"]
        _, second = await gateway.query(
            "query($a: String) { statisticsTables(first: 15, after: $a) { pageInfo { hasNextPage } "
            "edges { node { id } } } }", {"a": page["pageInfo"]["endCursor"]})
    assert page["totalCount"] == 25 and page["pageInfo"]["hasNextPage"] and len(page["edges"]) == 15
    rest = second["data"]["statisticsTables"]
    assert [e["node"]["id"] for e in rest["edges"]][:5] == ["TAB115", "TAB116", "TAB117", "TAB118", "TAB119"]
    assert len(rest["edges"]) == 10 and not rest["pageInfo"]["hasNextPage"]
    # Block 1 served both windows' first part from cache: pages 1 and 2 were each fetched once.
    assert [p["pageNumber"] for p in seen] == ["1", "2"]
    assert all(p["pageSize"] == "20" and p["lang"] == "sv" for p in seen)


class _TaxonomyAndScb(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.scb = _live_scb()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "taxonomy.api.jobtechdev.se":
            return taxonomy_answer(request)
        return await self.scb.handle_async_request(request)


async def test_an_occupations_statistics_read_only_the_figures_selected() -> None:
    counting = CountingTransport(_TaxonomyAndScb())
    async with running_gateway(counting) as gateway:
        status, body = await gateway.query(
            '{ occupation(id: "bXNH_MNX_dUR") { statistics { employees { value } } } }')
        employees_only = [r.url.path for r in counting.requests if r.url.host == "statistikdatabasen.scb.se"]
        counting.requests.clear()
        status_wage, wage_body = await gateway.query(
            '{ occupation(id: "bXNH_MNX_dUR") { statistics { monthlyWage { value } } } }')
        wage_only = [r.url.path for r in counting.requests if r.url.host == "statistikdatabasen.scb.se"]
    assert status == status_wage == 200 and "errors" not in body and "errors" not in wage_body, (body, wage_body)
    assert body["data"]["occupation"]["statistics"] == {"employees": {"value": 76400}}
    assert not [p for p in employees_only if "TAB5932" in p]  # the wage table is not read
    assert any("TAB4449" in p for p in employees_only)
    assert wage_body["data"]["occupation"]["statistics"] == {"monthlyWage": {"value": 45300}}
    assert any("TAB5932" in p for p in wage_only) and not [p for p in wage_only if "TAB4449" in p]
