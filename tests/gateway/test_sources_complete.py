"""Guard rails: every registered source is complete, however many there are (no count is pinned anywhere).

A registered source (a graph module's record names its connector, `GraphModule.connectors`) must have recorded
exchanges in the bundled snapshot (its graph module's seed asked for them), a row in README's sources table, and a
`doctor` probe.
"""

from __future__ import annotations

import re

import pytest

from kllgraph_gateway._registry import CONNECTORS, PROBES, SOURCE_NAMES, SOURCES, source
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway._snapshot import load_exchanges

from ..conftest import REPO

README_ROW = re.compile(r"^\| `(\w+)` \|", re.MULTILINE)


@pytest.fixture(scope="module")
def snapshot_sources() -> set[str]:
    return {exchange.source for exchange in load_exchanges(BUNDLED_SNAPSHOT).values()}


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_the_bundled_snapshot_holds_exchanges_of_every_source(name: str, snapshot_sources: set[str]) -> None:
    # A source read through another one's API (myh: YH from Susa-navet emil3, same base URL) has its exchanges there.
    read_through = {s.name for s in SOURCES if s.base_url == source(name).base_url and s.name in snapshot_sources}
    assert name in snapshot_sources or read_through, f"no seed recorded anything from {name}: give its graph " \
                                                     "module a seed"


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_every_source_has_a_readme_row(name: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert name in set(README_ROW.findall(readme)), f"README's sources table has no row for {name}"


def test_every_connector_exports_a_doctor_probe() -> None:
    assert set(PROBES) == set(SOURCE_NAMES)
    assert all(callable(connector.probe) for connector in CONNECTORS)
