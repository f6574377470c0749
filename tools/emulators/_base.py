"""What a composition-time emulator is: it answers one upstream host's requests from curated world data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

import httpx

WORLD = Path(__file__).resolve().parent.parent / "snapshot_world"


def load_world(*parts: str) -> Any:
    return json.loads(WORLD.joinpath(*parts).read_text(encoding="utf-8"))


class Emulator(Protocol):
    host: str  # the upstream host this emulator answers for

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        """The composed response, or None when this emulator cannot answer (the composer then fails loudly)."""
