from __future__ import annotations

import asyncio

import pytest

from kllgraph_gateway._cache import CachedResponse, MemoryResponseCache, SingleFlight, cache_key


def test_cache_key_ignores_param_order_but_not_values() -> None:
    a = cache_key("s", "GET", "/search", [("a", "1"), ("b", "2")], None)
    assert a == cache_key("s", "get", "/search", [("b", "2"), ("a", "1")], None)
    assert a != cache_key("s", "GET", "/search", [("a", "1"), ("b", "3")], None)
    assert a != cache_key("t", "GET", "/search", [("a", "1"), ("b", "2")], None)
    assert cache_key("s", "POST", "/g", [], {"x": 1, "y": 2}) == cache_key("s", "POST", "/g", [], {"y": 2, "x": 1})


async def test_memory_cache_honours_per_entry_ttl() -> None:
    cache = MemoryResponseCache(maxsize=10)
    await cache.set("long", CachedResponse(200, "application/json", b"{}", ttl=60))
    await cache.set("gone", CachedResponse(200, "application/json", b"{}", ttl=0.01))
    await cache.set("never", CachedResponse(200, "application/json", b"{}", ttl=0))
    await asyncio.sleep(0.03)
    assert await cache.get("long") is not None
    assert await cache.get("gone") is None
    assert await cache.get("never") is None


async def test_single_flight_shares_one_call_and_its_failure() -> None:
    flight = SingleFlight()
    calls = 0

    async def slow() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return 7

    assert await asyncio.gather(*(flight.run("k", slow) for _ in range(5))) == [7] * 5
    assert calls == 1

    async def failing() -> int:
        await asyncio.sleep(0.01)
        raise RuntimeError("boom")

    results = await asyncio.gather(*(flight.run("f", failing) for _ in range(3)), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    # Nothing stays in flight: the next call runs again.
    assert await flight.run("k", slow) == 7 and calls == 2


async def test_single_flight_propagates_cancellation_to_followers() -> None:
    flight = SingleFlight()
    started = asyncio.Event()

    async def hang() -> int:
        started.set()
        await asyncio.sleep(10)
        return 1

    leader = asyncio.create_task(flight.run("k", hang))
    await started.wait()
    follower = asyncio.create_task(flight.run("k", hang))
    await asyncio.sleep(0)
    leader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follower


async def test_memory_cache_is_bounded_by_bytes_as_well_as_entries() -> None:
    cache = MemoryResponseCache(maxsize=100, max_bytes=10_000)
    body = b"x" * 3000
    for n in range(5):
        await cache.set(f"k{n}", CachedResponse(200, "application/json", body, ttl=60))
    assert len(cache) == 2 and cache.bytes_held <= 10_000  # 3 x (3000 + overhead) would exceed the budget
    assert await cache.get("k4") is not None and await cache.get("k0") is None
    await cache.set("huge", CachedResponse(200, "application/json", b"x" * 20_000, ttl=60))
    assert await cache.get("huge") is None  # larger than the whole budget: never stored
    assert await cache.get("k4") is not None  # and it evicted nothing


async def test_memory_cache_is_bounded_by_entries() -> None:
    cache = MemoryResponseCache(maxsize=3)
    for n in range(10):
        await cache.set(f"k{n}", CachedResponse(200, "application/json", b"{}", ttl=60))
    assert len(cache) == 3
