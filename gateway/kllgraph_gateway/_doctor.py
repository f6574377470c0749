"""`kllgraph-gateway doctor`: does each live source still answer in the shape the gateway reads?

One cheap request per source through the connector's own `probe.py` (so its api.py builds the request and its
models validate the answer), over the gateway's own upstream stack: the same settings, base URL overrides,
credentials, timeouts and retries, but a fresh in-memory cache so every probe really reaches the source.

Verdicts: `ok`; `fails: <code>: <what>` (the gateway error the graph would answer with); `needs token` (the source
requires a token and none is set, or it refused access while none is set); `no live API` (the source has no API of
its own, e.g. MYH). Only `fails` makes the exit code 1: a missing token is a setting to make, not a broken source.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from ._app import build_upstream, token_status, upstream_http_client
from ._cache import MemoryResponseCache
from ._errors import UpstreamError, UpstreamUnauthorized
from ._registry import PROBES, SOURCES
from ._settings import Settings
from ._upstream import Upstream

__all__ = ["FAILS", "NEEDS_TOKEN", "NO_LIVE_API", "OK", "ProbeResult", "format_table", "run_doctor"]

OK, FAILS, NEEDS_TOKEN, NO_LIVE_API = "ok", "fails", "needs token", "no live API"


@dataclass(frozen=True, slots=True)
class ProbeResult:
    source: str
    verdict: str  # OK | FAILS | NEEDS_TOKEN | NO_LIVE_API
    detail: str  # what was checked, or what failed (a gateway error message: never a credential)
    latency_ms: float
    base_url: str
    code: str | None = None  # the gateway error code of a failure

    @property
    def failed(self) -> bool:
        return self.verdict == FAILS

    @property
    def shown_verdict(self) -> str:
        return f"{FAILS}: {self.code}" if self.verdict == FAILS else self.verdict

    def as_json(self) -> dict[str, object]:
        return {"source": self.source, "verdict": self.verdict, "code": self.code, "detail": self.detail,
                "latencyMs": round(self.latency_ms), "baseUrl": self.base_url}


def _detail(error: UpstreamError) -> str:
    # The table names the source already; the message without its "<source>: " prefix.
    return error.message.removeprefix(f"{error.source}: ")


async def _probe_one(upstream: Upstream, settings: Settings, name: str) -> ProbeResult:
    client = upstream.client(name)
    runtime = client.runtime
    needs_token = token_status(runtime.source, settings) == "needs token"
    sent_before = sum(n for (source, _), n in upstream.calls.items() if source == name)
    started = time.perf_counter()
    try:
        detail = await PROBES[name](client)
    except UpstreamUnauthorized as exc:
        elapsed = (time.perf_counter() - started) * 1000
        no_token = needs_token or (runtime.source.auth is not None and not runtime.auth_headers)
        verdict = NEEDS_TOKEN if no_token else FAILS
        return ProbeResult(name, verdict, _detail(exc), elapsed, runtime.base_url, None if no_token else exc.code)
    except UpstreamError as exc:
        elapsed = (time.perf_counter() - started) * 1000
        return ProbeResult(name, FAILS, _detail(exc), elapsed, runtime.base_url, exc.code)
    except Exception as exc:  # a bug in a probe must not hide the other sources' lines
        elapsed = (time.perf_counter() - started) * 1000
        return ProbeResult(name, FAILS, f"probe crashed with {type(exc).__name__}", elapsed,
                           runtime.base_url, "INTERNAL_SERVER_ERROR")
    elapsed = (time.perf_counter() - started) * 1000
    sent = sum(n for (source, _), n in upstream.calls.items() if source == name) - sent_before
    return ProbeResult(name, OK if sent else NO_LIVE_API, detail, elapsed, runtime.base_url)


async def run_doctor(
    settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None, only: Sequence[str] = (),
) -> list[ProbeResult]:
    """Probe every source (or those named in `only`) live, concurrently; results in registry order."""
    settings = settings.model_copy(update={"offline": False})  # doctor checks the live APIs, never a snapshot
    names = [s.name for s in SOURCES if not only or s.name in only]
    async with upstream_http_client(settings, transport) as http:
        upstream = build_upstream(settings, http, MemoryResponseCache(100))
        return list(await asyncio.gather(*(_probe_one(upstream, settings, name) for name in names)))


def format_table(results: Sequence[ProbeResult]) -> str:
    rows = [("source", "verdict", "latency", "base URL", "checked / problem")]
    rows += [(r.source, r.shown_verdict, f"{r.latency_ms:.0f} ms", r.base_url, r.detail) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
             for row in rows]
    failed = sum(r.failed for r in results)
    lines.append(f"{len(results)} sources: {len(results) - failed} without failure, {failed} failing")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def doctor_command(
    settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None, as_json: bool = False,
    only: Sequence[str] = (),
) -> tuple[int, str]:
    """`kllgraph-gateway doctor`: (exit code, output). Exit code 1 when any source fails."""
    results = asyncio.run(run_doctor(settings, transport=transport, only=only))
    output = (json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=1) + "\n" if as_json
              else format_table(results))
    return (1 if any(r.failed for r in results) else 0), output
