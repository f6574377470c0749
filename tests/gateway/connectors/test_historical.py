"""Historical ads: the live request shapes (agency-apis.md §1.2) and parsing of the real stats-shaped sample."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from kllgraph_gateway.connectors import historical
from kllgraph_gateway.connectors.historical.models import SearchResponse
from kllgraph_gateway.connectors.jobsearch.api import SearchFilter

from ...conftest import SAMPLES
from ..harness import running_gateway


def _empty(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"total": {"value": 0}, "stats": [], "hits": []})


async def test_search_request_shape() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _empty(request)

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        await historical.api.search(
            gateway.upstream.client("historical"),
            SearchFilter(occupation_name=("GDHs_eoz_uKx",), municipality=("AvNB_uwa_6n6",)),
            historical_from=date(2021, 1, 1), historical_to=date(2021, 12, 31), offset=100, limit=100,
        )
    (request,) = seen
    assert request.method == "GET"
    assert (request.url.scheme, request.url.host, request.url.path) == ("https", "historical.api.jobtechdev.se",
                                                                        "/search")
    assert request.url.params.multi_items() == [
        ("occupation-name", "GDHs_eoz_uKx"), ("municipality", "AvNB_uwa_6n6"),
        ("historical-from", "2021-01-01"), ("historical-to", "2021-12-31"), ("offset", "100"), ("limit", "100"),
    ]
    assert "api-key" not in request.headers  # no key needed (§1.2)


async def test_occupation_counts_request_shape() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _empty(request)

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        await historical.api.occupation_counts(
            gateway.upstream.client("historical"), ["GDHs_eoz_uKx", "rQds_YGd_quU"],
            historical_from=date(2024, 1, 1), historical_to=date(2024, 12, 31),
        )
    (request,) = seen
    assert str(request.url) == (
        "https://historical.api.jobtechdev.se/search?occupation-name=GDHs_eoz_uKx&occupation-name=rQds_YGd_quU"
        "&historical-from=2024-01-01&historical-to=2024-12-31&stats=occupation-name&stats.limit=2&offset=0&limit=0"
    )


async def test_occupation_counts_refuses_more_ids_than_stats_can_list() -> None:
    async with running_gateway(httpx.MockTransport(_empty)) as gateway:
        with pytest.raises(ValueError):
            await historical.api.occupation_counts(
                gateway.upstream.client("historical"), [f"id{i}" for i in range(21)],
                historical_from=date(2024, 1, 1), historical_to=date(2024, 12, 31),
            )


def test_real_stats_payload_parses() -> None:
    # A real JobSearch limit=0 stats response; the historical API answers in the same shape (§1.2, M).
    payload = json.loads((SAMPLES / "jobsearch-search-stats.json").read_text(encoding="utf-8"))
    response = SearchResponse.model_validate(payload)
    assert response.total.value == 79 and response.hits == []
    (stat,) = response.stats
    assert stat.type == "occupation-name"
    assert (stat.values[0].concept_id, stat.values[0].count) == ("KQty_E1u_cia", 45)
