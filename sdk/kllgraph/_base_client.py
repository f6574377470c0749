"""The client bases: one I/O-free `BaseClient` and two twins that only do the I/O.

`BaseClient` owns request building, response parsing, error mapping, retry decisions and the cache.
A call is a generator ("flow") yielding two kinds of steps, `_Send(request)` and `_Sleep(seconds)`;
`SyncClientBase` and `AsyncClientBase` drive the same flow with blocking or awaitable I/O, as httpx drives
its auth flows.
"""

import copy
import email.utils
import enum
import functools
import logging
import os
import random
import re
import sys
import time
import warnings
from collections.abc import Callable, Generator, Mapping
from types import TracebackType
from typing import Any, Generic, NamedTuple, Self, TypedDict, TypeVar, Unpack, cast

import httpx
import pydantic
import pydantic_core

from ._cache import CacheKey, ResponseCache
from ._constants import (
    ACCEPT,
    BASE_URL_ENV_VAR,
    DEFAULT_BASE_URL,
    DEFAULT_CACHE_MAXSIZE,
    DEFAULT_CACHE_TTL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
)
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ComposedDataWarning,
    GraphQLError,
    GraphQLErrorDetail,
    ResponseValidationError,
    graphql_error_class,
)
from ._models import ConnectionLike, ResponseData, attach_extensions, composed_snapshot
from ._pagination import AsyncPaginator, SyncPaginator
from ._types import NOT_GIVEN, NotGiven
from ._version import __version__

log = logging.getLogger("kllgraph")

M = TypeVar("M", bound=pydantic.BaseModel)
N = TypeVar("N")
R = TypeVar("R")


class ClientOptions(TypedDict, total=False):
    """The keyword options of `Client` and `AsyncClient` (see `BaseClient.__init__`)."""

    timeout: float | httpx.Timeout | None
    max_retries: int
    initial_retry_delay: float
    max_retry_delay: float
    cache: bool
    cache_ttl: float
    cache_maxsize: int
    headers: Mapping[str, str] | None
    raise_on_partial_data: bool
    progress: bool | None


# --- variables and operations -------------------------------------------------------------------------------


def encode_variables(variables: Mapping[str, object]) -> dict[str, Any]:
    """JSON-ready variables: NOT_GIVEN values left out, input models by alias with only the fields set."""
    return {name: _encode_value(value) for name, value in variables.items() if not isinstance(value, NotGiven)}


def _encode_value(value: object) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(key): _encode_value(item) for key, item in value.items() if not isinstance(item, NotGiven)}
    if isinstance(value, list | tuple):
        return [_encode_value(item) for item in value]
    if isinstance(value, enum.Enum):
        return _encode_value(value.value)
    return pydantic_core.to_jsonable_python(value)


_COMMENT = re.compile(r"#[^\n]*")
_MUTATION = re.compile(r"(?:^|[\s}])mutation\b")


class Operation(NamedTuple):
    document: str
    operation_name: str | None
    variables: dict[str, Any]

    @property
    def cache_key(self) -> CacheKey:
        return CacheKey.of(self.document, self.operation_name, self.variables)

    @property
    def cacheable(self) -> bool:
        # Never serve a mutation from the cache. A field named "mutation" also matches: it just goes uncached.
        return _MUTATION.search(_COMMENT.sub("", self.document)) is None


# --- retries ------------------------------------------------------------------------------------------------


def should_retry(response: httpx.Response) -> bool:
    """Whether a response is worth another attempt: rate limited, or a server-side failure."""
    return response.status_code in (408, 429) or response.status_code >= 500


def retry_after_seconds(headers: httpx.Headers | None) -> float | None:
    """The wait `Retry-After` asks for (seconds or an HTTP date), or None if absent or unreadable."""
    value = headers.get("retry-after") if headers is not None else None
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return email.utils.mktime_tz(parsed) - time.time()


