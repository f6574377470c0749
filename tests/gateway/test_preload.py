"""Slow-changing metadata (SCB /config and figure tables, the Taxonomy mirrors) is read at startup and refreshed in
the background: a cold request sends only the data requests its answer needs, each once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from kllgraph_gateway._app import source_bases
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway._snapshot import ReplayTransport
from kllgraph_gateway._upstream import ENDPOINT_EXTENSION

from .harness import make_settings, running_gateway

HUB_QUERY = (Path(__file__).resolve().parents[2] / "benchmarks" / "queries" / "hub.graphql").read_text()
# What the preloads read: any of these inside a client's request is metadata fetched in-request.
METADATA = {("scb", "config"), ("scb", "metadata"), ("scb", "tables"), ("taxonomy", "graphql")}


@dataclass
class Recording(httpx.AsyncBaseTransport):
    """The bundled snapshot as the live upstreams, recording (source, endpoint, the request's identity)."""

    inner: httpx.AsyncBaseTransport
    sent: list[tuple[str, str, str]] = field(default_factory=list)
    failing: frozenset[str] = frozenset()  # sources answering 503

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        source, endpoint = request.extensions.get(ENDPOINT_EXTENSION, ("?", "?"))
        self.sent.append((source, endpoint, f"{request.method} {request.url} {request.content.decode()}"))
        if source in self.failing:
            return httpx.Response(503, json={"message": "down"})
        return await self.inner.handle_async_request(request)


def _recording(**settings: object) -> tuple[Recording, dict[str, object]]:
    values = {"preload_metadata": True, "response_cache": False, **settings}
    replay = ReplayTransport(BUNDLED_SNAPSHOT, source_bases(make_settings()))
    return Recording(replay), values


async def test_cold_hub_query_sends_no_metadata_request_and_each_request_once() -> None:
    recording, values = _recording()
    async with running_gateway(recording, settings=make_settings(**values)) as gateway:
        at_startup = {(source, endpoint) for source, endpoint, _ in recording.sent}
        assert at_startup >= METADATA, "the startup preload did not read every kind of metadata"
        before = len(recording.sent)
        status, body = await gateway.query(HUB_QUERY)
        assert status == 200 and "errors" not in body, body
        in_request = recording.sent[before:]

    assert in_request, "the cold hub query sent nothing upstream"
    assert not [(s, e) for s, e, _ in in_request if (s, e) in METADATA], in_request
    # The minimum: every request distinct (no request repeated within one answer).
    assert len(in_request) == len({identity for *_rest, identity in in_request})


async def test_background_refresh_reads_metadata_again_without_a_request() -> None:
    recording, values = _recording(metadata_refresh_seconds=0.05)
    async with running_gateway(recording, settings=make_settings(**values)) as gateway:
        preloader = gateway.client._transport.app.state.preloader  # type: ignore[attr-defined]
        # A round takes about 2 s: SCB's /config in the snapshot allows 3 calls a second, and the limiter applies.
        for _ in range(500):
            if preloader.runs >= 2:
                break
            await asyncio.sleep(0.02)
        assert preloader.runs >= 2
        configs = [sent for sent in recording.sent if sent[:2] == ("scb", "config")]
        # Each round asks the upstream again (a refresh skips the fresh cache entry and replaces it).
        assert len(configs) >= 2
        status, body = await gateway.query('{ municipality(code: "0180") { name population { value } } }')
        assert status == 200 and "errors" not in body, body


async def test_a_failing_preload_is_logged_and_startup_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    recording, values = _recording()
    recording.failing = frozenset({"scb"})
    with caplog.at_level(logging.WARNING, logger="kllgraph_gateway.preload"):
        async with running_gateway(recording, settings=make_settings(**values)) as gateway:
            status, body = await gateway.query('{ municipality(code: "0180") { name population { value } } }')
    assert any("metadata preload of statistics failed" in record.getMessage() for record in caplog.records)
    # Partial data: the taxonomy part (preloaded) answers; the SCB figure is an error naming its source.
    assert status == 200 and body["data"]["municipality"]["name"] == "Stockholm", body
    assert {error["extensions"]["source"] for error in body["errors"]} == {"scb"}


async def test_preloading_off_reads_nothing_at_startup() -> None:
    recording, values = _recording(preload_metadata=False)
    async with running_gateway(recording, settings=make_settings(**values)):
        assert recording.sent == []
