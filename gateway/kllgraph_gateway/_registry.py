"""The sources the gateway knows. Adding one: a folder under `connectors/` and one line here."""

from __future__ import annotations

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

__all__ = ["SOURCES", "SOURCE_NAMES", "source"]

SOURCES: tuple[Source, ...] = (
    jobsearch.SOURCE,
    taxonomy.SOURCE,
    historical.SOURCE,
    swecris.SOURCE,
    vinnova.SOURCE,
    dataportal.SOURCE,
    susanavet.SOURCE,
    jobed.SOURCE,
    myh.SOURCE,
    skolenhetsregistret.SOURCE,
    planned_educations.SOURCE,
    syllabus.SOURCE,
    scb.SOURCE,
)

SOURCE_NAMES: tuple[str, ...] = tuple(s.name for s in SOURCES)


def source(name: str) -> Source:
    for candidate in SOURCES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