def retry_timeout(
    retries_taken: int,
    headers: httpx.Headers | None,
    *,
    initial_delay: float = INITIAL_RETRY_DELAY,
    max_delay: float = MAX_RETRY_DELAY,
) -> float:
    """Seconds to wait before the next attempt: a reasonable `Retry-After`, else backoff with jitter."""
    retry_after = retry_after_seconds(headers)
    if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER:
        return retry_after
    backoff = min(initial_delay * 2.0**retries_taken, max_delay)
    # Jitter spreads the retries of many clients hit by the same outage; up to a quarter shorter.
    return max(backoff * (1 - 0.25 * random.random()), 0.0)


def _retryable_transport_error(exc: httpx.TransportError) -> bool:
    # A bad URL or an unsupported scheme will fail the same way again.
    return isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)


def _map_transport_error(exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Request to {request.url} timed out ({type(exc).__name__})", request=request)
    return APIConnectionError(f"Could not reach {request.url}: {exc or type(exc).__name__}", request=request)


# --- responses ----------------------------------------------------------------------------------------------


def _no_store(response: httpx.Response) -> bool:
    """Whether the response forbids storing it (RFC 9111 `Cache-Control: no-store`)."""
    directives = response.headers.get("cache-control", "").lower().split(",")
    return any(directive.strip() == "no-store" for directive in directives)


class _Answer(NamedTuple):
    """A successful GraphQL response: its `data` and its `extensions` (what the answer says about itself)."""

    data: dict[str, Any]
    extensions: dict[str, Any]


class _Envelope(pydantic.BaseModel, Generic[M]):
    """A GraphQL response body whose `data` is validated as the operation's result model."""

    model_config = pydantic.ConfigDict(extra="ignore")

    data: M | None = None
    errors: list[Any] | None = None
    extensions: dict[str, Any] | None = None


@functools.lru_cache(maxsize=512)
def _envelope_reader(result_type: type[pydantic.BaseModel]) -> type[_Envelope[Any]]:
    return _Envelope[result_type]  # type: ignore[valid-type]


def _read_validated(result_type: type[M], response: httpx.Response) -> tuple[M, dict[str, Any]] | None:
    """The result and extensions of an error-free answer, parsed and validated in one pass over its bytes (pydantic
    reads the JSON itself: no intermediate dicts). None for anything else, which the general path then reads and
    reports (HTTP failures, GraphQL errors, payloads that do not fit)."""
    if not response.is_success:
        return None
    try:
        envelope = _envelope_reader(result_type).model_validate_json(response.content)
    except pydantic.ValidationError:
        return None
    if envelope.data is None or envelope.errors:
        return None
    return cast(M, envelope.data), envelope.extensions or {}


def _read_graphql_response(request: httpx.Request, response: httpx.Response) -> _Answer:
    """The `data` and `extensions` of a successful response; raises the matching error for anything else."""
    try:
        body: object = response.json()
    except ValueError:
        body = None
    has_errors = isinstance(body, dict) and isinstance(body.get("errors"), list) and bool(body["errors"])
    if not response.is_success and not (has_errors and response.status_code < 500):
        # GraphQL over HTTP answers request errors with 4xx and an `errors` body; the rest is an HTTP failure.
        raise APIStatusError(_status_message(response), response=response)
    if not isinstance(body, dict) or not ("data" in body or has_errors):
        raise ResponseValidationError(
            f"Response from {request.url} is not a GraphQL response: {response.text[:200]!r}",
            request=request,
            response=response,
            data=body,
        )
    raw_data = body.get("data")
    data = cast(dict[str, Any], raw_data) if isinstance(raw_data, dict) else None
    raw_extensions = body.get("extensions")
    extensions = cast(dict[str, Any], raw_extensions) if isinstance(raw_extensions, dict) else {}
    if has_errors:
        errors = [GraphQLErrorDetail.from_json(entry) for entry in body["errors"]]
        error_class = graphql_error_class(errors)
        raise error_class(
            _graphql_message(errors),
            request=request,
            response=response,
            errors=errors,
            data=data,
            extensions=extensions,
        )
    if data is None:
        raise ResponseValidationError(
            "GraphQL response has neither data nor errors", request=request, response=response, data=body
        )
    return _Answer(data, extensions)


# Statuses that mean "this URL is not a GraphQL endpoint" rather than "the GraphQL request failed".
_NOT_AN_ENDPOINT = frozenset({301, 302, 303, 307, 308, 404, 405})
GRAPHQL_PATH = "/graphql"


def likely_endpoint(url: httpx.URL) -> httpx.URL:
    """Where the GraphQL endpoint probably is, for a URL that is not it: `<url without trailing />/graphql`."""
    path = url.path.rstrip("/")
    if path.endswith(GRAPHQL_PATH):
        return url.copy_with(path=path, query=None)
    return url.copy_with(path=path + GRAPHQL_PATH, query=None)


def _status_message(response: httpx.Response) -> str:
    url = response.request.url
    snippet = response.text.strip()[:200]
    message = f"HTTP {response.status_code} {response.reason_phrase} from {url}"
    if response.status_code in _NOT_AN_ENDPOINT:
        location = response.headers.get("location")
        if location:
            message += f" (redirected to {url.join(location)}, not followed: only same-origin 307/308 are)"
        if url.path != likely_endpoint(url).path:
            return message + f". Is this the GraphQL endpoint? The gateway serves it at {likely_endpoint(url)}"
    return message + (f": {snippet}" if snippet else "")


MAX_REDIRECTS = 5


def _same_origin_redirect(response: httpx.Response) -> httpx.URL | None:
    """The target of a 307/308 to the same scheme, host and port (method and body are kept), else None.

    Other redirects are not followed: a 301/302/303 would turn the POST into a GET, and a cross-origin one
    would send the request (and its headers) somewhere the caller did not name.
    """
    location = response.headers.get("location")
    if response.status_code not in (307, 308) or not location:
        return None
    source = response.request.url
    target = source.join(location)
    if (target.scheme, target.host, target.port) != (source.scheme, source.host, source.port):
        return None
    return target


def _graphql_message(errors: list[GraphQLErrorDetail]) -> str:
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{errors[0]}{more}"


# --- the I/O-free core --------------------------------------------------------------------------------------


class _Send(NamedTuple):
    request: httpx.Request


class _Sleep(NamedTuple):
    seconds: float


_Step = _Send | _Sleep
# A flow yields steps; after a `_Send` its driver sends the response in (or throws the transport error in).
_Flow = Generator[_Step, httpx.Response, R]


def _copy_data(data: dict[str, Any]) -> ResponseData:
    return ResponseData(copy.deepcopy(data))


def _selecting(result_type: type[M], field: Callable[[M], R]) -> Callable[[dict[str, Any]], R]:
    def parse(data: dict[str, Any]) -> R:
        return field(result_type.model_validate(data))

    return parse


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _caller_stacklevel() -> int:
    """The `stacklevel` that makes a warning issued by this function's caller point at the first frame outside
    the package (the user's line), however deep the call came in (typed method, paginator, `to_pandas()`)."""
    level = 1
    frame = sys._getframe(2)  # the frame that called our caller
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE_DIR + os.sep):
        level += 1
        frame = frame.f_back  # type: ignore[assignment]
    return level + 1


