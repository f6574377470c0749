"""Operations view: Prometheus metrics, request ids and structured JSON logs.

- `Metrics` holds one app's collectors in its own `CollectorRegistry` (several apps in one process, as in tests,
  never share counters); `/metrics` serves it in the Prometheus text format (prometheus-client).
- `RequestIdMiddleware` (plain ASGI) takes `X-Request-ID` from the client when it is a sane token, or makes one,
  returns it in the response header, and exposes it to logs and upstream calls for the request's duration.
- `configure_json_logging` switches the gateway's log lines to one JSON object per line (python-json-logger), each
  carrying the request id; `log_config` is the same (or the plain text format) as a dictConfig for `serve`'s
  worker processes.
"""

from __future__ import annotations

import copy
import logging
import logging.config
import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "REQUEST_ID",
    "Metrics",
    "RequestIdMiddleware",
    "configure_json_logging",
    "current_request_id",
    "log_config",
]

# The id of the HTTP request being served: read by log records and sent upstream as X-Request-ID. Request-scoped
# correlation only (set once per request by the middleware); nothing in the graph reads it.
REQUEST_ID: ContextVar[str | None] = ContextVar("kllgraph_request_id", default=None)
_SANE_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")


def current_request_id() -> str | None:
    return REQUEST_ID.get()


BREAKER_STATES = {"closed": 0.0, "half_open": 1.0, "open": 2.0}


@dataclass
class Metrics:
    """The counters of one gateway app."""

    registry: CollectorRegistry = field(default_factory=lambda: CollectorRegistry(auto_describe=True))

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter("kllgraph_http_requests", "HTTP requests served", ["path", "method", "status"],
                                registry=r)
        self.latency = Histogram(
            "kllgraph_http_request_duration_seconds", "Time to answer an HTTP request", ["path"], registry=r,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0),
        )
        self.upstream_calls = Counter(
            "kllgraph_upstream_calls", "Upstream calls that left the cache, by source, endpoint and outcome "
            "(ok or the gateway error code)", ["source", "endpoint", "outcome"], registry=r,
        )
        self.cache_lookups = Counter("kllgraph_cache_lookups", "Upstream response cache lookups", ["result"],
                                     registry=r)
        self.response_cache_lookups = Counter(
            "kllgraph_response_cache_lookups", "Whole-answer cache: hit (served stored bytes), miss (executed and "
            "stored), bypass (executed, not cacheable: errors, stale parts, no upstream used)", ["result"], registry=r,
        )
        self.breaker_state = Gauge("kllgraph_breaker_state",
                                   "Per-source circuit breaker: 0 closed, 1 half-open, 2 open", ["source"],
                                   registry=r)
        self.rejected_documents = Counter("kllgraph_rejected_documents",
                                          "GraphQL documents refused before execution, by reason", ["reason"],
                                          registry=r)

    def upstream_call(self, source: str, endpoint: str, outcome: str) -> None:
        self.upstream_calls.labels(source, endpoint, outcome).inc()

    def cache_lookup(self, *, hit: bool) -> None:
        self.cache_lookups.labels("hit" if hit else "miss").inc()

    def response_cache(self, result: str) -> None:
        self.response_cache_lookups.labels(result).inc()

    def breaker(self, source: str, state: str) -> None:
        self.breaker_state.labels(source).set(BREAKER_STATES[state])

    def rejected(self, reason: str) -> None:
        self.rejected_documents.labels(reason).inc()

    async def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class RequestIdMiddleware:
    """Request ids and request metrics for every HTTP request (plain ASGI, no body buffering)."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"x-request-id"), "")
        request_id = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500
        # Known routes only, so a scanner cannot grow the label set without bound.
        path = scope["path"] if scope["path"] in ("/graphql", "/healthz", "/metrics") else "other"

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["x-request-id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self.metrics.requests.labels(path, scope["method"], str(status)).inc()
            self.metrics.latency.labels(path).observe(time.perf_counter() - started)
            REQUEST_ID.reset(token)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


_JSON_LOGGERS = ("kllgraph_gateway", "uvicorn.error", "uvicorn.access", "httpx")


def log_config(log_format: str, level: str = "info") -> dict[str, Any]:
    """A `logging.config.dictConfig` for `serve` and each of its worker processes (uvicorn applies it in every
    worker): "json", one JSON object per line on stderr for the gateway's, uvicorn's and httpx's loggers, each with
    its `request_id`; "text", uvicorn's own format for its loggers and `LEVEL name: message` for the rest."""
    if log_format == "json":
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                "rename_fields": {"levelname": "level", "asctime": "time"},
            }},
            "filters": {"request_id": {"()": f"{__name__}._RequestIdFilter"}},
            "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"],
                                  "stream": "ext://sys.stderr"}},
            "loggers": {name: {"handlers": ["json"], "level": level.upper(), "propagate": False}
                        for name in _JSON_LOGGERS},
        }
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["plain"] = {"format": "%(levelname)s %(name)s: %(message)s"}
    config["handlers"]["plain"] = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    config["root"] = {"handlers": ["plain"], "level": level.upper()}
    return config


def configure_json_logging(level: int = logging.INFO) -> None:
    """One JSON object per log line on stderr for the gateway's loggers, each with its `request_id`."""
    logging.config.dictConfig(log_config("json", logging.getLevelName(level)))
