"""StatisticsTable and the SCB hub figures, end to end: offline from the bundled snapshot and against mocks."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from kllgraph_gateway._errors import BadUserInput, UpstreamUnavailable
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway.graph._context import Context
from kllgraph_gateway.graph.statistics import (
    SAMPLE_SELECTION,
    municipality_population,
    occupation_statistics,
    region_population,
)

from ...conftest import REPO, SAMPLES
from ..harness import Gateway, make_settings, running_gateway, world

MUNICIPALITIES = {"0180": "01", "1480": "14", "1280": "12", "2584": "25", "2180": "21", "0380": "03"}


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def ssyk_codes() -> list[str]:
    concepts = world("taxonomy_occupations.json")["data"]["concepts"]
    return sorted({g["ssyk_code_2012"] for c in concepts for g in c["broader"]})


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
        calls = dict(gateway.upstream.calls)
    assert len(codes) == 11
    for code, result in zip(codes, results, strict=True):
        assert result is not None and result.ssyk_code == code
        employees, wage = result.employees(), result.monthly_wage()
        assert employees is not None and wage is not None
        assert employees.table_id == "YREG60BAS" and employees.unit == "antal" and employees.value > 1000
        assert wage.table_id == "LoneSpridSektYrk4AN" and wage.unit == "kronor" and 20_000 < wage.value < 120_000
        assert wage.period == "2024"
    # Two tables, one data request each, for all occupations.
    assert calls[("scb", "data")] == 2 and calls[("scb", "metadata")] == 2


async def test_unknown_ssyk_code_has_no_statistics_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        assert await occupation_statistics(context(gateway), "9999") is None
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


def _failing_data(fail_tables: set[str]) -> httpx.MockTransport:
    scb_world = REPO / "tools" / "snapshot_world" / "scb"

    def upstream(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2")
        if path == "/config":
            return httpx.Response(200, json=sample("scb-pxweb-v2-config.json"))
        if path == "/tables":
            return httpx.Response(200, json=sample("scb-pxweb-v2-tables.json"))
        table_id = path.split("/")[2]
        if path.endswith("/metadata"):
            return httpx.Response(200, content=(scb_world / f"{table_id}-metadata.json").read_bytes())
        if table_id in fail_tables:
            return httpx.Response(503)
        # A minimal real-shaped answer: one occupation, one value.
        dims = {"Yrke2012": {"label": "Yrke (SSYK 2012)", "category": {"index": {"2221": 0}}},
                "ContentsCode": {"label": "tabellinnehåll", "category": {"index": {"000005G2": 0},
                                                                         "label": {"000005G2": "Antal anställda"}}},
                "Tid": {"label": "år", "category": {"index": {"2024": 0}}}}
        return httpx.Response(200, json={"version": "2.0", "class": "dataset", "id": list(dims), "size": [1, 1, 1],
                                         "dimension": dims, "role": {"time": ["Tid"]}, "value": [76400]})

    return httpx.MockTransport(upstream)


async def test_upstream_failure_gives_partial_data_with_source() -> None:
    async with running_gateway(_failing_data({"TAB6471"})) as gateway:
        _, body = await gateway.query("""{
          listed: statisticsTables(first: 3) { totalCount }
          failing: statisticsTable(id: "TAB6471") { id rows(selection: [{variableCode: "Region", valueCodes: ["01"]},
            {variableCode: "Alder", valueCodes: ["TotSA"]}, {variableCode: "ContentsCode", valueCodes: ["000007SF"]},
            {variableCode: "Tid", valueCodes: ["2026M04"]}]) { value } }
        }""")
    assert body["data"]["listed"] == {"totalCount": 3}
    assert body["data"]["failing"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE" and error["extensions"]["source"] == "scb"


async def test_one_occupation_table_failing_leaves_the_other_figure() -> None:
    async with running_gateway(_failing_data({"LoneSpridSektYrk4AN"})) as gateway:
        result = await occupation_statistics(context(gateway), "2221")
    assert result is not None
    employees = result.employees()
    assert employees is not None and employees.value == 76400 and employees.label == "Antal anställda"
    with pytest.raises(UpstreamUnavailable) as excinfo:
        result.monthly_wage()
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