def _redirected(request: httpx.Request, url: httpx.URL) -> httpx.Request:
    return httpx.Request(
        request.method, url, headers=request.headers, content=request.content, extensions=request.extensions
    )


class BaseClient:
    """Configuration and every decision of a client; no I/O."""

    def __init__(
        self,
        base_url: str | httpx.URL | None = None,
        *,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_retry_delay: float = INITIAL_RETRY_DELAY,
        max_retry_delay: float = MAX_RETRY_DELAY,
        cache: bool = True,
        cache_ttl: float = DEFAULT_CACHE_TTL,
        cache_maxsize: int = DEFAULT_CACHE_MAXSIZE,
        headers: Mapping[str, str] | None = None,
        raise_on_partial_data: bool = True,
        progress: bool | None = None,
    ) -> None:
        """
        base_url: the gateway's GraphQL endpoint; default `$KLLGRAPH_URL`, else http://127.0.0.1:8000/graphql.
        timeout: seconds or an `httpx.Timeout`; `None` waits forever.
        max_retries: further attempts after a connection error, timeout, 408, 429 or 5xx.
        initial_retry_delay, max_retry_delay: exponential backoff bounds in seconds (`Retry-After` wins).
        cache, cache_ttl: cache successful responses for `cache_ttl` seconds (per call: `cache_ttl=`).
        raise_on_partial_data: if False, a response with data AND errors returns the data when it validates.
        progress: progress bars while paginating; `None` shows them only inside a Jupyter kernel.
        """
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.base_url = httpx.URL(base_url or os.environ.get(BASE_URL_ENV_VAR) or DEFAULT_BASE_URL)
        self.timeout = httpx.Timeout(timeout)
        self.max_retries = max_retries
        self.initial_retry_delay = initial_retry_delay
        self.max_retry_delay = max_retry_delay
        self.raise_on_partial_data = raise_on_partial_data
        self.progress = progress
        self.headers = httpx.Headers(
            {
                "Accept": ACCEPT,
                "Content-Type": "application/json",
                "User-Agent": f"kllgraph-python/{__version__}",
            }
        )
        self.headers.update(headers or {})
        self.cache = ResponseCache(ttl=cache_ttl if cache else None, maxsize=cache_maxsize)
        self._warned_composed = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self.base_url)!r})"

    def _build_request(self, operation: Operation) -> httpx.Request:
        payload: dict[str, Any] = {"query": operation.document, "variables": operation.variables}
        if operation.operation_name is not None:
            payload["operationName"] = operation.operation_name
        return httpx.Request(
            "POST",
            self.base_url,
            json=payload,
            headers=self.headers,
            # Set here because requests built outside an httpx.Client carry no timeout of their own.
            extensions={"timeout": self.timeout.as_dict()},
        )

    def _send_flow(self, request: httpx.Request) -> _Flow[httpx.Response]:
        """Send with retries; the last response (retryable or not), or the mapped transport error raised."""
        retries_taken = 0
        redirects = 0
        while True:
            try:
                response = yield _Send(request)
            except httpx.TransportError as exc:
                if retries_taken >= self.max_retries or not _retryable_transport_error(exc):
                    raise _map_transport_error(exc, request) from exc
                log.info("Retrying %s after %s", request.url, type(exc).__name__)
                delay = self._retry_timeout(retries_taken, None)
            else:
                target = _same_origin_redirect(response)
                if target is not None and redirects < MAX_REDIRECTS:
                    log.info("Following %s redirect from %s to %s", response.status_code, request.url, target)
                    request = _redirected(request, target)
                    redirects += 1
                    continue
                if retries_taken >= self.max_retries or not should_retry(response):
                    return response
                log.info("Retrying %s after HTTP %s", request.url, response.status_code)
                delay = self._retry_timeout(retries_taken, response.headers)
            yield _Sleep(delay)
            retries_taken += 1

    def _notice(self, extensions: Mapping[str, Any]) -> None:
        """Warn once per client when answers are composed offline data rather than the agencies' own."""
        snapshot = composed_snapshot(extensions)
        if snapshot is None or self._warned_composed:
            return
        self._warned_composed = True
        warnings.warn(
            f"{self.base_url} answers from a composed offline snapshot (composedOn {snapshot.get('composedOn')}): "
            "data in the agencies' shapes, not live answers. Each result's `.extensions` and a DataFrame's "
            "`attrs['kllgraph']` say so too.",
            ComposedDataWarning,
            stacklevel=_caller_stacklevel(),
        )

    def _retry_timeout(self, retries_taken: int, headers: httpx.Headers | None) -> float:
        return retry_timeout(
            retries_taken, headers, initial_delay=self.initial_retry_delay, max_delay=self.max_retry_delay
        )

    def _execute_flow(
        self,
        operation: Operation,
        parse: Callable[[dict[str, Any]], R],
        cache_ttl: float | NotGiven | None,
        result_type: type[pydantic.BaseModel] | None = None,
    ) -> _Flow[R]:
        """One GraphQL call: cache lookup, send with retries, read the response, parse `data`, cache it.

        The result (a model or `ResponseData`) carries the response's `extensions`, also when served from cache.
        With `result_type` (a model) and no caching of this call, an error-free answer is validated straight from
        its bytes (`_read_validated`); the general path below reads everything else.
        """
        request = self._build_request(operation)
        ttl = self.cache.resolve_ttl(cache_ttl) if operation.cacheable else None
        if ttl is not None:
            cached = self.cache.get(operation.cache_key, max_age=ttl)
            if cached is not None:
                answer = _Answer(cached["data"], cached["extensions"])
                return self._parse(parse, answer, request, None)
        response = yield from self._send_flow(request)
        if ttl is None and result_type is not None and (validated := _read_validated(result_type, response)):
            model, extensions = validated
            self._notice(extensions)
            attach_extensions(model, extensions)
            return cast(R, model)  # `result_type` is the model `parse` validates
        try:
            answer = _read_graphql_response(request, response)
        except GraphQLError as exc:
            self._notice(exc.extensions)
            if exc.data is not None:
                exc.partial = self._parse_partial(parse, exc.data)
                attach_extensions(exc.partial, exc.extensions)
            if exc.partial is not None and not self.raise_on_partial_data:
                log.warning("Returning partial data of %s: %s", operation.operation_name, exc)
                return cast(R, exc.partial)
            raise
        self._notice(answer.extensions)
        result = self._parse(parse, answer, request, response)
        # Cached only now: a response that did not validate is not served again; nor one the gateway says no one
        # may store (an answer about a person's text says `Cache-Control: no-store`).
        if ttl is not None and not _no_store(response):
            self.cache.put(operation.cache_key, answer._asdict(), ttl=ttl)
        return result

    @staticmethod
    def _parse(
        parse: Callable[[dict[str, Any]], R],
        answer: _Answer,
        request: httpx.Request,
        response: httpx.Response | None,
    ) -> R:
        try:
            result = parse(answer.data)
        except pydantic.ValidationError as exc:
            raise ResponseValidationError(
                f"Response data does not fit {exc.title}: {exc}",
                request=request,
                response=response,
                data=answer.data,
            ) from exc
        attach_extensions(result, answer.extensions)
        return result

    @staticmethod
    def _parse_partial(parse: Callable[[dict[str, Any]], R], data: Mapping[str, Any]) -> R | None:
        try:
            return parse(dict(data))
        except pydantic.ValidationError:
            return None

    @staticmethod
    def _operation(document: str, operation_name: str | None, variables: Mapping[str, object] | None) -> Operation:
        return Operation(document, operation_name, encode_variables(variables or {}))


