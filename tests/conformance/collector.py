"""Session collector: every upstream request the connectors send through the test harness, for the conformance
check at the end of the session (tests/conftest.py). Tests that send malformed requests on purpose opt out with
`@pytest.mark.nonconforming_upstream` and are counted as excluded."""

from __future__ import annotations

import contextvars
import json
from dataclasses import dataclass, field

import httpx

from kllgraph_gateway._registry import SOURCES
from kllgraph_gateway._snapshot import SourceBase, _match_source
from kllgraph_gateway._upstream import PRIVATE_EXTENSION

from .checker import Exchange


@dataclass
class Collected:
    test: str
    exchange: Exchange


@dataclass
class SessionCollector:
    requests: list[Collected] = field(default_factory=list)
    excluded: int = 0


COLLECTOR = SessionCollector()
# (test node id, excluded by marker) of the test now running; set by an autouse fixture in tests/conftest.py.
CURRENT_TEST: contextvars.ContextVar[tuple[str, bool]] = contextvars.ContextVar("current_test", default=("", False))
_BASES = tuple(SourceBase(s.name, s.base_url) for s in SOURCES)


def _body(request: httpx.Request) -> object:
    if not request.content:
        return None
    try:
        return json.loads(request.content)
    except ValueError:
        return request.content


def collect(request: httpx.Request) -> None:
    if request.extensions.get(PRIVATE_EXTENSION):
        return  # a person's text: no copy is kept, not even by the tests (no official spec covers these APIs)
    matched = _match_source(_BASES, request.url)
    if matched is None:  # a test's own fake host: no spec applies
        return
    test, excluded = CURRENT_TEST.get()
    if excluded:
        COLLECTOR.excluded += 1
        return
    source, path = matched
    COLLECTOR.requests.append(Collected(test, Exchange(
        source=source.name, method=request.method, path=path, params=tuple(request.url.params.multi_items()),
        body=_body(request), headers=tuple(request.headers.multi_items()),
    )))


@dataclass
class CollectingTransport(httpx.AsyncBaseTransport):
    """Hands every request to the session collector, then to the test's own upstream fake."""

    inner: httpx.AsyncBaseTransport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        collect(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
