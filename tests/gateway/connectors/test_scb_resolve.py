"""SCB figure tables: pinned ids checked against metadata, others found by `GET /tables?query=` (cached 24 h)."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest

from kllgraph_gateway._cache import CachedResponse
from kllgraph_gateway._errors import UpstreamBadPayload
from kllgraph_gateway.connectors import scb
from kllgraph_gateway.connectors.scb.api import Selection
from kllgraph_gateway.connectors.scb.jsonstat import TableMetadata
from kllgraph_gateway.connectors.scb.resolve import (
    RESOLVED_TTL_SECONDS,
    TableSpec,
    fit,
    resolve_table,
    resolved_cache_key,
)
from kllgraph_gateway.graph.statistics import EMPLOYEES, MONTHLY_WAGE

from ...conftest import REPO, SAMPLES
from ..harness import running_gateway

SCB_WORLD = REPO / "tools" / "snapshot_world" / "scb"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def world_metadata(table_id: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCB_WORLD / f"{table_id}-metadata.json").read_text(encoding="utf-8"))
    return loaded


def world_table(table_id: str) -> dict[str, Any]:
    tables = json.loads((SCB_WORLD / "composed-tables.json").read_text(encoding="utf-8"))["tables"]
    found: dict[str, Any] = next(t for t in tables if t["id"] == table_id)
    return found


def with_age(metadata: dict[str, Any]) -> dict[str, Any]:
    """A table like TAB4449 plus an `Alder` variable that cannot be left out (so it does not fit the spec)."""
    changed = copy.deepcopy(metadata)
    changed["id"].insert(2, "Alder")
    changed["size"].insert(2, 2)
    changed["dimension"]["Alder"] = {"label": "ålder", "category": {"index": {"16-24": 0, "25-64": 1}},
                                     "extension": {"elimination": False}}
    return changed


def search_answer(*tables: dict[str, Any]) -> dict[str, Any]:
    """The recorded search response's envelope (`scb-pxweb-v2-tables-search.json`) around `tables`."""
    answer: dict[str, Any] = sample("scb-pxweb-v2-tables-search.json")
    answer["tables"] = [*answer["tables"], *tables]
    answer["page"]["totalElements"] = len(answer["tables"])
    return answer


def test_the_wage_spec_fits_its_table_and_selects_in_metadata_order() -> None:
    resolved = fit(MONTHLY_WAGE.spec, "TAB5932", TableMetadata.model_validate(world_metadata("TAB5932")))
    assert not isinstance(resolved, list)
    assert (resolved.period_variable, resolved.latest_period) == ("Tid", "2024")
    assert resolved.selection == (
        Selection("Sektor", ("0",)), Selection("Yrke2012", ("*",)), Selection("Kon", ("1+2",)),
        Selection("ContentsCode", ("000007CD",)), Selection("Tid", ("2024",)),
    )


def test_eliminable_variables_are_left_out_and_content_is_picked_by_label() -> None:
    resolved = fit(EMPLOYEES.spec, "TAB4449", TableMetadata.model_validate(world_metadata("TAB4449")))
    assert not isinstance(resolved, list)
    # ArbetsSektor and Kon can be eliminated (SCB answers their total), so they are not selected.
    assert [s.variable_code for s in resolved.selection] == ["Yrke2012", "ContentsCode", "Tid"]
    assert resolved.selection[1] == Selection("ContentsCode", ("000006Y5",))


def test_mismatches_name_the_variable_and_value() -> None:
    metadata = world_metadata("TAB5932")
    kon = metadata["dimension"]["Kon"]["category"]
    kon["index"] = {"1": 0, "2": 1}
    kon["label"] = {"1": "män", "2": "kvinnor"}
    metadata["size"][metadata["id"].index("Kon")] = 2
    problems = fit(MONTHLY_WAGE.spec, "TAB5932", TableMetadata.model_validate(metadata))
    assert problems == ["variable 'Kon' has no value '1+2'"]

    three_digit = world_metadata("TAB4449")
    yrke = three_digit["dimension"]["Yrke2012"]["category"]
    yrke["index"] = {"222": 0}
    yrke.pop("label")
    three_digit["size"][three_digit["id"].index("Yrke2012")] = 1
    problems = fit(EMPLOYEES.spec, "TAB9", TableMetadata.model_validate(with_age(three_digit)))
    assert problems == [r"variable 'Yrke2012' has no value matching \d{4}",
                        "variable 'Alder' cannot be left out (no elimination) and the spec fixes no value"]


