"""A transport for the gateway that answers from the offline snapshot, except one source's host, which answers 503."""

from __future__ import annotations

import httpx

from kllgraph_gateway import Settings
from kllgraph_gateway._app import source_bases
from kllgraph_gateway._snapshot import ReplayTransport


class FailingSource(httpx.AsyncBaseTransport):
    """Answers from the offline snapshot, except that one source's host answers 503."""

    def __init__(self, settings: Settings, source: str) -> None:
        self.replay = ReplayTransport(settings.snapshot_dir, source_bases(settings))
        base_url = next(base.base_url for base in source_bases(settings) if base.name == source)
        self.failing_host = httpx.URL(base_url).host

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == self.failing_host:
            return httpx.Response(503, request=request)
        return await self.replay.handle_async_request(request)
