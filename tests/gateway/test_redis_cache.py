"""Two gateway replicas share one Redis response cache: what one fetched upstream, the other serves from Redis.

Needs a `redis-server` binary (.ci/run installs Debian's); the fixture starts a private one on a free port.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest

from kllgraph_gateway._cache import CachedResponse, RedisResponseCache

from .harness import CountingTransport, make_settings, running_gateway, world

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def redis_server_process() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A private redis-server on a free loopback port, and its URL; stopped (and resumed first) on exit."""
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield server, f"redis://127.0.0.1:{port}/0"
    finally:
        server.send_signal(signal.SIGCONT)
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_url() -> Iterator[str]:
    with redis_server_process() as (_server, url):
        yield url


def upstream(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/search":
        return httpx.Response(200, json={"total": {"value": 3}, "hits": world("jobsearch_ads.json")[:3]})
    return httpx.Response(200, json=world("taxonomy_occupations.json"))


QUERY = "{ jobAds(first: 3) { totalCount edges { node { headline occupation { ssykCode } } } } }"


async def test_replicas_share_upstream_responses_through_redis(redis_url: str) -> None:
    first, second = CountingTransport(httpx.MockTransport(upstream)), CountingTransport(httpx.MockTransport(upstream))
    # The upstream cache alone: whole answers shared through Redis are tested in test_response_cache.
    settings = make_settings(redis_url=redis_url, response_cache=False)
    async with running_gateway(first, settings=settings) as replica_a:
        _, answer_a = await replica_a.query(QUERY)
    async with running_gateway(second, settings=settings) as replica_b:
        _, answer_b = await replica_b.query(QUERY)
    assert "errors" not in answer_a and answer_a == answer_b
    assert sum(first.counts.values()) == 2  # one search, one taxonomy mirror
    assert sum(second.counts.values()) == 0  # everything from Redis


async def test_entries_expire_with_their_ttl_and_clear(redis_url: str) -> None:
    cache = RedisResponseCache(redis_url, local_ttl=0.05)
    try:
        await cache.set("k", CachedResponse(200, "application/json", b'{"a": 1}', ttl=0.2))
        hit = await cache.get("k")
        assert hit is not None and hit.body == b'{"a": 1}' and hit.status == 200
        await asyncio.sleep(0.3)
        assert await cache.get("k") is None
        await cache.set("k2", CachedResponse(200, "application/json", b"{}", ttl=60))
        await cache.clear()
        assert await cache.get("k2") is None
    finally:
        await cache.aclose()


async def test_redis_down_degrades_to_no_cache() -> None:
    dead = f"redis://127.0.0.1:{_free_port()}/0"
    counting = CountingTransport(httpx.MockTransport(upstream))
    async with running_gateway(counting, settings=make_settings(redis_url=dead)) as gateway:
        status, body = await gateway.query(QUERY)
    assert status == 200 and "errors" not in body
    assert sum(counting.counts.values()) == 2


@pytest.fixture
def redis_server() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    with redis_server_process() as started:
        yield started


async def test_a_stalled_redis_costs_one_timeout_then_is_skipped_until_it_answers(
    redis_server: tuple[subprocess.Popen[bytes], str],
) -> None:
    server, url = redis_server
    timeout = 0.1
    cache = RedisResponseCache(url, local_ttl=0.0001, timeout=timeout, probe_interval=0.2)
    try:
        await cache.set("warm", CachedResponse(200, "application/json", b"{}", ttl=60))
        assert cache.available
        server.send_signal(signal.SIGSTOP)  # a stalled Redis: connections open, nothing answers
        started = time.perf_counter()
        assert await cache.get("cold-1") is None
        first = time.perf_counter() - started
        started = time.perf_counter()
        for n in range(20):
            assert await cache.get(f"cold-{n}") is None
            await cache.set(f"new-{n}", CachedResponse(200, "application/json", b"{}", ttl=60))
        after = time.perf_counter() - started
        # One request pays at most the timeout (plus scheduling slack); the 40 calls after it skip Redis entirely.
        assert first < timeout + 0.4, first  # slack for a busy machine; a stall without the timeout costs 10 s
        assert after < timeout + 0.1, after
        assert not cache.available
        server.send_signal(signal.SIGCONT)
        deadline = time.monotonic() + 5
        while not cache.available:
            assert time.monotonic() < deadline, "the probe never saw Redis again"
            await cache.get("probe-trigger")
            await asyncio.sleep(0.05)
        await cache.set("back", CachedResponse(200, "application/json", b'{"b": 1}', ttl=60))
        await asyncio.sleep(0.01)
        hit = await cache.get("back")
        assert hit is not None and hit.body == b'{"b": 1}'
    finally:
        await cache.aclose()