def test_a_spec_has_a_pinned_id_or_a_search() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        TableSpec(title="t", key_variable="Yrke2012")
    with pytest.raises(ValueError, match="exactly one"):
        TableSpec(title="t", key_variable="Yrke2012", table_id="TAB1", search="x")


async def test_search_finds_the_table_whose_metadata_fits_and_caches_its_id_for_a_day() -> None:
    seen: list[httpx.Request] = []
    # A label-matching candidate with a newer last period but an `Alder` that cannot be left out comes first.
    newer = {**world_table("TAB4449"), "id": "TAB9001", "lastPeriod": "2025"}
    metadata = {"TAB4449": world_metadata("TAB4449"), "TAB9001": with_age(world_metadata("TAB4449"))}

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path.removeprefix("/api/v2")
        if path == "/tables":
            return httpx.Response(200, json=search_answer(newer, world_table("TAB4449")))
        return httpx.Response(200, json=metadata[path.split("/")[2]])

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client, cache = gateway.upstream.client("scb"), gateway.upstream.cache
        first = await resolve_table(client, EMPLOYEES.spec, cache=cache)
        again = await resolve_table(client, EMPLOYEES.spec, cache=cache)
        remembered = await cache.get(resolved_cache_key(EMPLOYEES.spec))
    assert first.table_id == again.table_id == "TAB4449"
    search, *metadata_requests = seen
    assert list(search.url.params.multi_items()) == [
        ("lang", "sv"), ("query", "anställda yrke SSYK 2012"), ("pageNumber", "1"), ("pageSize", "20")]
    # Newest candidate first; the second resolution reuses the cached id (and the cached metadata): no new requests.
    assert [r.url.path for r in metadata_requests] == ["/api/v2/tables/TAB9001/metadata",
                                                       "/api/v2/tables/TAB4449/metadata"]
    assert remembered is not None and remembered.body == b"TAB4449" and remembered.ttl == RESOLVED_TTL_SECONDS


async def test_a_cached_id_that_no_longer_fits_is_searched_again() -> None:
    metadata = {"TAB4449": world_metadata("TAB4449")}
    searches: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2")
        if path == "/tables":
            searches.append(request)
            return httpx.Response(200, json=search_answer(world_table("TAB4449")))
        return httpx.Response(200, json=metadata[path.split("/")[2]])

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        cache = gateway.upstream.cache
        await cache.set(resolved_cache_key(EMPLOYEES.spec), CachedResponse(
            status=200, content_type="text/plain", body=b"TAB4446", ttl=RESOLVED_TTL_SECONDS))
        metadata["TAB4446"] = with_age(world_metadata("TAB4449"))
        resolved = await resolve_table(gateway.upstream.client("scb"), EMPLOYEES.spec, cache=cache)
    assert resolved.table_id == "TAB4449" and len(searches) == 1


async def test_no_fitting_table_is_a_bad_payload_from_scb_naming_tables_and_variables() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2")
        if path == "/tables":
            return httpx.Response(200, json=search_answer(world_table("TAB4449")))
        if path == "/tables/TAB5932/metadata":
            return httpx.Response(404, json={"title": "Not found", "status": 404})
        return httpx.Response(200, json=with_age(world_metadata("TAB4449")))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client, cache = gateway.upstream.client("scb"), gateway.upstream.cache
        with pytest.raises(UpstreamBadPayload) as searched:
            await resolve_table(client, EMPLOYEES.spec, cache=cache)
        with pytest.raises(UpstreamBadPayload) as pinned:
            await resolve_table(client, MONTHLY_WAGE.spec, cache=cache)
    assert searched.value.extensions["code"] == "UPSTREAM_BAD_PAYLOAD"
    assert searched.value.extensions["source"] == "scb"
    assert "TAB4449" in searched.value.message and "'Alder' cannot be left out" in searched.value.message
    assert pinned.value.source == "scb"
    assert "table TAB5932 (average monthly wage by SSYK 2012)" in pinned.value.message
    assert "answered 404" in pinned.value.message


async def test_a_search_without_label_matches_says_what_it_looked_for() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=sample("scb-pxweb-v2-tables-search.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        with pytest.raises(UpstreamBadPayload, match=r"no table for employees by SSYK 2012: GET /tables\?query="):
            await resolve_table(gateway.upstream.client("scb"), EMPLOYEES.spec, cache=gateway.upstream.cache)


async def test_probe_reads_config() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/v2/config"
        return httpx.Response(200, json=sample("scb-pxweb-v2-config.json"))

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        described = await scb.probe(gateway.upstream.client("scb"))
    assert described == "GET /config: API 2.2.0, maxDataCells 150000, 3 calls per 1 s"
