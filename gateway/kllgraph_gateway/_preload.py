"""Slow-changing upstream metadata, loaded at startup and refreshed in the background, never inside a request.

The graph modules declare what they read (`GraphModule.preload`: SCB's /config and figure tables' metadata, the
Taxonomy mirrors). At startup every preload runs once, concurrently, into the upstream response cache (shared through
Redis when that is configured), within one request deadline (`request_deadline_seconds`), so an unreachable agency
delays startup by that much at most; then a background task runs them again every `metadata_refresh_seconds` with a
refresh context, whose reads skip fresh entries and replace them, so a client's request finds them fresh. A failed
preload is logged and served as usual later: the first request that needs the metadata reads it then (or is
answered stale-if-error), as without a preload.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from ._resilience import RequestBudget
from ._settings import Settings
from ._upstream import Upstream
from .graph._context import Context
from .graph._module import Graph

__all__ = ["MetadataPreloader"]

log = logging.getLogger("kllgraph_gateway.preload")


class MetadataPreloader:
    def __init__(self, graph: Graph, upstream: Upstream, settings: Settings) -> None:
        self._modules = tuple(module for module in graph.modules if module.preload is not None)
        self._graph = graph
        self._upstream = upstream
        self._settings = settings
        self.runs = 0  # completed rounds (startup included), for tests and /healthz readers

    async def load(self, *, refresh: bool) -> list[str]:
        """One round over every module's preload; the names of the modules whose preload failed."""
        ctx = Context(upstream=self._upstream, settings=self._settings, graph=self._graph, refresh=refresh,
                      budget=RequestBudget.starting_now(self._settings.request_deadline_seconds))
        results = await asyncio.gather(*(module.preload(ctx) for module in self._modules if module.preload),
                                       return_exceptions=True)
        failed = []
        for module, result in zip(self._modules, results, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result  # cancellation and exits are not preload failures
                failed.append(module.name)
                log.warning("metadata preload of %s failed (it is read on first use instead): %s", module.name,
                            result)
        self.runs += 1
        return failed

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(self._settings.metadata_refresh_seconds)
            await self.load(refresh=True)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Loads once (the app's startup waits for it), then refreshes in the background until the block ends."""
        if not self._settings.preload_metadata or not self._modules:
            yield
            return
        await self.load(refresh=False)
        task = asyncio.create_task(self._refresh_forever(), name="kllgraph metadata refresh")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
