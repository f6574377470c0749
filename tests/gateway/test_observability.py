"""/metrics, request ids and JSON logs."""

from __future__ import annotations

import io
import json
import logging

from kllgraph_gateway._observability import REQUEST_ID, configure_json_logging
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import running_gateway


async def test_request_id_is_taken_from_the_client_or_made_and_returned() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        given = await gateway.client.get("/healthz", headers={"x-request-id": "abc-123"})
        made = await gateway.client.get("/healthz")
        hostile = await gateway.client.get("/healthz", headers={"x-request-id": "a b;" * 100})
    assert given.headers["x-request-id"] == "abc-123"
    assert len(made.headers["x-request-id"]) == 32
    assert len(hostile.headers["x-request-id"]) == 32  # not echoed: replaced by our own


async def test_metrics_show_requests_latency_upstream_calls_cache_breakers_and_rejections() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, _ = await gateway.query("{ regions { code } }")
        assert status == 200
        status, _ = await gateway.query("{ regions { code } }")  # the whole answer now comes from the cache
        status, _ = await gateway.query("{ regions { name code } }")  # another answer; the upstream one is cached
        status, _ = await gateway.query("{ regions { code name ")  # refused: does not parse
        assert status == 400
        status, _ = await gateway.query("{ " + " ".join(f"a{n}: regions {{ code }}" for n in range(40)) + " }")
        assert status == 400  # refused: too many aliases
        scraped = await gateway.client.get("/metrics")
    assert scraped.status_code == 200 and scraped.headers["content-type"].startswith("text/plain")
    text = scraped.text
    assert 'kllgraph_http_requests_total{method="POST",path="/graphql",status="200"} 3.0' in text
    assert 'kllgraph_http_request_duration_seconds_count{path="/graphql"} 5.0' in text
    assert 'kllgraph_response_cache_lookups_total{result="hit"} 1.0' in text
    assert 'kllgraph_response_cache_lookups_total{result="miss"} 2.0' in text
    assert 'kllgraph_upstream_calls_total{endpoint="graphql",outcome="ok",source="taxonomy"}' in text
    assert 'kllgraph_cache_lookups_total{result="hit"}' in text
    assert 'kllgraph_cache_lookups_total{result="miss"}' in text
    assert 'kllgraph_breaker_state{source="jobsearch"} 0.0' in text
    assert 'kllgraph_rejected_documents_total{reason="GRAPHQL_PARSE_FAILED"} 1.0' in text
    assert 'kllgraph_rejected_documents_total{reason="max_aliases"} 1.0' in text


def test_json_logs_carry_the_request_id() -> None:
    stream = io.StringIO()
    configure_json_logging()
    logger = logging.getLogger("kllgraph_gateway")
    handler = logger.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        token = REQUEST_ID.set("req-42")
        logging.getLogger("kllgraph_gateway.upstream").warning("upstream failure %s", "X")
        REQUEST_ID.reset(token)
    finally:
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.NOTSET)
        uvicorn = logging.getLogger("uvicorn.error")
        uvicorn.handlers.clear()
        uvicorn.propagate = True
    line = json.loads(stream.getvalue().strip())
    assert line["message"] == "upstream failure X" and line["request_id"] == "req-42"
    assert line["level"] == "WARNING" and line["name"] == "kllgraph_gateway.upstream"


async def test_each_upstream_call_is_a_span_when_opentelemetry_is_configured() -> None:
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)  # process-wide, once; later tests see a recording provider, which is harmless
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        await gateway.query('{ jobAds(first: 1, municipality: "0180") { totalCount } }')
    spans = {span.name: span for span in exporter.get_finished_spans()}
    search = spans["jobsearch search"]
    assert search.attributes is not None and search.attributes["kllgraph.source"] == "jobsearch"
    assert search.attributes["http.response.status_code"] == 200
