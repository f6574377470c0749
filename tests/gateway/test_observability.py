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


async def test_metrics_show_requests_and_latency_after_a_query() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, _ = await gateway.query("{ regions { code } }")
        assert status == 200
        scraped = await gateway.client.get("/metrics")
    assert scraped.status_code == 200 and scraped.headers["content-type"].startswith("text/plain")
    text = scraped.text
    assert 'kllgraph_http_requests_total{method="POST",path="/graphql",status="200"} 1.0' in text
    assert 'kllgraph_http_request_duration_seconds_count{path="/graphql"} 1.0' in text


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
