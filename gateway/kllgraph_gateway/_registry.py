"""The sources the gateway knows. Adding one: a folder under `connectors/` and one line in CONNECTORS.

Everything per source is derived from that one list: the `Source` records (SOURCES) and the `doctor` probes (PROBES).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from .connectors import (
    Source,
    dataportal,
    historical,
    jobed,
    jobsearch,
    myh,
    planned_educations,
    scb,
    skolenhetsregistret,
    susanavet,
    swecris,
    syllabus,
    taxonomy,
    vinnova,
)

if TYPE_CHECKING:
    from ._upstream import SourceClient

__all__ = ["CONNECTORS", "PROBES", "SOURCES", "SOURCE_NAMES", "Connector", "Probe", "source"]

Probe = Callable[["SourceClient"], Awaitable[str]]


class Connector(Protocol):
    """What every connector package exports (connectors/<name>/__init__.py)."""

    @property
    def SOURCE(self) -> Source: ...  # the module constant

    @property
    def probe(self) -> Probe: ...


CONNECTORS: tuple[Connector, ...] = (
    jobsearch,
    taxonomy,
    historical,
    swecris,
    vinnova,
    dataportal,
    susanavet,
    jobed,
    myh,
    skolenhetsregistret,
    planned_educations,
    syllabus,
    scb,
)

SOURCES: tuple[Source, ...] = tuple(connector.SOURCE for connector in CONNECTORS)
SOURCE_NAMES: tuple[str, ...] = tuple(s.name for s in SOURCES)
PROBES: Mapping[str, Probe] = MappingProxyType({c.SOURCE.name: c.probe for c in CONNECTORS})


def source(name: str) -> Source:
    for candidate in SOURCES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
