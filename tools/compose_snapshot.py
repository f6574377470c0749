"""Compose the bundled offline snapshot from the curated world data in tools/snapshot_world/.

We cannot reach the agencies from the build machines, so the bundled snapshot is composed: the world files hold
real identifiers (see snapshot_world/PROVENANCE.md) in the real payload shapes, and this script answers the
gateway's own seed queries (kllgraph_gateway._record.run_seeds) from them through a small *composition-time*
emulation of each upstream's filtering and paging. Every exchange is written with provenance "composed"; real
recorded samples are copied in with provenance "recorded". The emulation is never used at runtime.

    .venv/bin/python tools/compose_snapshot.py            # rewrites gateway/kllgraph_gateway/snapshot/
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
WORLD = REPO / "tools" / "snapshot_world"
SNAPSHOT = REPO / "gateway" / "kllgraph_gateway" / "snapshot"
NOTE = "composed by tools/compose_snapshot.py from tools/snapshot_world (real ids, composed ads)"


def _load(name: str) -> Any:
    return json.loads((WORLD / name).read_text(encoding="utf-8"))


class JobSearchEmulator:
    """JobSearch /search and /ad/{id} semantics over a fixed list of ads (agency-apis.md §1.1)."""

    def __init__(self, ads: list[dict[str, Any]]) -> None:
        self.ads = sorted(ads, key=lambda ad: (ad["publication_date"], ad["id"]), reverse=True)

    @staticmethod
    def _matches(ad: dict[str, Any], params: httpx.QueryParams) -> bool:
        def concept(item: dict[str, Any] | None) -> str | None:
            return item.get("concept_id") if item else None

        address = ad.get("workplace_address") or {}
        checks: dict[str, Callable[[], set[str | None]]] = {
            "occupation-name": lambda: {concept(ad.get("occupation"))},
            "occupation-group": lambda: {concept(ad.get("occupation_group"))},
            "occupation-field": lambda: {concept(ad.get("occupation_field"))},
            "municipality": lambda: {address.get("municipality_concept_id")},
            "region": lambda: {address.get("region_concept_id")},
        }
        for name, values_of in checks.items():
            wanted = params.get_list(name)
            if wanted and not values_of() & set(wanted):
                return False
        employers = params.get_list("employer")
        org = (ad.get("employer") or {}).get("organization_number") or ""
        if employers and not any(org.startswith(prefix) for prefix in employers):
            return False
        after = params.get("published-after")
        if after and ad["publication_date"] <= after:
            return False
        q = params.get("q")
        if q:
            text = " ".join([ad.get("headline") or "", (ad.get("description") or {}).get("text") or "",
                             (ad.get("employer") or {}).get("name") or ""]).casefold()
            if not all(word.strip('+"').casefold() in text for word in q.split()):
                return False
        return True

    def search(self, params: httpx.QueryParams) -> dict[str, Any]:
        hits = [ad for ad in self.ads if self._matches(ad, params)]
        offset, limit = int(params.get("offset", "0")), int(params.get("limit", "10"))
        return {
            "total": {"value": len(hits)},
            "positions": 0,
            "query_time_in_millis": 0,
            "result_time_in_millis": 0,
            "stats": [],
            "freetext_concepts": {},
            "hits": hits[offset:offset + limit],
        }

    def ad(self, ad_id: str) -> dict[str, Any] | None:
        for ad in self.ads:
            if ad["id"] == ad_id:
                return {k: v for k, v in ad.items() if k != "relevance"}
        return None


class ComposingUpstream(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.jobsearch = JobSearchEmulator(_load("jobsearch_ads.json"))
        self.taxonomy = {
            "KllOccupations": _load("taxonomy_occupations.json"),
            "KllMunicipalities": _load("taxonomy_municipalities.json"),
        }

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.host == "jobsearch.api.jobtechdev.se":
            if url.path == "/search":
                return httpx.Response(200, json=self.jobsearch.search(url.params))
            if url.path.startswith("/ad/"):
                ad = self.jobsearch.ad(url.path.removeprefix("/ad/"))
                return httpx.Response(200, json=ad) if ad else httpx.Response(404, json={"message": "Ad not found"})
        if url.host == "taxonomy.api.jobtechdev.se" and url.path == "/v1/taxonomy/graphql":
            body = json.loads(request.content)
            answer = self.taxonomy.get(body.get("operationName", ""))
            if answer is not None:
                return httpx.Response(200, json=answer)
        return httpx.Response(400, json={"message": f"the composer cannot answer {request.method} {url}"})


async def compose(out: Path) -> int:
    from kllgraph_gateway._record import record_snapshot
    from kllgraph_gateway._settings import Settings

    if out.exists():
        shutil.rmtree(out)
    report = await record_snapshot(Settings(), out, inner=ComposingUpstream(), provenance="composed", note=NOTE,
                                   max_follow=100)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"{report.queries} seed queries, {len(report.files)} exchanges written to {out}")
    return 1 if report.errors else 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(compose(SNAPSHOT)))
