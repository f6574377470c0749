"""Upstream calls under attack and failure: redirects keep credentials home, only validated payloads are cached,
deadlines and body caps hold, breakers open, stale answers are served and said to be stale."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from pydantic import BaseModel

from kllgraph_gateway._cache import MemoryResponseCache
from kllgraph_gateway._errors import (
    BadUserInput,
    UpstreamBadPayload,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from kllgraph_gateway._observability import Metrics
from kllgraph_gateway._resilience import CircuitBreaker, RequestBudget
from kllgraph_gateway._upstream import RetryPolicy, SourceClient, SourceRuntime, Upstream
from kllgraph_gateway.connectors import Auth, Source

from .harness import make_settings, running_gateway, world

SECRET = "s3cr3t-token-value"


class Payload(BaseModel):
    value: int


def make_client(
    handler: Callable[[httpx.Request], httpx.Response] | httpx.AsyncBaseTransport, *, auth: Auth | None = None,
    attempts: int = 1, ttl: float = 60, stale_for: float = 0, timeout: float = 5, max_bytes: int = 10_000,
    budget: RequestBudget | None = None, breaker: CircuitBreaker | None = None, metrics: Metrics | None = None,
) -> SourceClient:
    auth = auth or Auth(header="Authorization", scheme="Bearer ")
    source = Source(name="demo", agency="Demo", api_name="Demo API", base_url="https://demo.example.se/api",
                    documentation="https://demo.example.se/doc", licence="CC0", auth=auth)
    transport = handler if isinstance(handler, httpx.AsyncBaseTransport) else httpx.MockTransport(handler)
    runtime = SourceRuntime(
        source=source, base_url=source.base_url, ttl_seconds=ttl, auth_headers={auth.header: auth.scheme + SECRET},
        semaphore=asyncio.Semaphore(2), timeout_seconds=timeout, max_response_bytes=max_bytes,
        breaker=breaker or CircuitBreaker(),
    )
    upstream = Upstream(http=httpx.AsyncClient(transport=transport, follow_redirects=False),
                        runtimes={"demo": runtime}, cache=MemoryResponseCache(100),
                        retry=RetryPolicy(attempts=attempts, backoff_seconds=0), metrics=metrics,
                        stale_if_error_seconds=stale_for)
    return upstream.client("demo", budget=budget)


@pytest.mark.parametrize("auth", [Auth(header="api-key"), Auth(header="Authorization", scheme="Bearer ")],
                         ids=["api-key header", "Bearer"])
async def test_a_redirect_to_another_origin_is_not_followed_and_no_credential_leaves(auth: Auth) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "demo.example.se":
            return httpx.Response(302, headers={"location": "http://other-host.example/steal?x=1"})
        return httpx.Response(200, json={"value": 1})

    with pytest.raises(UpstreamRejected) as excinfo:
        await make_client(handler, auth=auth).get_model("/x", Payload, endpoint="x")
    assert [r.url.host for r in seen] == ["demo.example.se"]  # the second host got nothing at all
    assert "another origin" in excinfo.value.message and SECRET not in excinfo.value.message


async def test_a_redirect_within_the_origin_is_followed_with_its_credentials() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/old":
            return httpx.Response(301, headers={"location": "/api/new"})
        return httpx.Response(200, json={"value": 7})

    assert (await make_client(handler).get_model("/old", Payload, endpoint="x")).value == 7
    assert [r.url.path for r in seen] == ["/api/old", "/api/new"]
    assert seen[1].headers["authorization"] == f"Bearer {SECRET}"


async def test_the_gateway_keeps_the_jobsearch_key_home_on_a_foreign_redirect() -> None:
    foreign: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.host == "jobsearch.api.jobtechdev.se":
            return httpx.Response(302, headers={"location": "http://other-host.example/search"})
        if request.url.host == "other-host.example":
            foreign.append(request)
        return httpx.Response(200, json=world("taxonomy_occupations.json"))

    settings = make_settings(source_tokens={"jobsearch": SECRET, "swecris": "t"})
    async with running_gateway(httpx.MockTransport(upstream), settings=settings) as gateway:
        status, body = await gateway.query("{ jobAds(first: 1) { totalCount } }")
    assert status == 200 and foreign == []
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_REJECTED"
    assert body["errors"][0]["extensions"]["source"] == "jobsearch" and SECRET not in str(body)


@pytest.mark.parametrize("bad", [b"{not json", b"{}", b'{"value": null}', b'{"value": "many"}'],
                         ids=["malformed", "empty object", "null", "wrong type"])
async def test_bad_payloads_are_never_cached(bad: bytes) -> None:
    answers = [httpx.Response(200, content=bad, headers={"content-type": "application/json"}),
               httpx.Response(200, json={"value": 5})]
    client = make_client(lambda request: answers.pop(0))
    with pytest.raises(UpstreamBadPayload):
        await client.get_model("/x", Payload, endpoint="x")
    assert (await client.get_model("/x", Payload, endpoint="x")).value == 5  # recovered at once, not after a TTL
    assert answers == []


async def test_bodies_beyond_the_cap_are_refused_declared_or_streamed() -> None:
    big = b'{"value": 1, "pad": "' + b"x" * 20_000 + b'"}'

    class Chunks(httpx.AsyncByteStream):
        """A body with no Content-Length, arriving in pieces: the cap must hold while reading."""

        async def __aiter__(self) -> AsyncIterator[bytes]:
            for start in range(0, len(big), 1000):
                yield big[start:start + 1000]

    class Streamed(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, stream=Chunks())

    with pytest.raises(UpstreamBadPayload, match="larger than the 10,000 bytes"):
        await make_client(lambda request: httpx.Response(200, content=big)).get_model("/x", Payload, endpoint="x")
    with pytest.raises(UpstreamBadPayload, match="larger than"):
        await make_client(Streamed()).get_model("/x", Payload, endpoint="x")


async def test_the_deadline_bounds_a_slow_upstream_and_its_retries() -> None:
    calls = 0

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal calls
            calls += 1
            await asyncio.sleep(5)
            return httpx.Response(200, json={"value": 1})

    client = make_client(Slow(), attempts=5, timeout=10, budget=RequestBudget.starting_now(0.2))
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout, match="deadline"):
        await client.get_model("/x", Payload, endpoint="x")
    assert time.monotonic() - started < 1.0 and calls == 1
    with pytest.raises(UpstreamTimeout, match="not sent"):  # past the deadline nothing more is sent
        await client.get_model("/y", Payload, endpoint="x")
    assert calls == 1


async def test_a_timed_out_read_is_not_retried() -> None:
    calls = 0

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal calls
            calls += 1
            await asyncio.sleep(1)
            return httpx.Response(200, json={"value": 1})

    with pytest.raises(UpstreamTimeout, match=r"timed out after 0\.05 s"):
        await make_client(Slow(), attempts=3, timeout=0.05).get_model("/x", Payload, endpoint="x")
    assert calls == 1


async def test_the_breaker_opens_fails_fast_and_closes_after_a_good_probe() -> None:
    calls = 0
    healthy = False

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(200, json={"value": 1}) if healthy else httpx.Response(503)

    metrics = Metrics()
    client = make_client(handler, breaker=CircuitBreaker(failure_threshold=2, reset_seconds=0.05), metrics=metrics)
    for n in range(2):
        with pytest.raises(UpstreamUnavailable):
            await client.get_model(f"/x/{n}", Payload, endpoint="x")
    with pytest.raises(UpstreamUnavailable, match="circuit breaker is open"):
        await client.get_model("/x/2", Payload, endpoint="x")
    assert calls == 2 and client.runtime.breaker.state == "open"
    assert metrics.registry.get_sample_value("kllgraph_breaker_state", {"source": "demo"}) == 2.0
    healthy = True
    await asyncio.sleep(0.06)
    assert (await client.get_model("/x/3", Payload, endpoint="x")).value == 1
    assert str(client.runtime.breaker.state) == "closed"  # str(): mypy narrowed the attribute to "open" above
    assert metrics.registry.get_sample_value(
        "kllgraph_upstream_calls_total", {"source": "demo", "endpoint": "x", "outcome": "UPSTREAM_UNAVAILABLE"}) == 2
    assert metrics.registry.get_sample_value(
        "kllgraph_upstream_calls_total", {"source": "demo", "endpoint": "x", "outcome": "BREAKER_OPEN"}) == 1
    assert metrics.registry.get_sample_value(
        "kllgraph_upstream_calls_total", {"source": "demo", "endpoint": "x", "outcome": "ok"}) == 1


async def test_stale_if_error_serves_an_expired_answer_and_says_so() -> None:
    answers = [httpx.Response(200, json={"value": 9}), httpx.Response(500)]
    budget = RequestBudget.starting_now(10)
    client = make_client(lambda request: answers.pop(0), ttl=0.05, stale_for=60, budget=budget)
    assert (await client.get_model("/x", Payload, endpoint="things")).value == 9
    await asyncio.sleep(0.06)
    assert (await client.get_model("/x", Payload, endpoint="things")).value == 9
    assert answers == [] and len(budget.stale) == 1
    stale = budget.stale[0]
    assert (stale.source, stale.endpoint, stale.error_code) == ("demo", "things", "UPSTREAM_UNAVAILABLE")
    assert stale.age_seconds >= 0.05


async def test_without_a_kept_answer_the_failure_stands() -> None:
    client = make_client(lambda request: httpx.Response(500), ttl=0.05, stale_for=0)
    with pytest.raises(UpstreamUnavailable):
        await client.get_model("/x", Payload, endpoint="x")


async def test_a_value_that_cannot_go_into_a_url_is_bad_user_input() -> None:
    with pytest.raises(BadUserInput):
        await make_client(lambda request: httpx.Response(200, json={"value": 1})).get_model(
            "/x", Payload, endpoint="x", params=[("q", "\ud800")])


async def test_the_request_id_travels_upstream_and_stale_answers_reach_extensions() -> None:
    seen: list[httpx.Request] = []
    failing = False

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if failing and request.url.host == "jobsearch.api.jobtechdev.se":
            return httpx.Response(503)
        if request.url.path == "/search":
            return httpx.Response(200, json={"total": {"value": 2}, "hits": world("jobsearch_ads.json")[:2]})
        return httpx.Response(200, json=world("taxonomy_occupations.json"))

    settings = make_settings(source_ttls={"jobsearch": 0.05})
    query = "{ jobAds(first: 2) { totalCount } }"
    async with running_gateway(httpx.MockTransport(upstream), settings=settings) as gateway:
        response = await gateway.client.post("/graphql", json={"query": query}, headers={"x-request-id": "trace-1"})
        assert response.json()["data"]["jobAds"]["totalCount"] == 2
        assert seen[0].headers["x-request-id"] == "trace-1"
        failing = True
        await asyncio.sleep(0.06)
        _, body = await gateway.query(query)
        health = (await gateway.client.get("/healthz")).json()
    assert "errors" not in body and body["data"]["jobAds"]["totalCount"] == 2
    stale = body["extensions"]["kllgraph"]["stale"]
    assert stale == [{"source": "jobsearch", "endpoint": "search", "ageSeconds": 0, "error": "UPSTREAM_UNAVAILABLE"}]
    assert health["sources"]["jobsearch"]["breaker"] == "closed"
