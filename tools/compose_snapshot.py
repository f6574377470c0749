"""Compose the bundled offline snapshot from the curated world data in tools/snapshot_world/.

We cannot reach the agencies from the build machines, so the bundled snapshot is composed: the world files hold
real identifiers (see each snapshot_world/*/PROVENANCE.md) in the real payload shapes, and this script answers the
gateway's own seed queries (kllgraph_gateway._record) through small *composition-time* emulators of each
upstream's filtering and paging (tools/emulators/). Every exchange is written with provenance "composed"; real
recorded samples that the gateway requests verbatim are copied in with provenance "recorded" by the emulators that
serve them. The emulators are never used at runtime.

    .venv/bin/python tools/compose_snapshot.py            # rewrites gateway/kllgraph_gateway/snapshot/
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emulators._base import Emulator, discover

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "gateway" / "kllgraph_gateway" / "snapshot"
# The world's "today": relative defaults (e.g. the last five years of historical demand) count from it, so the
# composed snapshot does not change with the calendar. Move it when the world data is refreshed.
WORLD_DATE = date(2026, 11, 27)
NOTE = "composed by tools/compose_snapshot.py from tools/snapshot_world (real ids, composed records)"

EMULATORS: tuple[type[Emulator], ...] = discover()  # one module per source in tools/emulators/


class ComposingUpstream(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        # Several emulators may share a host (Susa-navet emil3 lives on api.skolverket.se): the first that answers.
        self.by_host: dict[str, list[Emulator]] = {}
        for emulator in EMULATORS:
            self.by_host.setdefault(emulator.host, []).append(emulator())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = next((answer for emulator in self.by_host.get(request.url.host, [])
                         if (answer := emulator.handle(request)) is not None), None)
        if response is None:
            # 418 so the gateway reports it as a rejected request and the composer run fails visibly.
            return httpx.Response(418, json={"message": f"no emulator answers {request.method} {request.url}"})
        return response


async def compose(out: Path) -> int:
    from kllgraph_gateway._record import record_snapshot
    from kllgraph_gateway._settings import Settings

    if out.exists():
        shutil.rmtree(out)
    report = await record_snapshot(
        # The emulators check no credentials; SweCRIS requires a token to be set, so a placeholder is.
        Settings(today=WORLD_DATE, source_tokens={"swecris": "composition-placeholder"}),
        out, inner=ComposingUpstream(), provenance="composed", note=NOTE, max_follow=100,
    )
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"{report.queries} seed queries, {len(report.files)} exchanges written to {out}")
    return 1 if report.errors else 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(compose(SNAPSHOT)))
