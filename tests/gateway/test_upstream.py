from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import httpx
import pytest
from pydantic import BaseModel

from kllgraph_gateway._app import build_upstream
from kllgraph_gateway._cache import MemoryResponseCache
from kllgraph_gateway._errors import (
    UpstreamBadPayload,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from kllgraph_gateway._upstream import RetryPolicy, SourceClient, SourceRuntime, Upstream
from kllgraph_gateway.connectors import Auth, Source

from .harness import make_settings

SOURCE = Source(
    name="demo", agency="Demo", api_name="Demo API", base_url="https://demo.example.se/api",
    documentation="https://demo.example.se/doc", licence="CC0", max_concurrency=2, timeout_seconds=0.05,
    auth=Auth(header="Authorization", scheme="Bearer "),
)
SECRET = "s3cr3t-token-value"


class Payload(BaseModel):
    value: int


def make_client(handler: Callable[[httpx.Request], httpx.Response] | httpx.AsyncBaseTransport,
                attempts: int = 3) -> SourceClient:
    transport = handler if isinstance(handler, httpx.AsyncBaseTransport) else httpx.MockTransport(handler)
    runtime = SourceRuntime(
        source=SOURCE, base_url=SOURCE.base_url, ttl_seconds=60,
        auth_headers={"Authorization": f"Bearer {SECRET}"}, semaphore=asyncio.Semaphore(SOURCE.max_concurrency),
    )
    upstream = Upstream(
        http=httpx.AsyncClient(transport=transport), runtimes={"demo": runtime},
        cache=MemoryResponseCache(100), retry=RetryPolicy(attempts=attempts, backoff_seconds=0),
    )
    return upstream.client("demo")


async def test_builds_url_sends_auth_and_caches() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"value": 1, "extra": "tolerated"})

    client = make_client(handler)
    first = await client.get_model("/items", Payload, endpoint="items", params=[("q", "x"), ("q", "y")])
    again = await client.get_model("/items", Payload, endpoint="items", params=[("q", "x"), ("q", "y")])
    assert first.value == 1 and again is first  # parsed once, served from cache
    assert len(seen) == 1
    assert str(seen[0].url) == "https://demo.example.se/api/items?q=x&q=y"
    assert seen[0].headers["authorization"] == f"Bearer {SECRET}"


async def test_retries_5xx_and_429_honouring_retry_after() -> None:
    answers = [httpx.Response(503), httpx.Response(429, headers={"Retry-After": "0"}),
               httpx.Response(200, json={"value": 2})]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    client = make_client(handler)
    assert (await client.get_model("/x", Payload, endpoint="x")).value == 2
    assert answers == []


async def test_gives_up_after_attempts_with_typed_error_and_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(500, text=f"internal error, your token was {SECRET}")

    client = make_client(handler, attempts=2)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UpstreamUnavailable) as excinfo:
        await client.get_model("/x", Payload, endpoint="x")
    assert calls == 2
    assert excinfo.value.source == "demo" and excinfo.value.status == 500
    assert excinfo.value.extensions == {"code": "UPSTREAM_UNAVAILABLE", "source": "demo", "upstreamStatus": 500}
    assert SECRET not in str(excinfo.value) and SECRET not in caplog.text
    assert client.runtime.last_error is not None and client.runtime.last_error.code == "UPSTREAM_UNAVAILABLE"


async def test_timeout_and_connection_errors() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(UpstreamTimeout):
        await make_client(timeout, attempts=1).get_model("/x", Payload, endpoint="x")

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(UpstreamUnavailable):
        await make_client(refused, attempts=2).get_model("/x", Payload, endpoint="x")


async def test_rejected_and_bad_payload_and_not_found() -> None:
    with pytest.raises(UpstreamRejected):
        await make_client(lambda r: httpx.Response(400, json={})).get_model("/x", Payload, endpoint="x")
    with pytest.raises(UpstreamBadPayload) as excinfo:
        await make_client(lambda r: httpx.Response(200, json={"value": "many"})).get_model(
            "/x", Payload, endpoint="x")
    assert "value" in str(excinfo.value)
    missing = await make_client(lambda r: httpx.Response(404)).get("/x", Payload, endpoint="x", not_found_ok=True)
    assert missing is None


async def test_concurrency_cap_and_single_flight() -> None:
    in_flight = peak = calls = 0

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, peak, calls
            calls += 1
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.01)
            in_flight -= 1
            return httpx.Response(200, json={"value": 3})

    client = make_client(Slow())
    distinct = [client.get_model(f"/x/{i}", Payload, endpoint="x") for i in range(6)]
    same = [client.get_model("/same", Payload, endpoint="x") for _ in range(6)]
    await asyncio.gather(*distinct, *same)
    assert peak <= SOURCE.max_concurrency
    assert calls == 7  # six distinct + one shared


# --- Per-source politeness from the settings (issue 16): KLLGRAPH_<SOURCE>_MAX_CONCURRENCY and _RATE_LIMIT ---------


def _settings_upstream(transport: httpx.AsyncBaseTransport, **overrides: object) -> Upstream:
    settings = make_settings(**overrides)
    return build_upstream(settings, httpx.AsyncClient(transport=transport), MemoryResponseCache(100))


@pytest.mark.parametrize(("setting", "expected_peak"), [({}, 4), ({"jobsearch": 7}, 7), ({"jobsearch": 1}, 1)])
async def test_max_concurrency_setting_caps_calls_in_flight(setting: dict[str, int], expected_peak: int) -> None:
    in_flight = peak = 0

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.02)
            in_flight -= 1
            return httpx.Response(200, json={"value": 3})

    client = _settings_upstream(Slow(), source_max_concurrency=setting).client("jobsearch")
    await asyncio.gather(*(client.get_model(f"/x/{i}", Payload, endpoint="x") for i in range(12)))
    assert peak == expected_peak  # the default (JobSearch's record says 4) stays polite


async def test_rate_limit_setting_applies_live_and_never_offline() -> None:
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json={"value": 1}))
    client = _settings_upstream(answer, source_rate_limits={"jobsearch": "1/60"}).client("jobsearch")
    await asyncio.wait_for(client.get_model("/a", Payload, endpoint="x"), 1)  # the first call of the window
    with pytest.raises(TimeoutError):  # the second waits for the next minute
        await asyncio.wait_for(client.get_model("/b", Payload, endpoint="x"), 0.3)
    offline = _settings_upstream(answer, source_rate_limits={"jobsearch": "1/60"}, offline=True)
    assert offline.runtimes["jobsearch"].configured_rate_limiter is None
    assert client.runtime.configured_rate_limiter is not None and client.runtime.rate_limiter is None
