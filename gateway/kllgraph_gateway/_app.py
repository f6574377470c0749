"""The gateway app, assembled declaratively in one place."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import json
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from functools import partial

import httpx
from aiolimiter import AsyncLimiter
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ._answers import AnswerCache, PersistedQueries
from ._cache import MemoryResponseCache, RedisResponseCache, ResponseCache
from ._graph import GRAPH
from ._graphiql import GRAPHIQL_STATIC_DIR, graphiql_page
from ._http import GraphQLHTTPEndpoint
from ._limits import QueryLimits
from ._observability import Metrics, RequestIdMiddleware
from ._personal import redact_access_log
from ._preload import MetadataPreloader
from ._registry import SOURCES
from ._resilience import CircuitBreaker, RequestBudget
from ._schema import Extension, build_schema
from ._settings import Settings
from ._snapshot import ReplayTransport, SourceBase, read_manifest, snapshot_date
from ._upstream import RetryPolicy, SourceRuntime, Upstream
from .connectors import Source
from .graph import Context

__all__ = [
    "DEFAULT_QUERY", "app_from_env", "build_upstream", "create_app", "offline_banner", "source_bases", "token_status",
    "upstream_http_client",
]

USER_AGENT = "kllgraph-gateway/0.1"

DEFAULT_QUERY = """# kllgraph: the Swedish KLL agencies' open data in one graph.
# Stockholm (SCB kommunkod 0180) across agencies: SCB population, JobTech ads with their
# Taxonomy occupations, SCB wages and JobEd educations, Skolverket school units.
# Press the run button (or Ctrl-Enter); the Docs panel lists everything else.
{
  municipality(code: "0180") {
    name
    population { value period source { name } }
    jobAds(first: 3) {
      totalCount
      edges {
        node {
          headline
          employer { name organisationNumber }
          occupation {
            label
            ssykCode
            statistics { monthlyWage { value period } }
            educations(first: 2) { edges { node { title form } } }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    schoolUnits(first: 2) { edges { node { name organiser { name } } } }
  }
}
"""


def _base_url(source: Source, settings: Settings) -> str:
    """KLLGRAPH_<NAME>_URL, else the URL of the source it is read through (`Source.url_follows`), else its own."""
    urls = settings.source_urls
    if source.name in urls:
        return urls[source.name]
    if source.url_follows is not None and source.url_follows in urls:
        return urls[source.url_follows]
    return source.base_url


def source_bases(settings: Settings) -> list[SourceBase]:
    return [SourceBase(s.name, _base_url(s, settings)) for s in SOURCES]


def _runtimes(settings: Settings) -> dict[str, SourceRuntime]:
    runtimes: dict[str, SourceRuntime] = {}
    for source, base in zip(SOURCES, source_bases(settings), strict=True):
        token = settings.source_tokens.get(source.name)
        auth_headers = (
            {source.auth.header: source.auth.scheme + token.get_secret_value()}
            if source.auth is not None and token is not None else {}
        )
        limit = settings.source_rate_limits.get(source.name)
        runtimes[source.name] = SourceRuntime(
            source=source,
            base_url=base.base_url,
            ttl_seconds=settings.source_ttls.get(source.name, source.ttl_seconds),
            auth_headers=auth_headers,
            semaphore=asyncio.Semaphore(settings.source_max_concurrency.get(source.name, source.max_concurrency)),
            timeout_seconds=settings.source_timeouts.get(source.name, source.timeout_seconds),
            max_response_bytes=settings.source_max_bytes.get(source.name, settings.max_response_bytes),
            breaker=CircuitBreaker(settings.breaker_failures, settings.breaker_reset_seconds),
            # Offline the snapshot answers without credentials; live, a required token that is unset fails fast.
            missing_token=source.needs_token and token is None and not settings.offline,
            offline=settings.offline,
            # Limits protect the agencies, not the snapshot: none offline.
            configured_rate_limiter=(AsyncLimiter(limit.calls, limit.period_seconds)
                                     if limit is not None and not settings.offline else None),
        )
    return runtimes


def token_status(source: Source, settings: Settings) -> str | None:
    """For /healthz and `doctor`: "needs token" when a required token is unset; None when no token is involved."""
    if source.auth is None:
        return None
    if source.name in settings.source_tokens:
        return "token set"
    return "needs token" if source.needs_token else "optional token unset"


def build_upstream(settings: Settings, http: httpx.AsyncClient, cache: ResponseCache,
                   metrics: Metrics | None = None) -> Upstream:
    """The upstream stack (per-source runtimes, retries, cache) the app and `doctor` share."""
    return Upstream(
        metrics=metrics,
        stale_if_error_seconds=settings.stale_if_error_seconds,
        http=http,
        runtimes=_runtimes(settings),
        cache=cache,
        retry=RetryPolicy(
            attempts=settings.retry_attempts,
            backoff_seconds=settings.retry_backoff_seconds,
            max_wait_seconds=settings.retry_max_wait_seconds,
        ),
    )


def upstream_http_client(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    # Redirects are followed by the upstream layer itself, within the request's origin only (credentials stay).
    return httpx.AsyncClient(
        transport=transport or _transport(settings), headers={"user-agent": USER_AGENT}, follow_redirects=False,
    )


def offline_banner(settings: Settings) -> str | None:
    """GraphiQL's notice in offline mode: what the answers are (composed or recorded snapshot data) and its date."""
    if not settings.offline:
        return None
    manifest = read_manifest(settings.snapshot_dir) or {}
    provenance = str(manifest.get("provenance", "unknown"))
    day = snapshot_date(settings.snapshot_dir)
    when = day.isoformat() if day else "an unknown date"
    if provenance == "composed":
        what = (f"composed snapshot data (composed {when} in the agencies' real shapes, with real ids but "
                f"partly invented records), not live answers from the agencies")
    else:
        what = f"{provenance} snapshot data ({provenance} {when}), not live answers from the agencies"
    return (f"Offline mode: every answer here is {what}. "
            f"Run `kllgraph-gateway snapshot info` to see what the snapshot covers.")


def _transport(settings: Settings) -> httpx.AsyncBaseTransport:
    if settings.offline:
        return ReplayTransport(settings.snapshot_dir, source_bases(settings))
    # Retries are ours (tenacity, with Retry-After); the transport's own connect retries stay off.
    return httpx.AsyncHTTPTransport()


def _store(settings: Settings, *, prefix: str, max_entries: int, max_bytes: int | None = None) -> ResponseCache:
    """A cache store: shared through Redis (under `prefix`) when KLLGRAPH_REDIS_URL is set, else bounded memory."""
    if settings.redis_url is not None:
        return RedisResponseCache(settings.redis_url.get_secret_value(), prefix=prefix, local_maxsize=max_entries,
                                  timeout=settings.redis_timeout_seconds)
    if max_bytes is None:
        return MemoryResponseCache(max_entries)
    return MemoryResponseCache(max_entries, max_bytes=max_bytes)


def _cache(settings: Settings) -> ResponseCache:
    return _store(settings, prefix="kllgraph:", max_entries=settings.cache_max_entries,
                  max_bytes=settings.cache_max_bytes)


def _answer_cache(settings: Settings, schema_sdl: Callable[[], str]) -> AnswerCache | None:
    if not settings.response_cache:
        return None
    store = _store(settings, prefix="kllgraph:answer:", max_entries=settings.response_cache_max_entries,
                   max_bytes=settings.response_cache_max_bytes)
    return AnswerCache(store, fingerprint=_answer_fingerprint(settings, schema_sdl),
                       max_query_tokens=settings.max_query_tokens,
                       max_ttl_seconds=settings.response_cache_max_ttl_seconds)


def _answer_fingerprint(settings: Settings, schema_sdl: Callable[[], str]) -> str:
    """Everything besides the request that decides an answer, so replicas sharing Redis share only equal answers:
    the mode, the snapshot, the upstreams, the date relative defaults count from, the page size cap and, with Redis,
    the schema (replicas of different versions may share one Redis; printing it costs ~15 ms, so only then)."""
    facts = {
        "mode": "offline" if settings.offline else "live",
        "snapshot": str(settings.snapshot_dir.resolve()) if settings.offline else None,
        "urls": [base.base_url for base in source_bases(settings)],
        "today": settings.today.isoformat() if settings.today else None,
        "max_page_size": settings.max_page_size,
        "schema": hashlib.sha256(schema_sdl().encode()).hexdigest() if settings.redis_url is not None else None,
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def _persisted_queries(settings: Settings) -> PersistedQueries | None:
    if not settings.persisted_queries:
        return None
    store = _store(settings, prefix="kllgraph:apq:", max_entries=settings.persisted_query_max_entries)
    return PersistedQueries(store, ttl_seconds=settings.persisted_query_ttl_seconds)


# Generation-0 threshold while the app runs. A request allocates ~1,300 (a small page) to ~120,000 (8,000 objects)
# container objects that all live until its answer is sent: with CPython's default of 700, every few hundred
# objects a collection scanned the request's own live tree (a third of an 8,000-object request's CPU went to the
# collector, and per-object cost grew with size). 50,000 lets ordinary requests finish between collections; the
# garbage that remains is few MB at most. Older generations keep their defaults' ratios. (benchmarks/run.py)
GC_THRESHOLDS = (50_000, 20, 10)


@contextlib.contextmanager
def _tuned_gc(enabled: bool) -> Iterator[None]:
    """Startup's objects (schema, graph, snapshot index, imported modules) frozen out of every collection, and
    collections only every GC_THRESHOLDS[0] allocations; both undone at shutdown."""
    if not enabled:
        yield
        return
    previous = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def create_app(settings: Settings | None = None, *, transport: httpx.AsyncBaseTransport | None = None,
               extensions: Sequence[Extension] = ()) -> Starlette:
    """The gateway as one Starlette app. `transport` replaces the upstream transport (tests, recording);
    `extensions` are extra schema extensions (tests observe execution through them)."""
    settings = settings or Settings()
    redact_access_log()  # a GraphQL GET's query string never reaches an access log line (`_personal`)
    metrics = Metrics()
    schema = build_schema(QueryLimits.from_settings(settings), extensions=extensions)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with upstream_http_client(settings, transport) as http:
            cache = _cache(settings)
            app.state.upstream = build_upstream(settings, http, cache, metrics)
            preloader = app.state.preloader = MetadataPreloader(GRAPH, app.state.upstream, settings)
            # Whole answers and APQ documents live as long as the upstream cache (the endpoint has them off before).
            answers = graphql.answers = _answer_cache(settings, schema.as_str)
            persisted = graphql.persisted_queries = _persisted_queries(settings)
            try:
                async with preloader.running():
                    with _tuned_gc(settings.gc_tuning):
                        yield
            finally:
                graphql.answers = graphql.persisted_queries = None
                await cache.aclose()
                if answers is not None:
                    await answers.aclose()
                if persisted is not None:
                    await persisted.aclose()

    async def context(request: Request) -> Context:
        return Context(upstream=request.app.state.upstream, settings=settings, graph=GRAPH,
                       budget=RequestBudget.starting_now(settings.request_deadline_seconds))

    async def healthz(request: Request) -> Response:
        upstream: Upstream = request.app.state.upstream
        return JSONResponse({
            "status": "ok",
            "mode": "offline" if settings.offline else "live",
            "sources": {
                name: {
                    "baseUrl": runtime.base_url,
                    # "needs token" / "token set" / "optional token unset"; null when the source takes no token.
                    "token": None if settings.offline else token_status(runtime.source, settings),
                    "lastError": runtime.last_error.message if runtime.last_error else None,
                    "breaker": runtime.breaker.state,
                }
                for name, runtime in upstream.runtimes.items()
            },
        })

    page = partial(graphiql_page, graphql_url="/graphql", static_url="/static/graphiql", default_query=DEFAULT_QUERY,
                   banner=offline_banner(settings))
    graphql = GraphQLHTTPEndpoint(
        schema, context_getter=context, graphiql_page=page if settings.graphiql else None,
        max_body_bytes=settings.max_body_bytes, max_query_length=settings.max_query_length,
        on_rejected=metrics.rejected, on_response_cache=metrics.response_cache,
    )

    app = Starlette(
        routes=[
            Route("/graphql", endpoint=graphql, methods=["GET", "POST"]),
            Route("/healthz", endpoint=healthz, methods=["GET"]),
            Route("/metrics", endpoint=metrics.endpoint, methods=["GET"]),
            Route("/", endpoint=lambda request: RedirectResponse("/graphql"), methods=["GET"]),
            Mount("/static/graphiql", app=StaticFiles(directory=GRAPHIQL_STATIC_DIR), name="graphiql-static"),
        ],
        middleware=[
            Middleware(RequestIdMiddleware, metrics=metrics),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["*"],
                max_age=600,
            ),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.schema = schema
    app.state.metrics = metrics
    return app


def app_from_env() -> Starlette:
    """ASGI app factory: the gateway configured from the environment (`KLLGRAPH_*`), one app per worker process.

    For ASGI servers that start their own workers: `uvicorn --factory kllgraph_gateway:app_from_env --workers 4`,
    or gunicorn with uvicorn's worker class (`gunicorn -k uvicorn_worker.UvicornWorker
    "kllgraph_gateway:app_from_env()"`). `kllgraph-gateway serve` runs the same factory in each of its workers.
    """
    settings = Settings()
    if settings.offline and not settings.snapshot_dir.is_dir():
        raise RuntimeError(f"snapshot folder {settings.snapshot_dir} does not exist (KLLGRAPH_SNAPSHOT_DIR)")
    return create_app(settings)
