"""Drive the whole gateway in-process: ASGI transport in front, an injected upstream transport behind."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.field_level import FIELD_LEVEL, FieldLevel
from kllgraph_gateway import Settings, create_app
from kllgraph_gateway._app import source_bases
from kllgraph_gateway._snapshot import ReplayTransport
from kllgraph_gateway._upstream import ENDPOINT_EXTENSION, Upstream

from ..conformance.collector import CollectingTransport
from ..conftest import WORLD

GRAPHQL_RESPONSE = "application/graphql-response+json"


def world(name: str) -> Any:
    return json.loads((WORLD / name).read_text(encoding="utf-8"))


def ad_occupations() -> set[str]:
    """The occupations the world's ads are for: the snapshot's core occupations, each with ads, educations and SCB
    figures. The career-move targets beside them in the taxonomy world (PROVENANCE.md) have none of their own."""
    return {ad["occupation"]["concept_id"] for ad in world("jobsearch_ads.json")}


# The Taxonomy's mirror queries, answered from the snapshot world's files by operation name.
TAXONOMY_WORLD = {
    "KllOccupations": "taxonomy_occupations.json",
    "KllMunicipalities": "taxonomy_municipalities.json",
    "KllSsykIsco": "taxonomy_ssyk_isco.json",
    "KllSunLevels": "taxonomy_sun_levels.json",
    "KllSunFields": "taxonomy_sun_fields.json",
    "KllSubstitutability": "taxonomy_substitutability.json",
    "KllSkills": "taxonomy_skills.json",
    "KllOccupationSkills": "taxonomy_occupation_skills.json",
}


def taxonomy_answer(request: httpx.Request, overrides: dict[str, httpx.Response] | None = None) -> httpx.Response:
    """The world's answer to a Taxonomy mirror query, or the override given for its operation name."""
    operation = json.loads(request.content)["operationName"]
    if overrides and operation in overrides:
        return overrides[operation]
    return httpx.Response(200, json=world(TAXONOMY_WORLD[operation]))


@dataclass
class CountingTransport(httpx.AsyncBaseTransport):
    """Counts upstream requests per (host, path) before handing them on."""

    inner: httpx.AsyncBaseTransport
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    requests: list[httpx.Request] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.counts[(request.url.host, request.url.path)] += 1
        self.requests.append(request)
        return await self.inner.handle_async_request(request)


@dataclass
class LevelCounting(httpx.AsyncBaseTransport):
    """Counts upstream requests per (source, endpoint, field level): the batching bound the tests check.

    Only first hops carry the endpoint (redirect hops do not), so each attempt counts once.
    """

    inner: httpx.AsyncBaseTransport
    calls_by_level: Counter[tuple[str, str, int]] = field(default_factory=Counter)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        named = request.extensions.get(ENDPOINT_EXTENSION)
        if named is not None:
            source, endpoint = named
            self.calls_by_level[(source, endpoint, FIELD_LEVEL.get())] += 1
        return await self.inner.handle_async_request(request)


@dataclass
class Gateway:
    client: httpx.AsyncClient
    upstream: Upstream
    counting: LevelCounting

    @property
    def calls_by_level(self) -> Counter[tuple[str, str, int]]:
        return self.counting.calls_by_level

    async def query(self, query: str, variables: dict[str, Any] | None = None, *,
                    accept: str = GRAPHQL_RESPONSE) -> tuple[int, dict[str, Any]]:
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers={"accept": accept}
        )
        body: dict[str, Any] = response.json()
        return response.status_code, body


def make_settings(**overrides: Any) -> Settings:
    # No retry waits in tests; one attempt unless a test asks for more. SweCRIS requires a token (UPSTREAM_UNAUTHORIZED
    # without one); the fakes accept any, so tests set one unless they test its absence.
    # The collector is left alone: its tuning does one gc.collect() per app start (~20 ms in a test process holding
    # many objects, hundreds of times); tests/gateway/test_app.py turns it on to test it.
    # Metadata preloading is off: tests count a request's own upstream calls against fakes that answer only what the
    # test is about; tests/gateway/test_preload.py turns it on.
    values: dict[str, Any] = {"retry_attempts": 1, "retry_backoff_seconds": 0.0, "gc_tuning": False,
                              "preload_metadata": False,
                              "source_tokens": {"swecris": "test-token"}, **overrides}
    return Settings(**values)


@contextlib.asynccontextmanager
async def running_gateway(
    transport: httpx.AsyncBaseTransport | None = None, *, settings: Settings | None = None,
    snapshot: Path | None = None,
) -> AsyncIterator[Gateway]:
    if snapshot is not None:
        settings = make_settings(offline=True, snapshot_dir=snapshot)
    settings = settings or make_settings()
    # Every request the connectors send goes past the session's conformance collector (tests/conftest.py); offline
    # the snapshot answers, as in the product (built here so that requests can be counted on their way to it).
    inner = (CollectingTransport(transport) if transport is not None
             else ReplayTransport(settings.snapshot_dir, source_bases(settings)) if settings.offline else None)
    counting = LevelCounting(inner or httpx.AsyncHTTPTransport())
    app = create_app(settings, transport=counting, extensions=[FieldLevel])
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway"
    ) as client:
        yield Gateway(client=client, upstream=app.state.upstream, counting=counting)
