"""SCB PxWebApi 2.0: live request shapes (agency-apis.md §6.2), limits read from /config, value expressions."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from kllgraph_gateway._errors import BadUserInput
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway.connectors import scb
from kllgraph_gateway.connectors.scb.api import Selection, cell_count, expand_value_codes
from kllgraph_gateway.connectors.scb.jsonstat import TableMetadata

from ...conftest import SAMPLES
from ..harness import running_gateway

BASE = "https://statistikdatabasen.scb.se/api/v2"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


SAMPLE_SELECTION = [
    Selection("Region", ("01", "03")), Selection("Alder", ("TotSA",)), Selection("Kon", ("TotSa",)),
    Selection("ContentsCode", ("000007SF",)), Selection("Tid", ("2026M04",)),
]


def config(**limits: int) -> dict[str, Any]:
    return {**sample("scb-pxweb-v2-config.json"), **limits}


async def test_data_request_shape_and_rate_limit_from_config() -> None:
    seen: list[httpx.Request] = []
    limiter_at_post: list[tuple[float, float] | None] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v2/config":
            return httpx.Response(200, json=config(maxCallsPerTimeWindow=30, timeWindow=10))
        limiter = gateway.upstream.runtimes["scb"].rate_limiter
        limiter_at_post.append((limiter.max_rate, limiter.time_period) if limiter else None)
        return httpx.Response(200, json=sample("scb-pxweb-v2-data-jsonstat2.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("scb")
        metadata = TableMetadata.model_validate(sample("scb-pxweb-v2-table-metadata.json"))
        dataset = await scb.api.data(client, "TAB6471", SAMPLE_SELECTION, table_metadata=metadata)
    assert dataset.size == [21, 11, 3, 1, 4]
    config_request, data_request = seen
    assert (config_request.method, str(config_request.url)) == ("GET", f"{BASE}/config")
    assert data_request.method == "POST"
    assert data_request.url.path == "/api/v2/tables/TAB6471/data"
    assert list(data_request.url.params.multi_items()) == [("lang", "sv"), ("outputFormat", "json-stat2")]
    assert data_request.headers["content-type"] == "application/json"
    assert json.loads(data_request.content) == {"selection": [
        {"variableCode": "Region", "valueCodes": ["01", "03"]},
        {"variableCode": "Alder", "valueCodes": ["TotSA"]},
        {"variableCode": "Kon", "valueCodes": ["TotSa"]},
        {"variableCode": "ContentsCode", "valueCodes": ["000007SF"]},
        {"variableCode": "Tid", "valueCodes": ["2026M04"]},
    ]}
    # The limiter came from /config's numbers, and was in place before the data call.
    assert limiter_at_post == [(30, 10.0)]


async def test_limits_follow_config_not_constants() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=sample("scb-pxweb-v2-config.json"))  # recorded: 3 calls per 1 s

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        limits = await scb.api.install_limits(gateway.upstream.client("scb"))
        limiter = gateway.upstream.runtimes["scb"].rate_limiter
    assert (limits.maxDataCells, limits.maxCallsPerTimeWindow, limits.timeWindow) == (150000, 3, 1)
    assert limiter is not None and (limiter.max_rate, limiter.time_period) == (3, 1.0)


async def test_offline_the_snapshot_answers_without_a_rate_limiter() -> None:
    # The bundled snapshot's /config says 3 calls per 1 s; offline that limit protects nobody, so it is not installed
    # and four data calls do not wait for one another (with the limiter the fourth waits ~333 ms).
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        client = gateway.upstream.client("scb")
        limits = await scb.api.install_limits(client)
        assert (limits.maxCallsPerTimeWindow, limits.timeWindow) == (3, 1)
        assert gateway.upstream.runtimes["scb"].rate_limiter is None
        status, body = await gateway.query(
            '{ municipality(code: "0180") { population { value } } }')
        assert status == 200 and "errors" not in body, body
        assert gateway.upstream.runtimes["scb"].rate_limiter is None


async def test_selection_over_max_data_cells_is_refused_before_calling() -> None:
    posts: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posts.append(request)
        return httpx.Response(200, json=config(maxDataCells=300))

    metadata = TableMetadata.model_validate(sample("scb-pxweb-v2-table-metadata.json"))
    every_region = [Selection("Region", ("*",)), *SAMPLE_SELECTION[1:]]
    assert cell_count(metadata, every_region) == 312
    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        with pytest.raises(BadUserInput, match=r"312 cells.*at most 300"):
            await scb.api.data(gateway.upstream.client("scb"), "TAB6471", every_region, table_metadata=metadata)
    assert posts == []


async def test_tables_and_metadata_request_shapes() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/metadata"):
            return httpx.Response(200, json=sample("scb-pxweb-v2-table-metadata.json"))
        if request.url.path.endswith("/TAB1"):
            return httpx.Response(404, json={"title": "Not found", "status": 404})
        return httpx.Response(200, json=sample("scb-pxweb-v2-tables-search.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("scb")
        page = await scb.api.tables(client, query="befolkning", page_number=2, page_size=20)
        metadata = await scb.api.metadata(client, "TAB6471")
        missing = await scb.api.table(client, "TAB1")
    tables_request, metadata_request, table_request = seen
    assert str(tables_request.url).startswith(f"{BASE}/tables?")
    assert list(tables_request.url.params.multi_items()) == [
        ("lang", "sv"), ("query", "befolkning"), ("pageNumber", "2"), ("pageSize", "20")]
    assert page.page.totalElements == 10 and page.tables[0].id == "TAB4552"
    assert page.tables[0].paths[0][0].id == "MI"
    assert str(metadata_request.url) == f"{BASE}/tables/TAB6471/metadata?lang=sv"
    assert metadata is not None and metadata.label and metadata.label.startswith("Folkmängden per månad")
    assert str(table_request.url) == f"{BASE}/tables/TAB1?lang=sv" and missing is None


def test_real_table_list_and_codelist_samples_parse() -> None:
    tables = scb.models.TablesResponse.model_validate(sample("scb-pxweb-v2-tables.json"))
    assert tables.page.totalElements == 4246 and [t.id for t in tables.tables] == ["TAB4707", "TAB4714", "TAB4718"]
    assert tables.tables[0].firstPeriod == "2015M04" and tables.tables[0].timeUnit == "Monthly"
    codelist = scb.models.Codelist.model_validate(sample("scb-pxweb-v2-codelist.json"))
    assert codelist.id == "agg_Ålder10årJ" and codelist.values[0].valueMap[0] == "9"


def test_value_expressions() -> None:
    codes = ["2022", "2023", "2024", "2025"]
    assert expand_value_codes(codes, ["*"]) == codes
    assert expand_value_codes(codes, ["top(2)"]) == ["2024", "2025"]
    assert expand_value_codes(codes, ["BOTTOM(1)"]) == ["2022"]
    assert expand_value_codes(codes, ["from(2024)"]) == ["2024", "2025"]
    assert expand_value_codes(codes, ["to(2023)"]) == ["2022", "2023"]
    assert expand_value_codes(codes, ["range(2023,2024)"]) == ["2023", "2024"]
    assert expand_value_codes(codes, ["202?", "2022"]) == codes
    assert expand_value_codes(["0180", "01", "1480"], ["01*"]) == ["0180", "01"]
    with pytest.raises(BadUserInput):
        expand_value_codes(codes, ["1999"])
    with pytest.raises(BadUserInput):
        expand_value_codes(codes, ["top(x)"])


def test_cell_count_eliminates_what_scb_eliminates() -> None:
    metadata = TableMetadata.model_validate(sample("scb-pxweb-v2-table-metadata.json"))
    # Region and Kon are eliminable (1 each when left out); Alder, ContentsCode and Tid are not (all values).
    assert cell_count(metadata, [Selection("Alder", ("TotSA",)), Selection("ContentsCode", ("000007SF",)),
                                 Selection("Tid", ("top(3)",))]) == 3
    assert cell_count(metadata, [Selection("Region", ("0180",))]) == 134 * 16
    with pytest.raises(BadUserInput, match="not in this table"):
        cell_count(metadata, [Selection("Kommun", ("0180",))])
