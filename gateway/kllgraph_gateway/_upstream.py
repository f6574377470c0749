"""The one way every connector talks upstream.

One shared `httpx.AsyncClient` per app; per source: base URL, timeout, concurrency cap, optional rate limiter,
cache TTL and credentials. Every call goes cache → single-flight → rate limit → concurrency cap → retries → httpx.
Upstream failures become typed gateway errors here and nowhere else (`_send` and `_validate`).
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

import httpx
import pydantic
from aiolimiter import AsyncLimiter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_exponential_jitter

from ._cache import CachedResponse, ResponseCache, SingleFlight, cache_key
from ._errors import (
    SnapshotMissing,
    UpstreamBadPayload,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnauthorized,
    UpstreamUnavailable,
)
from .connectors import Source

__all__ = [
    "FIELD_DEPTH", "REPLAYED_HEADER", "LastError", "Params", "RetryPolicy", "SourceClient", "SourceRuntime", "Upstream",
]

log = logging.getLogger("kllgraph_gateway.upstream")

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)

# Nesting depth of the GraphQL field whose resolver is running (set by `_extensions.FieldDepth`), so upstream calls
# can be counted per (source, endpoint, level): the batching guarantee the tests check.
FIELD_DEPTH: ContextVar[int] = ContextVar("kllgraph_field_depth", default=0)
Params = Sequence[tuple[str, str]]


class SnapshotMissingError(httpx.TransportError):
    """Raised by the replay transport for a request the snapshot holds no recording of."""


# Set by the replay transport on every response it answers from the snapshot, so log lines can say so.
REPLAYED_HEADER = "x-kllgraph-replayed"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    backoff_seconds: float = 0.5
    max_wait_seconds: float = 10.0


@dataclass(slots=True)
class LastError:
    at: datetime
    code: str
    message: str


@dataclass(slots=True)
class SourceRuntime:
    source: Source
    base_url: str
    ttl_seconds: float
    auth_headers: dict[str, str] = field(repr=False)  # secret: never logged, never in errors
    semaphore: asyncio.Semaphore
    rate_limiter: AsyncLimiter | None = None
    last_error: LastError | None = None
    # Live, the source requires a token (`Auth.required`) and none is set: calls fail before reaching the network.
    missing_token: bool = False


class _RetryableStatus(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _retry_after_seconds(exc: BaseException) -> float | None:
    if not isinstance(exc, _RetryableStatus):
        return None
    value = exc.response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, (parsed - datetime.now(UTC)).total_seconds())


def _is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, SnapshotMissingError):
        return False
    return isinstance(exc, _RetryableStatus | httpx.TransportError)


class Upstream:
    """Shared upstream access for one app: sources, cache, single-flight, retry policy and call counts."""

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        runtimes: Mapping[str, SourceRuntime],
        cache: ResponseCache,
        retry: RetryPolicy,
    ) -> None:
        self.http = http
        self.runtimes = dict(runtimes)
        self.cache = cache
        self.retry = retry
        self._single_flight = SingleFlight()
        # Calls that reached the network (or the snapshot), per (source, endpoint) and per (source, endpoint, level).
        self.calls: Counter[tuple[str, str]] = Counter()
        self.calls_by_level: Counter[tuple[str, str, int]] = Counter()

    def client(self, name: str) -> SourceClient:
        return SourceClient(self, self.runtimes[name])


class SourceClient:
    """Upstream access bound to one source; connectors' `api.py` functions take one of these."""

    def __init__(self, upstream: Upstream, runtime: SourceRuntime) -> None:
        self._upstream = upstream
        self.runtime = runtime

    @property
    def name(self) -> str:
        return self.runtime.source.name

    def set_rate_limit(self, max_calls: int, period_seconds: float) -> None:
        """Install a client-side limiter (e.g. from a source's own published limits)."""
        current = self.runtime.rate_limiter
        if current is None or (current.max_rate, current.time_period) != (max_calls, period_seconds):
            self.runtime.rate_limiter = AsyncLimiter(max_calls, period_seconds)

    async def get(
        self,
        path: str,
        model: type[ModelT],
        *,
        endpoint: str,
        params: Params = (),
        headers: Mapping[str, str] | None = None,
        not_found_ok: bool = False,
    ) -> ModelT | None:
        response = await self.fetch("GET", path, endpoint=endpoint, params=params, headers=headers,
                                    not_found_ok=not_found_ok)
        if response.status == 404:
            return None
        return self._validate(response, model, path)

    async def get_model(
        self,
        path: str,
        model: type[ModelT],
        *,
        endpoint: str,
        params: Params = (),
        headers: Mapping[str, str] | None = None,
    ) -> ModelT:
        response = await self.fetch("GET", path, endpoint=endpoint, params=params, headers=headers)
        return self._validate(response, model, path)

    async def post_model(
        self,
        path: str,
        model: type[ModelT],
        *,
        endpoint: str,
        json: object,
        params: Params = (),
        headers: Mapping[str, str] | None = None,
    ) -> ModelT:
        response = await self.fetch("POST", path, endpoint=endpoint, params=params, json=json, headers=headers)
        return self._validate(response, model, path)

    async def fetch(
        self,
        method: str,
        path: str,
        *,
        endpoint: str,
        params: Params = (),
        json: object | None = None,
        headers: Mapping[str, str] | None = None,
        not_found_ok: bool = False,
    ) -> CachedResponse:
        """Cached, single-flight upstream call. `path` is relative to the source's base URL."""
        params = [(str(k), str(v)) for k, v in params]
        key = cache_key(self.name, method, path, params, json)
        upstream = self._upstream
        cached = await upstream.cache.get(key)
        if cached is not None:
            return cached

        async def call() -> CachedResponse:
            response = await self._send(method, path, endpoint=endpoint, params=params, json=json,
                                        headers=headers, not_found_ok=not_found_ok)
            await upstream.cache.set(key, response)
            return response

        return await upstream._single_flight.run(key, call)

    def _url(self, path: str) -> str:
        return self.runtime.base_url.rstrip("/") + "/" + path.lstrip("/")

    def _fail(self, error: UpstreamError) -> UpstreamError:
        self.runtime.last_error = LastError(datetime.now(UTC), error.code, error.message)
        log.warning("upstream failure %s: %s", error.code, error.message)
        return error

    async def _send(
        self,
        method: str,
        path: str,
        *,
        endpoint: str,
        params: Params,
        json: object | None,
        headers: Mapping[str, str] | None,
        not_found_ok: bool,
    ) -> CachedResponse:
        runtime, upstream = self.runtime, self._upstream
        url = self._url(path)
        request_headers = {**runtime.source.headers, **(headers or {}), **runtime.auth_headers}
        policy = upstream.retry

        backoff = wait_exponential_jitter(
            multiplier=policy.backoff_seconds, max=policy.max_wait_seconds, jitter=policy.backoff_seconds
        )

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            retry_after = _retry_after_seconds(exc) if exc else None
            if retry_after is not None:
                return min(retry_after, policy.max_wait_seconds)
            return backoff(state) if policy.backoff_seconds > 0 else 0.0

        async def attempt() -> httpx.Response:
            if runtime.rate_limiter is not None:
                await runtime.rate_limiter.acquire()
            async with runtime.semaphore:
                upstream.calls[(self.name, endpoint)] += 1
                upstream.calls_by_level[(self.name, endpoint, FIELD_DEPTH.get())] += 1
                started = time.perf_counter()
                response = await upstream.http.request(
                    method, url, params=list(params), json=json, headers=request_headers,
                    timeout=runtime.source.timeout_seconds,
                )
                if REPLAYED_HEADER in response.headers:
                    log.debug("%s %s %s replayed from the offline snapshot (%s data) -> %s", self.name, method,
                              path, response.headers[REPLAYED_HEADER], response.status_code)
                else:
                    log.debug("%s %s %s -> %s in %.0f ms", self.name, method, url, response.status_code,
                              (time.perf_counter() - started) * 1000)
            if response.status_code == 429 or response.status_code >= 500:
                await response.aread()
                raise _RetryableStatus(response)
            await response.aread()
            return response

        # The one place where transport and HTTP failures become gateway errors.
        where = f"{method} {url}"
        source = runtime.source
        if runtime.missing_token:
            raise self._fail(UpstreamUnauthorized(
                self.name, f"{source.api_name} needs an API token and none is set: {source.token_advice()}"))
        try:
            response: httpx.Response = await AsyncRetrying(
                stop=stop_after_attempt(policy.attempts),
                wait=wait,
                retry=retry_if_exception(_is_retryable),
                reraise=True,
            )(attempt)
        except SnapshotMissingError as exc:
            if not_found_ok:
                # The one rule for unknown ids: a by-id lookup the snapshot has no recording of is an id the
                # snapshot does not know, answered like the upstream's 404 (null), not as an error.
                log.debug("%s %s %s: not in the offline snapshot, answered as unknown", self.name, method, path)
                return CachedResponse(status=404, content_type="", body=b"", ttl=runtime.ttl_seconds)
            raise self._fail(SnapshotMissing(self.name, str(exc))) from None
        except httpx.TimeoutException:
            raise self._fail(UpstreamTimeout(
                self.name, f"{where} timed out after {runtime.source.timeout_seconds:g} s")) from None
        except _RetryableStatus as exc:
            status = exc.response.status_code
            raise self._fail(UpstreamUnavailable(
                self.name, f"{where} answered HTTP {status} after {policy.attempts} attempt(s)", status=status,
            )) from None
        except httpx.TransportError as exc:
            raise self._fail(UpstreamUnavailable(
                self.name, f"{where} failed: {type(exc).__name__}")) from None

        status = response.status_code
        if status == 404 and not_found_ok:
            return CachedResponse(status=404, content_type="", body=b"", ttl=runtime.ttl_seconds)
        if status in (401, 403):
            refused = (f"{source.token_advice()}, or check the token" if source.auth is not None
                       else "the gateway sends no credentials to this source")
            raise self._fail(UpstreamUnauthorized(
                self.name, f"{where} answered HTTP {status} (access refused): {refused}", status=status))
        if status >= 400:
            raise self._fail(UpstreamRejected(self.name, f"{where} answered HTTP {status}", status=status))
        return CachedResponse(
            status=status,
            content_type=response.headers.get("content-type", ""),
            body=response.content,
            ttl=runtime.ttl_seconds,
        )

    def _validate(self, response: CachedResponse, model: type[ModelT], path: str) -> ModelT:
        memo = response.parsed.get(model)
        if memo is not None:
            parsed: ModelT = memo
            return parsed
        try:
            parsed = model.model_validate_json(response.body)
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            location = ".".join(str(part) for part in first["loc"]) or "(root)"
            raise self._fail(UpstreamBadPayload(
                self.name, f"payload of {self._url(path)} does not match {model.__name__}: "
                           f"{location}: {first['msg']} ({exc.error_count()} problem(s))",
            )) from None
        response.parsed[model] = parsed
        return parsed