def _next_page_variables(variables: Mapping[str, object], after: str | None) -> Mapping[str, object]:
    # The first page keeps the caller's own `after` (they may start mid-way); later pages follow the cursor.
    return variables if after is None else {**variables, "after": after}


# --- the twins ----------------------------------------------------------------------------------------------


class SyncClientBase(BaseClient):
    """Blocking client: `execute` for raw documents, `_execute`/`_paginate` for generated methods."""

    def __init__(
        self,
        base_url: str | httpx.URL | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(base_url, **options)
        self._http = httpx.Client(transport=transport)

    def execute(
        self,
        query: str,
        variables: Mapping[str, object] | None = None,
        operation_name: str | None = None,
        *,
        cache_ttl: float | NotGiven | None = NOT_GIVEN,
    ) -> ResponseData:
        """Run a GraphQL document and return its `data` (a dict) with the response's `.extensions`; raises a
        `KllgraphError` on errors."""
        operation = self._operation(query, operation_name, variables)
        return self._drive(self._execute_flow(operation, _copy_data, cache_ttl))

    def _execute(
        self,
        *,
        document: str,
        operation_name: str,
        variables: Mapping[str, object],
        result_type: type[M],
        cache_ttl: float | NotGiven | None = NOT_GIVEN,
    ) -> M:
        operation = self._operation(document, operation_name, variables)
        return self._drive(self._execute_flow(operation, result_type.model_validate, cache_ttl, result_type))

    def _lookup(
        self,
        *,
        document: str,
        operation_name: str,
        variables: Mapping[str, object],
        result_type: type[M],
        field: Callable[[M], R],
        cache_ttl: float | NotGiven | None = NOT_GIVEN,
    ) -> R:
        """`_execute`, returning `field(result)` (the entity of a single lookup, or None) with the extensions."""
        operation = self._operation(document, operation_name, variables)
        return self._drive(self._execute_flow(operation, _selecting(result_type, field), cache_ttl))

    def _paginate(
        self,
        *,
        document: str,
        operation_name: str,
        variables: Mapping[str, object],
        result_type: type[M],
        connection: Callable[[M], ConnectionLike[N]],
        max_items: int | None = None,
        cache_ttl: float | NotGiven | None = NOT_GIVEN,
    ) -> SyncPaginator[N, M]:
        def fetch_page(after: str | None) -> M:
            return self._execute(
                document=document,
                operation_name=operation_name,
                variables=_next_page_variables(variables, after),
                result_type=result_type,
                cache_ttl=cache_ttl,
            )

        return SyncPaginator(
            fetch_page, connection, max_items=max_items, progress=self.progress, description=operation_name
        )

    def _drive(self, flow: _Flow[R]) -> R:
        try:
            step = next(flow)
            while True:
                if isinstance(step, _Sleep):
                    time.sleep(step.seconds)
                    step = next(flow)
                    continue
                try:
                    response = self._http.send(step.request)
                except httpx.TransportError as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(response)
        except StopIteration as stop:
            return cast(R, stop.value)

    def close(self) -> None:
        """Close the connection pool (and the transport, e.g. an in-process gateway)."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClientBase(BaseClient):
    """Async twin of `SyncClientBase`: the same calls, awaitable; `aclose` instead of `close`."""

    def __init__(
        self,
        base_url: str | httpx.URL | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(base_url, **options)
        self._http = httpx.AsyncClient(transport=transport)

    async def execute(
        self,
        query: str,
        variables: Mapping[str, object] | None = None,
        operation_name: str | None = None,
        *,
        cache_ttl: float | NotGiven | None = NOT_GIVEN,
    ) -> ResponseData:
        """Run a GraphQL document and return its `data` (a dict) with the response's `.extensions`; raises a
        `KllgraphError` on errors."""
        operation = self._operation(query, operation_name, variables)
        return await self._drive(self._execute_flow(operation, _copy_data, cache_ttl))

    async def _execute(
        self,
        *,
        document: str,
        operation_name: str,
        variables: Mapping[str, object],
        result_type: type[M],
        cache_ttl: float | NotGiven | None = NOT_GIVEN,
    ) -> M:
        operation = self._operation(document, operation_name, variables)
        return await self._drive(self._execute_flow(operation, result_type.model_validate, cache_ttl, result_type))

    async def _lookup(
        self,
        *,
        document: str,
        operation_name: str,
        variables: Mapping[str, object],
        result_type: type[M],
        field: Callable[[M], R],
        cache_ttl: float | NotGiven | None = NOT_GIVEN,
    ) -> R:
        """`_execute`, returning `field(result)` (the entity of a single lookup, or None) with the extensions."""
        operation = self._operation(document, operation_name, variables)
        return await self._drive(self._execute_flow(operation, _selecting(result_type, field), cache_ttl))

    def _paginate(
        self,
        *,
        document: str,
        operation_name: str,
        variables: Mapping[str, object],
        result_type: type[M],
        connection: Callable[[M], ConnectionLike[N]],
        max_items: int | None = None,
        cache_ttl: float | NotGiven | None = NOT_GIVEN,
    ) -> AsyncPaginator[N, M]:
        async def fetch_page(after: str | None) -> M:
            return await self._execute(
                document=document,
                operation_name=operation_name,
                variables=_next_page_variables(variables, after),
                result_type=result_type,
                cache_ttl=cache_ttl,
            )

        return AsyncPaginator(
            fetch_page, connection, max_items=max_items, progress=self.progress, description=operation_name
        )

    async def _drive(self, flow: _Flow[R]) -> R:
        try:
            step = next(flow)
            while True:
                if isinstance(step, _Sleep):
                    import anyio  # on first use: only async retries sleep, and `import kllgraph` stays cheap

                    await anyio.sleep(step.seconds)
                    step = next(flow)
                    continue
                try:
                    response = await self._http.send(step.request)
                except httpx.TransportError as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(response)
        except StopIteration as stop:
            return cast(R, stop.value)

    async def aclose(self) -> None:
        """Close the connection pool (and the transport, e.g. an in-process gateway)."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
