"""What an offline snapshot covers, found by asking the offline gateway itself (`kllgraph-gateway snapshot info`).

Nothing here is typed by hand: the municipalities, organisations and occupations are those the snapshot's lists
name, kept only when a lookup of them answers offline without an error; sample ids and example filters are kept
only when they answer with data. So every item in the list is a query that works offline, and a user who asks for
something else learns from SNAPSHOT_MISSING that the snapshot does not hold it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ._snapshot import date_field, read_manifest, snapshot_date

__all__ = ["SnapshotCoverage", "coverage_markdown", "snapshot_coverage"]

Execute = Callable[[str, dict[str, Any] | None], Awaitable[tuple[dict[str, Any], bool]]]
SAMPLES = 3  # ids shown per kind


@dataclass
class SnapshotCoverage:
    snapshot_dir: Path
    date: str | None
    date_field: str  # "composedOn" or "recordedOn", as in extensions.kllgraph.snapshot
    provenance: str
    exchanges: dict[str, int] = field(default_factory=dict)  # per source folder
    municipalities: list[tuple[str, str]] = field(default_factory=list)  # (SCB code, name)
    organisations: list[tuple[str, str]] = field(default_factory=list)  # (organisation number, name)
    occupations: list[tuple[str, str, str]] = field(default_factory=list)  # (concept id, label, SSYK)
    career_moves: list[tuple[str, str, int]] = field(default_factory=list)  # (concept id, label, targets)
    experience_texts: list[str] = field(default_factory=list)  # composed `matchExperience` texts answered offline
    sample_ids: list[tuple[str, str]] = field(default_factory=list)  # (GraphQL lookup, id)
    filters: list[tuple[str, int]] = field(default_factory=list)  # (GraphQL field with arguments, totalCount)

    def as_json(self) -> dict[str, Any]:
        return {
            "snapshot": {self.date_field: self.date, "provenance": self.provenance},
            "exchanges": self.exchanges,
            "municipalities": [{"code": c, "name": n} for c, n in self.municipalities],
            "organisations": [{"organisationNumber": o, "name": n} for o, n in self.organisations],
            "occupations": [{"id": i, "label": la, "ssykCode": s} for i, la, s in self.occupations],
            "careerMoves": [{"from": i, "label": la, "targets": n} for i, la, n in self.career_moves],
            "experienceTexts": self.experience_texts,
            "sampleIds": [{"lookup": q, "id": i} for q, i in self.sample_ids],
            "exampleFilters": [{"field": f, "totalCount": n} for f, n in self.filters],
        }

    def municipality_summary(self, limit: int = 8) -> str:
        shown = [f"{code} {name}" for code, name in self.municipalities[:limit]]
        more = len(self.municipalities) - len(shown)
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _edges(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    connection = data.get(name) or {}
    return [edge["node"] for edge in connection.get("edges") or [] if edge.get("node")]


@contextlib.asynccontextmanager
async def _offline_gateway(snapshot_dir: Path) -> AsyncIterator[Execute]:
    from ._app import create_app
    from ._settings import Settings

    app = create_app(Settings(offline=True, snapshot_dir=snapshot_dir, retry_attempts=1))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway"
    ) as client:

        async def execute(query: str, variables: dict[str, Any] | None = None) -> tuple[dict[str, Any], bool]:
            response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                         headers={"accept": "application/json"})
            body = response.json()
            return body.get("data") or {}, not body.get("errors")

        yield execute


async def _municipalities(execute: Execute) -> list[tuple[str, str]]:
    data, _ = await execute("{ municipalities(first: 100) { edges { node { code name } } } }", None)
    covered = []
    for node in _edges(data, "municipalities"):
        _, answers = await execute(
            "query M($c: String!) { municipality(code: $c) { name population { value } jobAds(first: 1) "
            "{ totalCount } schoolUnits(first: 1) { totalCount } } }", {"c": node["code"]})
        if answers:
            covered.append((node["code"], node["name"]))
    return sorted(covered)


async def _organisations(execute: Execute) -> list[tuple[str, str]]:
    data, _ = await execute("""{
      jobAds(first: 100) { edges { node { employer { organisationNumber } } } }
      schoolUnits(first: 100) { edges { node { organiser { organisationNumber } } } }
      datasets(first: 100) { edges { node { publisher { organisationNumber } } } }
    }""", None)
    numbers: list[str] = []
    for kind, link in (("jobAds", "employer"), ("schoolUnits", "organiser"), ("datasets", "publisher")):
        for node in _edges(data, kind):
            number = (node.get(link) or {}).get("organisationNumber")
            if number and number not in numbers:
                numbers.append(number)
    covered = []
    for number in numbers:
        org, answers = await execute(
            "query O($o: String!) { organisation(organisationNumber: $o) { name jobAds(first: 1) { totalCount } "
            "schoolUnits(first: 1) { totalCount } } }", {"o": number})
        name = (org.get("organisation") or {}).get("name")
        if answers and name:
            covered.append((number, name))
    return sorted(covered)


async def _occupations(execute: Execute) -> list[tuple[str, str, str]]:
    data, answers = await execute("{ occupations(first: 100) { edges { node { id label ssykCode } } } }", None)
    if not answers:
        return []
    return sorted(((n["id"], n["label"], n.get("ssykCode") or "") for n in _edges(data, "occupations")),
                  key=lambda o: o[1])


# What a career move must answer offline to be listed: every part the SDK's CareerMoves operation reads.
_CAREER_MOVE = """query C($id: ID!) { careerMoves(from: $id) { occupation { label } level sharedSkills { id }
  missingSkills { id } educations(first: 5) { totalCount } jobAds(first: 5) { totalCount } monthlyWage { value } } }"""


async def _career_moves(execute: Execute, occupations: list[tuple[str, str, str]]) -> list[tuple[str, str, int]]:
    """The occupations whose `careerMoves` answer offline, without an error, with at least two targets."""
    covered = []
    for concept, label, _ in occupations:
        data, answers = await execute(_CAREER_MOVE, {"id": concept})
        moves = data.get("careerMoves") or []
        if answers and len(moves) >= 2:
            covered.append((concept, label, len(moves)))
    return covered


async def _experience_texts(execute: Execute) -> list[str]:
    """The composed sample texts `matchExperience` answers offline (a person's own text never is)."""
    from .graph.experience import SAMPLE_EXPERIENCES

    answered = []
    for text in SAMPLE_EXPERIENCES:
        data, answers = await execute("query X($t: String!) { matchExperience(text: $t) { occupations { label } "
                                      "skills { label } } }", {"t": text})
        if answers and data.get("matchExperience"):
            answered.append(text)
    return answered


# (list query, its connection, the by-id lookup that must answer with a non-null object, its id field)
_SAMPLE_KINDS = (
    ("{ jobAds(first: 5) { edges { node { id } } } }", "jobAds", "jobAd(id: $id) { id }", "id", "ID!"),
    ("{ schoolUnits(first: 5) { edges { node { code } } } }", "schoolUnits", "schoolUnit(code: $id) { code }", "code",
     "String!"),
    ("{ educations(first: 5) { edges { node { id } } } }", "educations", "education(id: $id) { id }", "id", "ID!"),
    ("{ researchProjects(organisationNumber: \"2021003054\", first: 5) { edges { node { id } } } }",
     "researchProjects", "researchProject(id: $id) { id }", "id", "ID!"),
    ("{ subjects(first: 5) { edges { node { code } } } }", "subjects", "subject(code: $id) { code }", "code",
     "String!"),
)


async def _sample_ids(execute: Execute) -> list[tuple[str, str]]:
    samples: list[tuple[str, str]] = []
    for list_query, connection, lookup, id_field, id_type in _SAMPLE_KINDS:
        data, _ = await execute(list_query, None)
        found = 0
        for node in _edges(data, connection):
            if found == SAMPLES:
                break
            answer, answers = await execute(f"query S($id: {id_type}) {{ {lookup} }}", {"id": node[id_field]})
            if answers and any(answer.values()):
                samples.append((lookup.split("(")[0], str(node[id_field])))
                found += 1
    return samples


def _filter_kinds(municipalities: list[tuple[str, str]], occupations: list[tuple[str, str, str]],
                  organisations: list[tuple[str, str]]) -> list[tuple[list[str], int]]:
    """Per kind of filter: its candidates in list order, and how many to show."""
    return [
        ([f'jobAds(municipality: "{code}")' for code, _ in municipalities], SAMPLES),
        ([f'jobAds(occupation: "{concept}")' for concept, _, _ in occupations], SAMPLES),
        ([f'jobAds(occupation: "{ssyk}")' for _, _, ssyk in occupations if ssyk], 1),
        ([f'schoolUnits(municipality: "{code}")' for code, _ in municipalities], SAMPLES),
        ([f'educations(municipality: "{code}")' for code, _ in municipalities], SAMPLES),
        ([f'educations(occupation: "{concept}")' for concept, _, _ in occupations], SAMPLES),
        ([f'historicalJobAds(occupation: "{concept}")' for concept, _, _ in occupations], 1),
        ([f'researchProjects(organisationNumber: "{number}")' for number, _ in organisations], len(organisations)),
    ]


async def _first_answering(execute: Execute, candidates: list[str], limit: int) -> list[tuple[str, int]]:
    kept: list[tuple[str, int]] = []
    for candidate in dict.fromkeys(candidates):
        if len(kept) == limit:
            break
        name, _, arguments = candidate.partition("(")
        data, answers = await execute(f"{{ {name}({arguments[:-1]}, first: 1) {{ totalCount }} }}", None)
        total = (data.get(name) or {}).get("totalCount")
        if answers and isinstance(total, int) and total > 0:
            kept.append((candidate, total))
    return kept


async def _filters(
    execute: Execute, municipalities: list[tuple[str, str]], occupations: list[tuple[str, str, str]],
    organisations: list[tuple[str, str]],
) -> list[tuple[str, int]]:
    """Per kind of filter, the first few candidates (in list order) that answer offline with data."""
    kept: list[tuple[str, int]] = []
    for candidates, limit in _filter_kinds(municipalities, occupations, organisations):
        kept += await _first_answering(execute, candidates, limit)
    return kept


async def snapshot_coverage(snapshot_dir: Path) -> SnapshotCoverage:
    manifest = read_manifest(snapshot_dir) or {}
    provenance = str(manifest.get("provenance", "unknown"))
    day = snapshot_date(snapshot_dir)
    coverage = SnapshotCoverage(
        snapshot_dir=snapshot_dir,
        date=day.isoformat() if day else None,
        date_field=date_field(provenance),
        provenance=provenance,
        exchanges={folder.name: len(list(folder.glob("*.json")))
                   for folder in sorted(snapshot_dir.iterdir()) if folder.is_dir()},
    )
    async with _offline_gateway(snapshot_dir) as execute:
        coverage.municipalities = await _municipalities(execute)
        coverage.organisations = await _organisations(execute)
        coverage.occupations = await _occupations(execute)
        coverage.career_moves = await _career_moves(execute, coverage.occupations)
        coverage.experience_texts = await _experience_texts(execute)
        coverage.sample_ids = await _sample_ids(execute)
        coverage.filters = await _filters(execute, coverage.municipalities, coverage.occupations,
                                          coverage.organisations)
    return coverage


def coverage_markdown(coverage: SnapshotCoverage) -> str:
    """The coverage as Markdown; README's "What the bundled snapshot covers" section is this text, verbatim."""
    lines = [
        f"Snapshot: {coverage.provenance}, {coverage.date_field} {coverage.date or 'unknown'}; "
        f"{sum(coverage.exchanges.values())} exchanges "
        f"({', '.join(f'{name} {count}' for name, count in coverage.exchanges.items())}).",
        "",
        "| Kind | Covered offline |",
        "|---|---|",
        "| Municipalities | " + ", ".join(f"{code} {name}" for code, name in coverage.municipalities) + " |",
        "| Organisations | " + ", ".join(f"{number} {name}" for number, name in coverage.organisations) + " |",
        "| Occupations | " + ", ".join(f"{label} (`{concept}`, SSYK {ssyk or '–'})"
                                      for concept, label, ssyk in coverage.occupations) + " |",
        "| Career moves (`careerMoves(from:)`, 2+ targets) | " + ", ".join(
            f"{label} (`{concept}`, {targets})" for concept, label, targets in coverage.career_moves) + " |",
        "| Experience texts (`matchExperience(text:)`, composed) | " + ", ".join(
            f'"{text}"' for text in coverage.experience_texts) + " |",
        "| Sample ids | " + ", ".join(f"`{lookup}` {identifier}" for lookup, identifier in coverage.sample_ids) + " |",
        "| Example filters | " + ", ".join(f"`{field_}` ({total})" for field_, total in coverage.filters) + " |",
    ]
    return "\n".join(lines) + "\n"
