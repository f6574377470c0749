"""The one way every connector talks upstream.

One shared `httpx.AsyncClient` per app; per source: base URL, timeout, body size cap, concurrency cap, optional rate
limiter, cache TTL, circuit breaker and credentials. Every call goes

    cache (fresh) → single-flight → breaker → deadline → rate limit → concurrency cap → retries → httpx
    → size cap → validation → cache (only what validated)

and, when the upstream fails, an expired cached answer is served instead if one is kept (stale-if-error; the
request's `extensions` say so). Upstream failures become typed gateway errors here and nowhere else (`_send` and
`_validate`). Redirects are followed only within the request's own origin, so credentials never leave it.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

import httpx
import pydantic
from aiolimiter import AsyncLimiter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_any
from tenacity.stop import stop_base
from tenacity.wait import wait_exponential_jitter

from ._cache import CachedResponse, ResponseCache, SingleFlight, cache_key
from ._errors import (
    BadUserInput,
    SnapshotMissing,
    UpstreamBadPayload,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnauthorized,
    UpstreamUnavailable,
)
from ._observability import Metrics, current_request_id
from ._resilience import CircuitBreaker, RequestBudget, StaleAnswer
from .connectors import Source

__all__ = [
    "ENDPOINT_EXTENSION", "PRIVATE_EXTENSION", "REPLAYED_HEADER", "LastError", "Params", "RetryPolicy",
    "SourceClient", "SourceRuntime", "Upstream",
]

log = logging.getLogger("kllgraph_gateway.upstream")

try:  # Optional tracing (`kllgraph[otel]`): a span per upstream call; a no-op until an SDK is configured.
    from opentelemetry import trace as _otel_trace
except ImportError:  # pragma: no cover - depends on the installed extras
    _otel_trace = None  # type: ignore[assignment]
# Taken once: a proxy that follows whatever tracer provider is configured later (a no-op until one is).
_TRACER = _otel_trace.get_tracer("kllgraph_gateway") if _otel_trace is not None else None

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)

# Every request the connectors send names its (source, endpoint) here in `httpx.Request.extensions`, so a transport
# (the tests' counting one, a recorder) can tell what it carries without parsing URLs.
ENDPOINT_EXTENSION = "kllgraph_endpoint"
# Set (True) on a request whose body carries a person's text (`post_private`): an observing transport keeps no copy.
PRIVATE_EXTENSION = "kllgraph_private"
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
    timeout_seconds: float = 15.0  # per attempt; never more than what the request's deadline leaves
    max_response_bytes: int = 20 * 1024 * 1024
    breaker: CircuitBreaker = field(default_factory=CircuitBreaker)
    rate_limiter: AsyncLimiter | None = None  # the source's own published limit (e.g. SCB's /config)
    # The operator's limit (KLLGRAPH_<NAME>_RATE_LIMIT); both apply, so a setting never lifts a published limit.
    configured_rate_limiter: AsyncLimiter | None = None
    last_error: LastError | None = None
    # Live, the source requires a token (`Auth.required`) and none is set: calls fail before reaching the network.
    missing_token: bool = False
    # Offline the snapshot answers: a source's published call limits protect the agency, not the snapshot, so no
    # client-side limiter is installed (it spaced SCB calls 333 ms apart for nothing).
    offline: bool = False


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
    # A read that timed out is not retried: a slow upstream stays slow, and the deadline bounds the request anyway.
    if isinstance(exc, SnapshotMissingError | httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout):
        return False
    return isinstance(exc, _RetryableStatus | httpx.TransportError)


class _TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class _ForeignRedirect(Exception):
    def __init__(self, status: int, location: httpx.URL) -> None:
        super().__init__(status)
        self.status = status
        self.location = location


class _DeadlinePassed(Exception):
    """The request's own deadline ran out while this call waited or ran (not the upstream's fault)."""


_MAX_REDIRECTS = 5
# Failures that say the upstream is unhealthy (they count for its breaker and allow a stale answer); 4xx answers
# and shape drift are about the request or the payload, not the upstream's health, but may still be answered stale.
_HEALTH_FAILURES = (UpstreamUnavailable, UpstreamTimeout)
_STALE_ALLOWED = (UpstreamUnavailable, UpstreamTimeout, UpstreamBadPayload, UpstreamRejected)


class _StopAtDeadline(stop_base):
    """The retry budget never outlives the deadline: no retry whose wait would end past it."""

    def __init__(self, remaining: Callable[[], float]) -> None:
        self.remaining = remaining

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.upcoming_sleep >= self.remaining()


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


class Upstream:
    """Shared upstream access for one app: sources, cache, single-flight, retry policy, metrics and call counts."""

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        runtimes: Mapping[str, SourceRuntime],
        cache: ResponseCache,
        retry: RetryPolicy,
        metrics: Metrics | None = None,
        stale_if_error_seconds: float = 0.0,
    ) -> None:
        self.http = http
        self.runtimes = dict(runtimes)
        self.cache = cache
        self.retry = retry
        self.metrics = metrics
        self.stale_if_error_seconds = stale_if_error_seconds
        self._single_flight = SingleFlight()
        # Calls that reached the network (or the snapshot), per (source, endpoint).
        self.calls: Counter[tuple[str, str]] = Counter()
        if metrics is not None:
            for name, runtime in self.runtimes.items():
                metrics.breaker(name, runtime.breaker.state)

    def client(self, name: str, *, budget: RequestBudget | None = None, refresh: bool = False) -> SourceClient:
        return SourceClient(self, self.runtimes[name], budget, refresh=refresh)


class SourceClient:
    """Upstream access bound to one source (and to one GraphQL request's budget, when it serves one); connectors'
    `api.py` functions take one of these.

    A `refresh` client (the background metadata refresh) skips fresh cache entries: it asks the upstream and
    replaces what is cached, so client requests keep finding the entry fresh.
    """

    def __init__(self, upstream: Upstream, runtime: SourceRuntime, budget: RequestBudget | None = None, *,
                 refresh: bool = False) -> None:
        self._upstream = upstream
        self.runtime = runtime
        self.budget = budget
        self.refresh = refresh

    @property
    def name(self) -> str:
        return self.runtime.source.name

    def set_rate_limit(self, max_calls: int, period_seconds: float) -> None:
        """Install a client-side limiter (e.g. from a source's own published limits); none offline."""
        if self.runtime.offline:
            return
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
        response = await self._fetch("GET", path, model, endpoint=endpoint, params=params, headers=headers,
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
        response = await self._fetch("GET", path, model, endpoint=endpoint, params=params, headers=headers)
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
        response = await self._fetch("POST", path, model, endpoint=endpoint, params=params, json=json,
                                     headers=headers)
        return self._validate(response, model, path)

    async def post(
        self,
        path: str,
        model: type[ModelT],
        *,
        endpoint: str,
        json: object,
        not_found_ok: bool = False,
    ) -> ModelT | None:
        """`post_model` for a by-id read: with `not_found_ok`, None when the upstream answers 404 or (offline) the
        snapshot holds no recording of it (the one rule for unknown ids)."""
        response = await self._fetch("POST", path, model, endpoint=endpoint, json=json, not_found_ok=not_found_ok)
        if response.status == 404:
            return None
        return self._validate(response, model, path)

    async def post_private(
        self,
        path: str,
        model: type[ModelT],
        *,
        endpoint: str,
        json: object,
    ) -> ModelT:
        """A POST whose body carries a person's text (`_personal`): sent, retried, limited and validated like every
        call, but never cached, never shared with a concurrent identical call (its single-flight key would hash the
        text) and never answered from a stale copy. Its failures become gateway errors here like every other."""
        response = await self._send("POST", path, endpoint=endpoint, params=(), json=json, headers=None,
                                    not_found_ok=False, private=True)
        return self._validate(response, model, path)

    async def _fetch(
        self,
        method: str,
        path: str,
        model: type[pydantic.BaseModel],
        *,
        endpoint: str,
        params: Params = (),
        json: object | None = None,
        headers: Mapping[str, str] | None = None,
        not_found_ok: bool = False,
    ) -> CachedResponse:
        """Cached, single-flight upstream call whose payload validated against `model` (only such answers are
        cached). `path` is relative to the source's base URL."""
        params = [(str(k), str(v)) for k, v in params]
        try:
            key = cache_key(self.name, method, path, params, json)
        except UnicodeEncodeError:
            # A lone surrogate ("\ud800") is valid JSON in a GraphQL variable but no text an upstream can receive.
            raise BadUserInput(f"a value sent cannot be put into a {self.name} request: it is not valid Unicode "
                               "text") from None
        upstream = self._upstream
        cached = await upstream.cache.get(key)
        if upstream.metrics is not None:
            upstream.metrics.cache_lookup(hit=cached is not None and cached.fresh)
        if cached is not None and cached.fresh and not self.refresh:
            self._touched(cached)
            return cached

        async def call() -> CachedResponse:
            response = await self._send(method, path, endpoint=endpoint, params=params, json=json,
                                        headers=headers, not_found_ok=not_found_ok)
            if response.status != 404:
                self._validate(response, model, path)  # raises before anything is stored
            response.stale_for = upstream.stale_if_error_seconds
            await upstream.cache.set(key, response)
            return response

        try:
            response = await upstream._single_flight.run(key, call)
            self._touched(response)
            return response
        except _STALE_ALLOWED as error:
            if cached is None or isinstance(error, SnapshotMissing):
                raise
            # Stale-if-error: the upstream failed, an expired answer that once validated is still kept.
            log.warning("%s: serving a stale answer (%.0f s old) for %s %s: %s", self.name, cached.age, method,
                        path, error.code)
            if self.budget is not None:
                self.budget.stale.append(StaleAnswer(self.name, endpoint, cached.age, error.code))
            return cached

    def _touched(self, response: CachedResponse) -> None:
        # What the whole-response cache needs: which sources an answer used, and how long they all stay fresh.
        if self.budget is not None:
            self.budget.touched(self.name, response.ttl - response.age)

    def _url(self, path: str) -> str:
        return self.runtime.base_url.rstrip("/") + "/" + path.lstrip("/")

    def _fail(self, error: UpstreamError) -> UpstreamError:
        self.runtime.last_error = LastError(datetime.now(UTC), error.code, error.message)
        log.warning("upstream failure %s: %s", error.code, error.message)
        return error

    def _remaining(self) -> float:
        return self.budget.remaining() if self.budget is not None else float("inf")

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
        private: bool = False,
    ) -> CachedResponse:
        runtime, upstream = self.runtime, self._upstream
        source, breaker = runtime.source, runtime.breaker
        url = self._url(path)
        where = f"{method} {url}"
        if runtime.missing_token:
            raise self._fail(UpstreamUnauthorized(
                self.name, f"{source.api_name} needs an API token and none is set: {source.token_advice()}"))
        if self._remaining() <= 0:
            raise UpstreamTimeout(self.name, f"{where} not sent: the request's deadline had passed")
        if not breaker.allow():
            if upstream.metrics is not None:
                upstream.metrics.upstream_call(self.name, endpoint, "BREAKER_OPEN")
            raise self._fail(UpstreamUnavailable(
                self.name, f"{where} not sent: the circuit breaker is open after {breaker.failures} consecutive "
                           f"failures; next probe in {breaker.retry_in():.0f} s"))
        outcome = "ok"
        # The span records a failure's exception and error status itself (the exception leaves through it).
        span = (_TRACER.start_as_current_span(
                    f"{self.name} {endpoint}", kind=_otel_trace.SpanKind.CLIENT,
                    attributes={"kllgraph.source": self.name, "kllgraph.endpoint": endpoint,
                                "http.request.method": method, "url.path": path})
                if _TRACER is not None and _otel_trace is not None else contextlib.nullcontext())
        try:
            with span as current:
                response = await self._send_with_retries(method, url, endpoint=endpoint, params=params, json=json,
                                                         headers=headers, not_found_ok=not_found_ok, private=private)
                if current is not None:
                    current.set_attribute("http.response.status_code", response.status)
        except _DeadlinePassed:
            breaker.released()
            outcome = "UPSTREAM_TIMEOUT"
            raise UpstreamTimeout(self.name, f"{where} cut short: the request's deadline passed") from None
        except UpstreamError as error:
            outcome = error.code
            if isinstance(error, _HEALTH_FAILURES):
                breaker.failed()
            else:
                breaker.succeeded()  # it answered: a 4xx or a drifted payload is not an outage
            raise
        else:
            breaker.succeeded()
            return response
        finally:
            if upstream.metrics is not None:
                upstream.metrics.upstream_call(self.name, endpoint, outcome)
                upstream.metrics.breaker(self.name, breaker.state)

    async def _send_with_retries(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        params: Params,
        json: object | None,
        headers: Mapping[str, str] | None,
        not_found_ok: bool,
        private: bool = False,
    ) -> CachedResponse:
        request = self._build_request(method, url, endpoint=endpoint, params=params, json=json, headers=headers,
                                      private=private)
        runtime, where = self.runtime, f"{method} {url}"

        async def attempt() -> httpx.Response:
            remaining = self._remaining()
            if remaining <= 0:
                raise _DeadlinePassed
            timeout = min(runtime.timeout_seconds, remaining)
            try:
                async with asyncio.timeout(timeout):
                    return await self._attempt(request, endpoint=endpoint, timeout=timeout)
            except TimeoutError:
                if timeout < runtime.timeout_seconds:
                    raise _DeadlinePassed from None
                raise httpx.ReadTimeout(f"no answer within {timeout:g} s", request=request) from None

        try:
            response: httpx.Response = await self._retrying()(attempt)
        except SnapshotMissingError as exc:
            if not_found_ok:
                # The one rule for unknown ids: a by-id lookup the snapshot has no recording of is an id the
                # snapshot does not know, answered like the upstream's 404 (null), not as an error.
                log.debug("%s %s: not in the offline snapshot, answered as unknown", self.name, where)
                return CachedResponse(status=404, content_type="", body=b"", ttl=runtime.ttl_seconds)
            raise self._fail(SnapshotMissing(self.name, str(exc))) from None
        except (httpx.TransportError, _RetryableStatus, _TooLarge, _ForeignRedirect) as exc:
            raise self._fail(self._transport_error(exc, where)) from None
        return self._answer(response, where, not_found_ok=not_found_ok)

    def _build_request(self, method: str, url: str, *, endpoint: str, params: Params, json: object | None,
                       headers: Mapping[str, str] | None, private: bool = False) -> httpx.Request:
        runtime = self.runtime
        request_headers = {**runtime.source.headers, **(headers or {}), **runtime.auth_headers}
        request_id = current_request_id()
        if request_id is not None:
            request_headers["x-request-id"] = request_id
        try:
            # The source and endpoint travel with the request, so an observing transport (tests) can count them.
            return self._upstream.http.build_request(method, url, params=list(params), json=json,
                                                     headers=request_headers,
                                                     extensions={ENDPOINT_EXTENSION: (self.name, endpoint),
                                                                 PRIVATE_EXTENSION: private})
        except (httpx.InvalidURL, UnicodeEncodeError) as exc:
            # Only client input can make a URL we cannot build (ids are checked before; this is the last guard).
            raise BadUserInput(f"the value sent cannot be put into a {self.name} request: {exc}") from None

    def _retrying(self) -> AsyncRetrying:
        """Attempts with exponential backoff (or the upstream's Retry-After), never past the request's deadline."""
        policy = self._upstream.retry
        backoff = wait_exponential_jitter(
            multiplier=policy.backoff_seconds, max=policy.max_wait_seconds, jitter=policy.backoff_seconds
        )

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            retry_after = _retry_after_seconds(exc) if exc else None
            if retry_after is not None:
                return min(retry_after, policy.max_wait_seconds)
            return backoff(state) if policy.backoff_seconds > 0 else 0.0

        return AsyncRetrying(
            stop=stop_any(stop_after_attempt(policy.attempts), _StopAtDeadline(self._remaining)),
            wait=wait,
            retry=retry_if_exception(_is_retryable),
            reraise=True,
        )

    def _transport_error(self, exc: Exception, where: str) -> UpstreamError:
        """What a failed exchange means to a client: the one place transport failures become gateway errors."""
        if isinstance(exc, httpx.TimeoutException):
            return UpstreamTimeout(self.name, f"{where} timed out after {self.runtime.timeout_seconds:g} s")
        if isinstance(exc, _RetryableStatus):
            status = exc.response.status_code
            return UpstreamUnavailable(self.name, f"{where} answered HTTP {status} (retries stopped)", status=status)
        if isinstance(exc, _TooLarge):
            return UpstreamBadPayload(self.name, f"{where} answered a body larger than the {exc.limit:,} bytes "
                                                 f"allowed (KLLGRAPH_{self.name.upper()}_MAX_BYTES)")
        if isinstance(exc, _ForeignRedirect):
            return UpstreamRejected(
                self.name, f"{where} answered HTTP {exc.status}, a redirect to another origin "
                           f"({exc.location.scheme}://{exc.location.host}); not followed, so credentials stay with "
                           f"their origin", status=exc.status)
        return UpstreamUnavailable(self.name, f"{where} failed: {type(exc).__name__}")

    def _answer(self, response: httpx.Response, where: str, *, not_found_ok: bool) -> CachedResponse:
        """An answered exchange: 4xx become gateway errors, the rest a cacheable (not yet validated) response."""
        source, status = self.runtime.source, response.status_code
        if status == 404 and not_found_ok:
            return CachedResponse(status=404, content_type="", body=b"", ttl=self.runtime.ttl_seconds)
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
            ttl=self.runtime.ttl_seconds,
        )

    async def _attempt(self, request: httpx.Request, *, endpoint: str, timeout: float) -> httpx.Response:
        """One try: rate limit, concurrency cap, same-origin redirects, a body read up to the size cap."""
        runtime, upstream = self.runtime, self._upstream
        if runtime.configured_rate_limiter is not None:
            await runtime.configured_rate_limiter.acquire()
        if runtime.rate_limiter is not None:
            await runtime.rate_limiter.acquire()
        async with runtime.semaphore:
            upstream.calls[(self.name, endpoint)] += 1
            started = time.perf_counter()
            current = request
            for _hop in range(_MAX_REDIRECTS + 1):
                current.extensions["timeout"] = httpx.Timeout(timeout).as_dict()
                response = await upstream.http.send(current, stream=True, follow_redirects=False)
                if not response.is_redirect:
                    break
                await response.aclose()
                current = self._redirected(current, response)
            else:
                raise httpx.TooManyRedirects(f"more than {_MAX_REDIRECTS} redirects", request=request)
            try:
                body = await self._read_capped(response)
            finally:
                await response.aclose()
            # The body is already decoded: drop the headers that described its encoded form.
            kept = [(k, v) for k, v in response.headers.multi_items()
                    if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
            response = httpx.Response(response.status_code, headers=kept, content=body, request=current)
            if log.isEnabledFor(logging.DEBUG):  # only then: the URL copy below costs a URL parse per call
                self._log_exchange(request, response, started)
        if response.status_code == 429 or response.status_code >= 500:
            raise _RetryableStatus(response)
        return response

    def _log_exchange(self, request: httpx.Request, response: httpx.Response, started: float) -> None:
        if REPLAYED_HEADER in response.headers:
            log.debug("%s %s %s replayed from the offline snapshot (%s data) -> %s", self.name, request.method,
                      request.url.path, response.headers[REPLAYED_HEADER], response.status_code)
        else:
            log.debug("%s %s %s -> %s in %.0f ms", self.name, request.method, request.url.copy_with(query=None),
                      response.status_code, (time.perf_counter() - started) * 1000)

    def _redirected(self, request: httpx.Request, response: httpx.Response) -> httpx.Request:
        location = request.url.join(response.headers.get("location", ""))
        if not _same_origin(location, request.url):
            raise _ForeignRedirect(response.status_code, location)
        if response.status_code in (307, 308):
            return httpx.Request(request.method, location, headers=request.headers, content=request.content)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("content-length", "content-type")}
        return httpx.Request("GET", location, headers=headers)

    async def _read_capped(self, response: httpx.Response) -> bytes:
        limit = self.runtime.max_response_bytes
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _TooLarge(limit)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise _TooLarge(limit)
            chunks.append(chunk)
        return b"".join(chunks)

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

