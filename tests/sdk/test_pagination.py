import math

import pytest

from .fake_gateway import (
    AdsClient,
    AsyncAdsClient,
    FakeGateway,
    JobAdNode,
    graphql_response,
    job_ads_json,
)


@pytest.mark.parametrize(("total", "first"), [(7, 3), (6, 3), (1, 5), (10, 1)])
def test_iterating_walks_every_page_lazily(total: int, first: int) -> None:
    gateway = FakeGateway(total=total)
    client = AdsClient(transport=gateway.transport)
    paginator = client.job_ads(first=first)
    assert gateway.requests == []  # nothing fetched before iterating

    ids = [ad.id for ad in paginator]

    assert ids == [f"ad-{index}" for index in range(total)]
    assert len(gateway.requests) == math.ceil(total / first)
    assert [payload["variables"].get("after") for payload in gateway.payloads] == [None] + [
        str(first * page - 1) for page in range(1, math.ceil(total / first))
    ]
    assert all(payload["variables"]["first"] == first for payload in gateway.payloads)


def test_second_identical_iteration_makes_no_requests(gateway: FakeGateway) -> None:
    client = AdsClient(transport=gateway.transport)
    first_walk = list(client.job_ads(first=3))
    requests_after_first_walk = len(gateway.requests)
    second_walk = list(client.job_ads(first=3))
    assert second_walk == first_walk
    assert len(gateway.requests) == requests_after_first_walk == 3


def test_iteration_is_lazy_page_by_page(gateway: FakeGateway) -> None:
    items = iter(AdsClient(transport=gateway.transport).job_ads(first=3))
    next(items)
    assert len(gateway.requests) == 1
    for _ in range(3):
        next(items)
    assert len(gateway.requests) == 2


def test_max_items_and_limit_stop_early(gateway: FakeGateway) -> None:
    client = AdsClient(transport=gateway.transport, cache=False)
    assert [ad.id for ad in client.job_ads(first=3, max_items=4)] == ["ad-0", "ad-1", "ad-2", "ad-3"]
    assert len(gateway.requests) == 2
    assert len(list(client.job_ads(first=3).limit(2))) == 2
    assert len(gateway.requests) == 3
    assert client.job_ads(first=3, max_items=5).limit(10).max_items == 5
    assert list(client.job_ads(first=3).limit(0)) == []
    assert len(gateway.requests) == 3


def test_iter_pages_first_page_and_total_count(gateway: FakeGateway) -> None:
    client = AdsClient(transport=gateway.transport)
    pages = list(client.job_ads(first=3).iter_pages())
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [page.has_next_page for page in pages] == [True, True, False]
    assert pages[0].total_count == 7
    assert pages[0].result.job_ads.total_count == 7
    first_page = client.job_ads(first=3).first_page()
    assert [ad.id for ad in first_page] == ["ad-0", "ad-1", "ad-2"]
    assert client.job_ads(first=3).total_count == 7
    assert len(gateway.requests) == 3  # first_page and total_count came from the cache


def test_a_cursor_that_does_not_move_stops_the_walk() -> None:
    # A gateway bug: every page claims a next page with the same cursor. The walk must not loop forever.
    same_page = job_ads_json(7, {"first": 3})
    gateway = FakeGateway(lambda request, payload: graphql_response(same_page))
    assert len(list(AdsClient(transport=gateway.transport, cache=False).job_ads(first=3))) == 6
    assert len(gateway.requests) == 2


def test_an_empty_page_stops_the_walk() -> None:
    empty = {"jobAds": {"totalCount": 9, "pageInfo": {"hasNextPage": True, "endCursor": "x"}, "edges": []}}
    gateway = FakeGateway(lambda request, payload: graphql_response(empty))
    assert list(AdsClient(transport=gateway.transport).job_ads()) == []
    assert len(gateway.requests) == 1


def test_items_are_typed(gateway: FakeGateway) -> None:
    ad: JobAdNode = next(iter(AdsClient(transport=gateway.transport).job_ads()))
    assert ad.employer.name == "Region 0"


async def test_async_paginator_awaits_first_page_and_iterates_items(gateway: FakeGateway) -> None:
    async with AsyncAdsClient(transport=gateway.transport) as client:
        first_page = await client.job_ads(first=3)
        assert [ad.id for ad in first_page] == ["ad-0", "ad-1", "ad-2"]
        assert first_page.total_count == 7
        ids = [ad.id async for ad in client.job_ads(first=3)]
        assert ids == [f"ad-{index}" for index in range(7)]
        assert len(gateway.requests) == 3
        again = [ad.id async for ad in client.job_ads(first=3)]
        assert again == ids
        assert len(gateway.requests) == 3


async def test_async_iter_pages_and_limits(gateway: FakeGateway) -> None:
    async with AsyncAdsClient(transport=gateway.transport, cache=False) as client:
        sizes = [len(page) async for page in client.job_ads(first=3).iter_pages()]
        assert sizes == [3, 3, 1]
        limited = [ad.id async for ad in client.job_ads(first=3, max_items=4)]
        assert limited == ["ad-0", "ad-1", "ad-2", "ad-3"]
        assert len(await client.job_ads(first=3).limit(5).to_list()) == 5
        assert len(gateway.requests) == 3 + 2 + 2


def test_reprs_do_no_io(gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KLLGRAPH_URL", raising=False)
    client = AdsClient(transport=gateway.transport)
    assert repr(client.job_ads(max_items=3)) == "SyncPaginator('JobAds', max_items=3)"
    assert repr(client) == "AdsClient(base_url='http://127.0.0.1:8000/graphql')"
    assert gateway.requests == []
