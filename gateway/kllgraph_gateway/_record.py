"""Recording a snapshot: run seed queries through the gateway while a recording transport saves every exchange.

The seeds start from the first page of ads and follow what they find (their occupations, SSYK groups,
municipalities, counties, employers and ids), so the snapshot answers those follow-up queries offline too.
`max_follow` bounds each followed list, which keeps a live recording polite.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ._app import create_app, source_bases
from ._settings import Settings
from ._snapshot import RecordingTransport

__all__ = ["RecordReport", "record_snapshot"]

Execute = Callable[[str, dict[str, Any] | None], Awaitable[dict[str, Any]]]

AD_FIELDS = """id headline
  employer { organisationNumber }
  workplace { municipalityCode regionCode }
  occupation { id ssykCode }"""


@dataclass
class RecordReport:
    queries: int = 0
    errors: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _take(values: Iterable[str | None], limit: int) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen[:limit]


async def run_seeds(execute: Execute, *, max_follow: int) -> None:
    page = await execute(f"{{ jobAds(first: 100) {{ totalCount edges {{ node {{ {AD_FIELDS} }} }} }} }}", None)
    ads = [edge["node"] for edge in (page.get("jobAds") or {}).get("edges", [])]
    await execute("{ occupations(first: 100) { totalCount edges { node { id label ssykCode } } } }", None)
    followed = {
        "occupation": _take(
            [(ad.get("occupation") or {}).get("id") for ad in ads]
            + [(ad.get("occupation") or {}).get("ssykCode") for ad in ads], 2 * max_follow),
        "municipality": _take([(ad.get("workplace") or {}).get("municipalityCode") for ad in ads], max_follow),
        "region": _take([(ad.get("workplace") or {}).get("regionCode") for ad in ads], max_follow),
        "employer": _take([(ad.get("employer") or {}).get("organisationNumber") for ad in ads], max_follow),
    }
    for argument, values in followed.items():
        for value in values:
            await execute(
                f"query Seed($v: String!) {{ jobAds({argument}: $v, first: 100) {{ totalCount "
                f"edges {{ node {{ id occupation {{ label }} }} }} }} }}",
                {"v": value},
            )
    for ad_id in _take([ad.get("id") for ad in ads], max_follow):
        await execute("query Seed($id: ID!) { jobAd(id: $id) { id headline } }", {"id": ad_id})


async def record_snapshot(
    settings: Settings,
    out_dir: Path,
    *,
    inner: httpx.AsyncBaseTransport | None = None,
    provenance: str = "recorded",
    note: str = "",
    max_follow: int = 20,
) -> RecordReport:
    """Record the upstream exchanges behind the seed queries into `out_dir` (live unless `inner` is given)."""
    settings = settings.model_copy(update={"offline": False})
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

        async def execute(query: str, variables: dict[str, Any] | None) -> dict[str, Any]:
            report.queries += 1
            response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                         headers={"accept": "application/json"})
            body = response.json()
            report.errors.extend(error.get("message", "") for error in body.get("errors") or [])
            data: dict[str, Any] = body.get("data") or {}
            return data

        await run_seeds(execute, max_follow=max_follow)
    report.files = recorder.written
    return report
