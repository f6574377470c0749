"""Shared test paths. The upstream samples live in ../shared beside the repo (KLLGRAPH_SHARED_DIR overrides)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KLLGRAPH_SHARED_DIR", REPO.parent / "shared"))
SAMPLES = SHARED / "upstream-samples"
WORLD = REPO / "tools" / "snapshot_world" / "jobtech"
