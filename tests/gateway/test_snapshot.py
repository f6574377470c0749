"""Recording and replaying snapshots; the bundled snapshot is exactly what the composer makes from the world data."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import httpx
import pytest

from kllgraph_gateway._record import record_snapshot
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway._snapshot import load_exchanges
from kllgraph_gateway.graph import jobads

from ..conftest import REPO
from .harness import make_settings, running_gateway, world

QUERY = "{ jobAds(first: 3) { totalCount edges { node { id headline occupation { label ssykCode } } } } }"


def live_jobtech(request: httpx.Request) -> httpx.Response:
    """Stands in for the live APIs during recording (real shapes from the world data)."""
    if request.url.path == "/search":
        hits = world("jobsearch_ads.json")[:4]
        # A search that asks for stats gets its stats block, as the real API answers (historical demand asks).
        stats = ([{"type": "occupation-name", "values": []}] if "stats" in request.url.params else [])
        return httpx.Response(200, json={"total": {"value": 4}, "hits": hits, "stats": stats},
                              headers={"content-encoding": "identity"})
    if request.url.path.startswith("/ad/"):
        return httpx.Response(404)
    operation = json.loads(request.content)["operationName"]
    name = "taxonomy_occupations.json" if operation == "KllOccupations" else "taxonomy_municipalities.json"
    return httpx.Response(200, json=world(name))


async def test_record_then_replay_gives_the_same_answer(tmp_path: Path) -> None:
    report = await record_snapshot(make_settings(), tmp_path, inner=httpx.MockTransport(live_jobtech), max_follow=2,
                                   seeds=(jobads.seed,))
    assert report.files and not report.errors
    exchanges = load_exchanges(tmp_path)
    assert {e.provenance for e in exchanges.values()} == {"recorded"}
    assert {e.source for e in exchanges.values()} == {"jobsearch", "taxonomy", "historical"}

    async with running_gateway(httpx.MockTransport(live_jobtech)) as live:
        _, expected = await live.query(QUERY)
    async with running_gateway(snapshot=tmp_path) as offline:
        _, replayed = await offline.query(QUERY)
    assert replayed["data"] == expected["data"] and "errors" not in replayed
    # Offline answers say where they come from.
    assert "extensions" not in expected
    assert replayed["extensions"]["kllgraph"]["mode"] == "offline"
    assert replayed["extensions"]["kllgraph"]["snapshot"]["provenance"] == "recorded"


async def test_replay_survives_a_base_url_override() -> None:
    settings = make_settings(offline=True, source_urls={"jobsearch": "https://jobsearch.mirror.example/v2"})
    async with running_gateway(settings=settings) as gateway:
        _, body = await gateway.query(QUERY)
    assert "errors" not in body and len(body["data"]["jobAds"]["edges"]) == 3


def test_bundled_snapshot_says_what_is_composed() -> None:
    exchanges = load_exchanges(BUNDLED_SNAPSHOT)
    assert exchanges
    assert {e.provenance for e in exchanges.values()} <= {"composed", "recorded"}
    assert all(e.note for e in exchanges.values() if e.provenance == "composed")


# Records taken unchanged from real sources (PROVENANCE.md): everything else in these sources is composed.
REAL_DATASET_ENTRIES = {("43", "69395")}
REAL_VINNOVA_RECORDS = {"2015-02516", "2016-02752", "2016-04632"}


async def test_composed_records_with_real_looking_titles_carry_the_composed_marker() -> None:
    """Composed dataportal entries and (partly) composed Vinnova records are marked like the composed school units
    ("Komponerad …"), as the graph shows them offline."""
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query("{ datasets(first: 100) { edges { node { id title } } } }")
        datasets = [edge["node"] for edge in body["data"]["datasets"]["edges"]]
        _, body = await gateway.query('{ innovationCall(id: "2017-02932") { title } }')
    assert "errors" not in body, body
    composed = [d for d in datasets if tuple(d["id"].split("_")) not in REAL_DATASET_ENTRIES]
    assert composed and len(composed) < len(datasets)
    assert all(d["title"].startswith("Komponerad") for d in composed), composed
    assert body["data"]["innovationCall"]["title"].startswith("Komponerad")
    vinnova = [record for e in load_exchanges(BUNDLED_SNAPSHOT).values() if e.source == "vinnova"
               for record in json.loads(e.content)]
    composed_projects = [r for r in vinnova if "Ärenderubrik" in r and r["Diarienummer"] not in REAL_VINNOVA_RECORDS]
    assert composed_projects
    assert all(r["Ärenderubrik"].startswith("Komponerad") for r in composed_projects), composed_projects


@pytest.fixture
def composer() -> object:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        return importlib.import_module("compose_snapshot")
    finally:
        sys.path.remove(str(REPO / "tools"))


async def test_bundled_snapshot_is_fresh(tmp_path: Path, composer: object) -> None:
    """Fails when the world data, an emulator or the gateway's requests changed without recomposing."""
    code = await composer.compose(tmp_path)  # type: ignore[attr-defined]
    assert code == 0
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*.json")}
    bundled = {p.relative_to(BUNDLED_SNAPSHOT): p.read_bytes() for p in BUNDLED_SNAPSHOT.rglob("*.json")}
    assert sorted(fresh) == sorted(bundled), "run: .venv/bin/python tools/compose_snapshot.py"
    stale = [str(path) for path in fresh if fresh[path] != bundled[path]]
    assert not stale, f"stale snapshot files {stale[:5]}; run: .venv/bin/python tools/compose_snapshot.py"
