import httpx
import pytest

import kllgraph
from kllgraph._cache import CacheKey, ResponseCache

from .fake_gateway import AdsClient, AsyncAdsClient, FakeGateway, graphql_error, graphql_response

QUERY = "query Ads($first: Int) { jobAds(first: $first) { totalCount } }"


def test_second_identical_call_is_served_from_the_cache(gateway: FakeGateway) -> None:
    client = kllgraph.Client(transport=gateway.transport)
    assert client.cache.stats == kllgraph.CacheStats(hits=0, misses=0, size=0)
    client.execute(QUERY, {"first": 2}, "Ads")
    client.execute(QUERY, {"first": 2}, "Ads")
    assert len(gateway.requests) == 1
    assert client.cache.stats == kllgraph.CacheStats(hits=1, misses=1, size=1)


def test_key_is_document_operation_and_canonical_variables(gateway: FakeGateway) -> None:
    client = kllgraph.Client(transport=gateway.transport)
    client.execute(QUERY, {"first": 2, "after": None}, "Ads")
    client.execute(QUERY, {"after": None, "first": 2}, "Ads")  # same variables, other order: a hit
    client.execute(QUERY, {"first": 3}, "Ads")
    client.execute(QUERY + " ", {"first": 3}, "Ads")
    client.execute(QUERY, {"first": 3}, "Other")
    assert len(gateway.requests) == 4
    assert CacheKey.of("q", None, {"b": 1, "a": [1, 2]}) == CacheKey.of("q", None, {"a": [1, 2], "b": 1})


def test_clear_empties_the_cache(gateway: FakeGateway) -> None:
    client = kllgraph.Client(transport=gateway.transport)
    client.execute(QUERY)
    client.cache.clear()
    assert client.cache.stats.size == 0
    client.execute(QUERY)
    assert len(gateway.requests) == 2


def test_cache_off_per_client_and_on_per_call(gateway: FakeGateway) -> None:
    client = kllgraph.Client(transport=gateway.transport, cache=False)
    client.execute(QUERY)
    client.execute(QUERY)
    assert len(gateway.requests) == 2
    assert client.cache.stats == kllgraph.CacheStats(hits=0, misses=0, size=0)
    client.execute(QUERY, cache_ttl=30)
    client.execute(QUERY, cache_ttl=30)
    assert len(gateway.requests) == 3


@pytest.mark.parametrize("override", [None, 0])
def test_per_call_override_bypasses_the_cache(gateway: FakeGateway, override: float | None) -> None:
    client = kllgraph.Client(transport=gateway.transport)
    client.execute(QUERY)
    client.execute(QUERY, cache_ttl=override)
    assert len(gateway.requests) == 2
    assert client.cache.stats.hits == 0


def test_errors_are_not_cached() -> None:
    gateway = FakeGateway(
        lambda request, payload: graphql_response(None, [graphql_error("down", "UPSTREAM_ERROR", path=["x"])])
    )
    client = kllgraph.Client(transport=gateway.transport)
    for _ in range(2):
        with pytest.raises(kllgraph.UpstreamError):
            client.execute(QUERY)
    assert len(gateway.requests) == 2
    assert client.cache.stats.size == 0


def test_invalid_results_are_not_cached() -> None:
    gateway = FakeGateway(lambda request, payload: graphql_response({"jobAd": {"id": "ad-1"}}))
    client = AdsClient(transport=gateway.transport)
    for _ in range(2):
        with pytest.raises(kllgraph.ResponseValidationError):
            client.job_ad(id="ad-1")
    assert len(gateway.requests) == 2


def test_mutations_are_never_cached() -> None:
    gateway = FakeGateway(lambda request, payload: graphql_response({"saveSearch": True}))
    client = kllgraph.Client(transport=gateway.transport)
    mutation = "# saves\nmutation Save { saveSearch }"
    client.execute(mutation)
    client.execute(mutation)
    assert len(gateway.requests) == 2


def test_entries_expire_after_their_ttl() -> None:
    now = [100.0]
    cache = ResponseCache(ttl=60, maxsize=8, timer=lambda: now[0])
    key = CacheKey.of("q", None, {})
    cache.put(key, {"a": 1}, ttl=60)
    now[0] += 59
    assert cache.get(key, max_age=60) == {"a": 1}
    # A call with a shorter cache_ttl does not accept an older entry.
    assert cache.get(key, max_age=30) is None
    now[0] += 2
    assert cache.get(key, max_age=60) is None
    assert cache.stats == kllgraph.CacheStats(hits=1, misses=2, size=0)


def test_callers_changing_results_do_not_change_what_the_cache_serves(gateway: FakeGateway) -> None:
    # The cache stores the decoded answer as is (no copies per page); results are new models, execute() a copy.
    client = AdsClient(transport=gateway.transport)
    first = client.execute(QUERY, {"first": 2}, "Ads")
    first["jobAds"]["totalCount"] = -1
    assert client.execute(QUERY, {"first": 2}, "Ads")["jobAds"]["totalCount"] != -1
    ad = next(iter(client.job_ads(first=2)))
    ad.headline = "changed"
    assert next(iter(client.job_ads(first=2))).headline != "changed"
    assert len(gateway.requests) == 2 and client.cache.stats.hits == 2


def test_resolve_ttl() -> None:
    cache = ResponseCache(ttl=60, maxsize=8)
    assert cache.resolve_ttl(kllgraph.NOT_GIVEN) == 60
    assert cache.resolve_ttl(5) == 5
    assert cache.resolve_ttl(None) is None
    assert cache.resolve_ttl(0) is None
    assert ResponseCache(ttl=None, maxsize=8).resolve_ttl(kllgraph.NOT_GIVEN) is None


async def test_async_client_shares_the_cache_behaviour(gateway: FakeGateway) -> None:
    async with AsyncAdsClient(transport=gateway.transport) as client:
        await client.job_ad(id="ad-1")
        await client.job_ad(id="ad-1")
        await client.execute(QUERY, cache_ttl=None)
        assert len(gateway.requests) == 2
        assert client.cache.stats == kllgraph.CacheStats(hits=1, misses=1, size=1)


def test_cache_hit_still_carries_request_on_validation_error(gateway: FakeGateway) -> None:
    # The same document cached by raw execute, then parsed into a model it does not fit.
    client = AdsClient(transport=gateway.transport)
    document = "query JobAd($id: ID!) { jobAd(id: $id) { id headline employer { name } } }"
    client.execute(document, {"id": "ad-1"}, "JobAd")
    with pytest.raises(kllgraph.ResponseValidationError) as caught:
        client._execute(document=document, operation_name="JobAd", variables={"id": "ad-1"}, result_type=_Strict)
    assert caught.value.response is None
    assert isinstance(caught.value.request, httpx.Request)
    assert len(gateway.requests) == 1


class _Strict(kllgraph.GraphQLModel):
    never_there: int
