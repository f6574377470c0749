"""What a composition-time emulator is: it answers one upstream host's requests from curated world data."""

from __future__ import annotations

import json
import pkgutil
from importlib import import_module
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


def discover() -> tuple[type[Emulator], ...]:
    """Every emulator of this package: the `EMULATORS` each public module declares, modules in name order.

    A new source's emulator is a new module here; no list elsewhere names it. Order matters only where hosts are
    shared, and there the emulators answer disjoint paths (the composer asks them in turn).
    """
    package = __name__.rpartition(".")[0]
    found: list[type[Emulator]] = []
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if not module.name.startswith("_"):
            declared = getattr(import_module(f"{package}.{module.name}"), "EMULATORS", None)
            if declared is None:
                raise TypeError(f"emulator module {module.name} declares no EMULATORS")
            found.extend(declared)
    return tuple(found)
