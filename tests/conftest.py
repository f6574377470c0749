"""Shared test paths.

The real upstream samples the tests parse are copied, unchanged, from the workplace's shared/upstream-samples into
tests/fixtures/upstream-samples (see its SOURCES.md), so the suite runs from a clone alone.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "fixtures" / "upstream-samples"
WORLD = REPO / "tools" / "snapshot_world" / "jobtech"
