"""Recording a snapshot: run seed queries through the gateway while a recording transport saves every exchange.

The seeds start from the first page of ads and follow what they find (their occupations, SSYK groups,
municipalities, counties, employers and ids), so the snapshot answers those follow-up queries offline too.
`max_follow` bounds each followed list, which keeps a live recording polite.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from ._app import create_app, source_bases
from ._graph import GRAPH
from ._settings import Settings
from ._snapshot import RecordingTransport, write_manifest
from .graph._seeds import Seed, SeedRun

# Every graph module that reads an upstream contributes a seed (its `MODULE.seed`); hubs run last.
SEEDS: tuple[Seed, ...] = GRAPH.seeds

__all__ = ["RecordReport", "record_snapshot"]

@dataclass
class RecordReport:
    queries: int = 0
    errors: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


async def record_snapshot(
    settings: Settings,
    out_dir: Path,
    *,
    inner: httpx.AsyncBaseTransport | None = None,
    provenance: str = "recorded",
    note: str = "",
    max_follow: int = 20,
    seeds: tuple[Seed, ...] = SEEDS,
) -> RecordReport:
    """Record the upstream exchanges behind the seed queries into `out_dir` (live unless `inner` is given)."""
    # The seeds are ours and deliberately wide (they follow lists up to `max_follow` pages, each a nested
    # connection): the public endpoint's cost limit is for documents from anyone, not for recording.
    settings = settings.model_copy(update={"offline": False, "max_query_cost": max(settings.max_query_cost, 10**9)})
    recorder = RecordingTransport(
        inner or httpx.AsyncHTTPTransport(), out_dir, source_bases(settings), provenance=provenance, note=note
    )
    app = create_app(settings, transport=recorder)
    report = RecordReport()
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(app.router.lifespan_context(app))
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")
        )

        answers: list[dict[str, Any]] = []

        async def execute(query: str, variables: dict[str, Any] | None) -> dict[str, Any]:
            report.queries += 1
            response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                         headers={"accept": "application/json"})
            body = response.json()
            report.errors.extend(error.get("message", "") for error in body.get("errors") or [])
            data: dict[str, Any] = body.get("data") or {}
            answers.append(data)
            return data

        run = SeedRun(execute=execute, max_follow=max_follow, links=GRAPH.link_seeds, answers=answers)
        for seed in seeds:
            await seed(run)
    report.files = recorder.written
    write_manifest(out_dir, made_on=settings.today or date.today(), provenance=provenance, note=note)
    return report
