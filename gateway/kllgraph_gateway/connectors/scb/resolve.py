"""Which SCB table answers a figure, checked against the table's own metadata before any data request.

PxWebApi 2.0 names tables `TAB<n>`; v1 matrix names (YREG60BAS, LoneSpridSektYrk4AN) are gone. A `TableSpec` says
what a figure needs: the key variable (e.g. `Yrke2012` with 4-digit codes), the values to hold fixed (e.g. `Kon`
`1+2`), the contents, and a time variable. Where a TAB id is verified the spec pins it; otherwise the table is
found at run time: `GET /tables?query=...`, keep tables whose label has the spec's words, and take the first
whose metadata fits (newest last period first). The found id is cached for 24 h in the upstream response cache
(shared across replicas when that is Redis), and re-checked against its metadata on every use.

Any mismatch -- a pinned table gone, a variable or value missing, no table found -- raises UPSTREAM_BAD_PAYLOAD
with source "scb", naming the table and what is missing: the agency changed, not the client's query.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..._cache import CachedResponse, ResponseCache, cache_key
from ..._errors import UpstreamBadPayload
from ..._upstream import SourceClient
from . import api
from .api import Selection
from .jsonstat import TableMetadata
from .models import Table

__all__ = ["RESOLVED_TTL_SECONDS", "ResolvedTable", "TableSpec", "fit", "resolve_table", "resolved_cache_key"]

RESOLVED_TTL_SECONDS = 24 * 3600.0
# Metadata requests spent on search candidates per resolution (each is cached; SCB's rate limit applies).
MAX_CANDIDATES = 4
METRIC_VARIABLE = "ContentsCode"  # PxWeb's contents variable (role "metric" in JSON-stat)


@dataclass(frozen=True, slots=True)
class TableSpec:
    """What one figure needs from a table. `table_id` pins a verified id; without it, `search` finds the table."""

    title: str  # what the table answers, for messages ("employees by SSYK 2012")
    key_variable: str  # the variable keyed by the hub's code; every value is fetched
    fixed: tuple[tuple[str, str], ...] = ()  # (variable, value) pairs held fixed; both must exist
    key_pattern: str | None = None  # a regex that at least one key code must match (e.g. 4-digit SSYK)
    content_words: tuple[str, ...] = ()  # without a fixed ContentsCode: the first content whose label has these
    table_id: str | None = None
    search: str | None = None  # GET /tables?query=...
    label_words: tuple[str, ...] = field(default=())  # all must be in a candidate's label (case-insensitive)

    def __post_init__(self) -> None:
        if (self.table_id is None) == (self.search is None):
            raise ValueError(f"{self.title}: give exactly one of table_id and search")


@dataclass(frozen=True, slots=True)
class ResolvedTable:
    """A table that fits a spec, with the data selection for its latest period (in the metadata's variable order).

    Variables the spec does not name are left out: SCB then answers their total (PxWeb elimination)."""

    table_id: str
    metadata: TableMetadata
    period_variable: str
    latest_period: str
    selection: tuple[Selection, ...]


def fit(spec: TableSpec, table_id: str, metadata: TableMetadata) -> ResolvedTable | list[str]:
    """The resolved table, or what does not match (each problem names the variable or value)."""
    dimensions = metadata.dimension
    period_variable = next((v for v in metadata.time_variables if v in dimensions and dimensions[v].codes()), None)
    content, content_problems = _content_code(spec, metadata)
    problems = [*_key_problems(spec, metadata), *_fixed_problems(spec, metadata), *content_problems]
    if period_variable is None:
        problems.append("has no time variable with periods")
    named = {spec.key_variable, METRIC_VARIABLE, *dict(spec.fixed), *([period_variable] if period_variable else [])}
    problems += [f"variable {variable!r} cannot be left out (no elimination) and the spec fixes no value"
                 for variable, dimension in metadata.dimensions()
                 if variable not in named and not dimension.elimination]
    if problems or period_variable is None:
        return problems
    latest = dimensions[period_variable].codes()[-1]
    chosen = {spec.key_variable: ("*",), period_variable: (latest,),
              **{variable: (value,) for variable, value in spec.fixed}}
    if content is not None:
        chosen.setdefault(METRIC_VARIABLE, (content,))
    selection = tuple(Selection(variable, chosen[variable]) for variable, _ in metadata.dimensions()
                      if variable in chosen)
    return ResolvedTable(table_id, metadata, period_variable, latest, selection)


def _key_problems(spec: TableSpec, metadata: TableMetadata) -> list[str]:
    key = metadata.dimension.get(spec.key_variable)
    if key is None:
        return [f"has no variable {spec.key_variable!r}"]
    if spec.key_pattern and not any(re.fullmatch(spec.key_pattern, code) for code in key.codes()):
        return [f"variable {spec.key_variable!r} has no value matching {spec.key_pattern}"]
    return []


def _fixed_problems(spec: TableSpec, metadata: TableMetadata) -> list[str]:
    problems = []
    for variable, value in spec.fixed:
        dimension = metadata.dimension.get(variable)
        if dimension is None:
            problems.append(f"has no variable {variable!r}")
        elif value not in dimension.codes():
            problems.append(f"variable {variable!r} has no value {value!r}")
    return problems


def _content_code(spec: TableSpec, metadata: TableMetadata) -> tuple[str | None, list[str]]:
    """The ContentsCode to ask for: fixed by the spec, or the one whose label has all the spec's words."""
    fixed: str | None = dict(spec.fixed).get(METRIC_VARIABLE)
    if fixed is not None or METRIC_VARIABLE not in metadata.dimension:
        return fixed, []
    contents = metadata.dimension[METRIC_VARIABLE]
    words = [w.casefold() for w in spec.content_words]
    found = next((code for code in contents.codes()
                  if all(w in contents.label_of(code).casefold() for w in words)), None)
    if found is None:
        return None, [f"variable {METRIC_VARIABLE!r} has no content labelled with {list(spec.content_words)}"]
    return found, []


def _mismatch(spec: TableSpec, table_id: str, problems: Sequence[str]) -> UpstreamBadPayload:
    return UpstreamBadPayload("scb", f"table {table_id} ({spec.title}) does not match its metadata: "
                                     + "; ".join(problems))


async def _check(client: SourceClient, spec: TableSpec, table_id: str) -> ResolvedTable | list[str]:
    metadata = await api.metadata(client, table_id)
    if metadata is None:
        return [f"GET /tables/{table_id}/metadata answered 404 (no such table)"]
    return fit(spec, table_id, metadata)


def _label_fits(spec: TableSpec, table: Table) -> bool:
    label = table.label.casefold()
    return not table.discontinued and all(word.casefold() in label for word in spec.label_words)


def resolved_cache_key(spec: TableSpec) -> str:
    """Where the id a search found is cached (in the upstream response cache, for RESOLVED_TTL_SECONDS)."""
    return cache_key("scb", "RESOLVE", spec.title, [("query", spec.search or "")], list(spec.label_words))


async def resolve_table(client: SourceClient, spec: TableSpec, *, cache: ResponseCache) -> ResolvedTable:
    """The table that answers `spec`, checked against its metadata; UPSTREAM_BAD_PAYLOAD (source scb) if none."""
    if spec.table_id is not None:
        pinned = await _check(client, spec, spec.table_id)
        if isinstance(pinned, list):
            raise _mismatch(spec, spec.table_id, pinned)
        return pinned

    key = resolved_cache_key(spec)
    cached = None if client.refresh else await cache.get(key)  # a refresh searches again
    if cached is not None:
        remembered = await _check(client, spec, cached.body.decode())
        if not isinstance(remembered, list):
            return remembered  # otherwise the table changed since: search again

    assert spec.search is not None  # TableSpec.__post_init__
    found = await api.tables(client, query=spec.search, page_number=1, page_size=client.runtime.source.page_size)
    candidates = sorted((t for t in found.tables if _label_fits(spec, t)),
                        key=lambda t: (t.lastPeriod or "", t.id), reverse=True)[:MAX_CANDIDATES]
    rejected: list[str] = []
    for candidate in candidates:
        checked = await _check(client, spec, candidate.id)
        if not isinstance(checked, list):
            await cache.set(key, CachedResponse(status=200, content_type="text/plain",
                                                body=candidate.id.encode(), ttl=RESOLVED_TTL_SECONDS))
            return checked
        rejected.append(f"{candidate.id}: " + "; ".join(checked))
    searched = f"GET /tables?query={spec.search!r}"
    if not rejected:
        raise UpstreamBadPayload("scb", f"no table for {spec.title}: {searched} found none whose label has "
                                        f"{list(spec.label_words)}")
    raise UpstreamBadPayload("scb", f"no table for {spec.title}: {searched} found only tables that do not match "
                                    f"their metadata ({' | '.join(rejected)})")
