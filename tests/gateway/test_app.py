"""The app's lifespan: the collector tuned while it runs, and put back as it was at shutdown."""

from __future__ import annotations

import gc

from kllgraph_gateway._app import GC_THRESHOLDS
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import make_settings, running_gateway


async def test_gc_frozen_and_thresholds_raised_while_running_then_restored() -> None:
    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    settings = make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, gc_tuning=True)
    async with running_gateway(settings=settings) as gateway:
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0  # startup's objects are out of every collection
        status, body = await gateway.query('{ municipality(code: "0180") { name } }')
        assert status == 200 and body["data"]["municipality"]["name"]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_gc_tuning_off_leaves_the_collector_alone() -> None:
    before = gc.get_threshold()
    settings = make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, gc_tuning=False)
    async with running_gateway(settings=settings):
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0
