"""Acceptance points of the typed SDK (issue 4), against the real in-process gateway on the offline snapshot.

Requests are counted where they leave the client: at the in-process transport that `Client.local()` /
`AsyncClient.local()` install (wrapped by monkeypatching its class), and cross-checked with the client's own
cache statistics.
"""

from __future__ import annotations

import importlib.metadata
import math
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest
from packaging.requirements import Requirement

import kllgraph
from kllgraph._local import AsyncInProcessTransport, SyncInProcessTransport
from kllgraph.types import Organisation, OrganisationOrganisation

# The bundled snapshot is composed data: the SDK warns once per client (tests/sdk/test_provenance.py checks it).
pytestmark = pytest.mark.filterwarnings("ignore::kllgraph.ComposedDataWarning")

REPO = Path(__file__).resolve().parents[2]
# Luhn-valid, but no source of the snapshot knows it: every upstream request about it is unrecorded.
UNKNOWN_ORGANISATION = "5560000001"


@pytest.fixture
def sync_requests(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """Every request a sync `Client.local()` sends to its in-process gateway."""
    sent: list[httpx.Request] = []
    original = SyncInProcessTransport.handle_request

    def counting(self: SyncInProcessTransport, request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return original(self, request)

    monkeypatch.setattr(SyncInProcessTransport, "handle_request", counting)
    return sent


@pytest.fixture
def async_requests(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """Every request an `AsyncClient.local()` sends to its in-process gateway."""
    sent: list[httpx.Request] = []
    original = AsyncInProcessTransport.handle_async_request

    async def counting(self: AsyncInProcessTransport, request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return await original(self, request)

    monkeypatch.setattr(AsyncInProcessTransport, "handle_async_request", counting)
    return sent


# --- auto-pagination and the response cache ---------------------------------------------------------------------


def test_iterating_job_ads_walks_every_page_once_then_comes_from_the_cache(
    sync_requests: list[httpx.Request],
) -> None:
    with kllgraph.Client.local(offline=True) as client:
        ads = list(client.job_ads(first=10))
        first_walk = len(sync_requests)

        total = client.job_ads(first=10).total_count  # the cached first page: no request
        assert len(sync_requests) == first_walk
        assert total is not None and total > 10, "the snapshot should hold several pages of ads"
        assert len(ads) == total
        assert len({ad.id for ad in ads}) == total
        assert first_walk == math.ceil(total / 10)
        assert client.cache.stats.misses == first_walk

        again = list(client.job_ads(first=10))
        assert len(sync_requests) == first_walk, "an identical second walk must be served from the cache"
        assert [ad.id for ad in again] == [ad.id for ad in ads]
        assert client.cache.stats.hits == 1 + math.ceil(total / 10)


def test_pages_are_requested_with_the_page_size_and_the_previous_cursor(sync_requests: list[httpx.Request]) -> None:
    import json

    with kllgraph.Client.local(offline=True) as client:
        pages = list(client.job_ads(first=10).iter_pages())
    variables = [json.loads(request.content)["variables"] for request in sync_requests]
    assert variables[0] == {"first": 10}
    for page, following in zip(pages, variables[1:], strict=False):
        assert following == {"first": 10, "after": page.end_cursor}
    assert not pages[-1].has_next_page


async def test_async_client_iterates_with_the_same_number_of_requests(async_requests: list[httpx.Request]) -> None:
    async with kllgraph.AsyncClient.local(offline=True) as client:
        ads = [ad async for ad in client.job_ads(first=10)]
        first_walk = len(async_requests)
        total = (await client.job_ads(first=10)).total_count
        assert len(async_requests) == first_walk
        assert total is not None and total > 10
        assert len(ads) == total
        assert first_walk == math.ceil(total / 10)

        again = [ad.id async for ad in client.job_ads(first=10)]
        assert len(async_requests) == first_walk
        assert again == [ad.id for ad in ads]


# --- upstream failures ------------------------------------------------------------------------------------------


def test_upstream_failure_is_typed_with_its_source_and_the_partial_data() -> None:
    with kllgraph.Client.local(offline=True) as client, pytest.raises(kllgraph.UpstreamError) as caught:
        client.organisation(organisation_number=UNKNOWN_ORGANISATION)
    error = caught.value
    assert "jobsearch" in error.sources
    assert "SNAPSHOT_MISSING" in error.codes
    assert all(detail.source for detail in error.errors)
    assert error.errors[0].path is not None and error.errors[0].path[0] == "organisation"
    # The raw partial data, and the same validated into the operation's typed result.
    assert error.data is not None
    assert error.data["organisation"]["organisationNumber"] == UNKNOWN_ORGANISATION
    partial = error.partial
    assert isinstance(partial, OrganisationOrganisation) and isinstance(partial, Organisation)
    assert partial.organisation_number == UNKNOWN_ORGANISATION
    assert partial.job_ads is None


async def test_async_upstream_failure_names_the_source() -> None:
    async with kllgraph.AsyncClient.local(offline=True) as client:
        # An unknown id is no error (it answers null); a municipality outside the snapshot is.
        assert (await client.job_ad(id="123456789")) is None
        with pytest.raises(kllgraph.UpstreamError) as caught:
            await client.municipality(code="2580")
    assert caught.value.sources == ["taxonomy"]
    assert caught.value.data == {"municipality": None}
    assert isinstance(caught.value, kllgraph.GraphQLError)


def test_partial_data_is_returned_when_the_client_allows_it() -> None:
    with kllgraph.Client.local(offline=True, raise_on_partial_data=False) as client:
        organisation = client.organisation(organisation_number=UNKNOWN_ORGANISATION)
    assert organisation is not None and organisation.organisation_number == UNKNOWN_ORGANISATION
    assert organisation.job_ads is None


# --- what installing the SDK pulls in ---------------------------------------------------------------------------


SDK_REQUIREMENTS = {"httpx", "pydantic", "cachetools"}
SERVER_PACKAGES = {"strawberry-graphql", "starlette", "uvicorn"}
EXTRAS = ("gateway", "codegen", "notebook", "redis", "otel", "dev")


def _by_extra(requirements: Iterable[str]) -> dict[str | None, set[str]]:
    """Requirement names per extra (None: unconditional), from Requires-Dist / PEP 508 strings."""
    grouped: dict[str | None, set[str]] = {}
    for text in requirements:
        requirement = Requirement(text)
        extra = None
        if requirement.marker is not None:
            extras = [name for name in EXTRAS if requirement.marker.evaluate({"extra": name})]
            assert len(extras) == 1, f"{text!r} should belong to exactly one extra"
            extra = extras[0]
        grouped.setdefault(extra, set()).add(requirement.name.lower())
        assert not requirement.extras or extra is not None, f"{text!r}: the SDK must not need extras of its deps"
    return grouped


def _check(grouped: dict[str | None, set[str]]) -> None:
    # The server side comes only as the sibling distribution kllgraph-gateway, never as its packages directly.
    assert grouped[None] == SDK_REQUIREMENTS
    assert "kllgraph-gateway" in grouped["gateway"]
    assert "kllgraph-gateway" in grouped["notebook"], "the notebook's Client.local() needs the gateway"
    assert "kllgraph-codegen" in grouped["codegen"]
    for extra, names in grouped.items():
        assert not names & SERVER_PACKAGES, f"server packages directly under {extra!r}"


def _pyproject(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    return document


def test_pyproject_requires_only_the_three_sdk_packages() -> None:
    document = _pyproject(REPO / "pyproject.toml")
    project = document["project"]
    requirements = list(project["dependencies"])
    for extra, extra_requirements in project["optional-dependencies"].items():
        # hatchling fills in {root:uri} (this checkout) when it writes the metadata.
        own = [text.replace("{root:uri}", REPO.as_uri()) for text in extra_requirements]
        # The space before ";" ends a URL requirement (PEP 508).
        requirements += [f'{text} ; extra == "{extra}"' for text in own]
    _check(_by_extra(requirements))
    assert "scripts" not in project, "the SDK installs no console script"
    assert document["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["sdk/kllgraph"]


def test_the_sibling_distributions_carry_the_server_side_and_the_console_scripts() -> None:
    gateway = _pyproject(REPO / "gateway" / "pyproject.toml")["project"]
    assert gateway["name"] == "kllgraph-gateway"
    assert {Requirement(text).name.lower() for text in gateway["dependencies"]} >= SERVER_PACKAGES
    assert gateway["scripts"] == {"kllgraph-gateway": "kllgraph_gateway._cli:main"}
    codegen = _pyproject(REPO / "codegen" / "pyproject.toml")["project"]
    assert codegen["name"] == "kllgraph-codegen"
    assert codegen["scripts"] == {"kllgraph-codegen": "kllgraph_codegen._cli:main"}


def test_installed_distribution_metadata_requires_only_the_three_sdk_packages() -> None:
    # Written by the build backend from pyproject.toml, the same Requires-Dist lines a wheel's METADATA holds.
    requires = importlib.metadata.requires("kllgraph")
    assert requires is not None
    _check(_by_extra(requires))
    assert not importlib.metadata.distribution("kllgraph").entry_points, "the SDK installs no console script"
    scripts = {
        entry.name: entry.value
        for name in ("kllgraph-gateway", "kllgraph-codegen")
        for entry in importlib.metadata.distribution(name).entry_points.select(group="console_scripts")
    }
    assert scripts == {
        "kllgraph-gateway": "kllgraph_gateway._cli:main",
        "kllgraph-codegen": "kllgraph_codegen._cli:main",
    }


# --- one typed method per root field, each answering offline ----------------------------------------------------


def test_every_root_field_has_an_operation_and_connections_paginate() -> None:
    from graphql import build_schema, get_named_type, parse
    from graphql.language import FieldNode, OperationDefinitionNode

    schema = build_schema((REPO / "schema.graphql").read_text(encoding="utf-8"))
    query_type = schema.query_type
    assert query_type is not None
    covered: set[str] = set()
    for path in sorted((REPO / "sdk" / "operations").glob("*.graphql")):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, OperationDefinitionNode):
                covered |= {s.name.value for s in definition.selection_set.selections if isinstance(s, FieldNode)}
    assert set(query_type.fields) - covered == set()

    paginated = {
        name for name, field in query_type.fields.items() if get_named_type(field.type).name.endswith("Connection")
    }
    for name in paginated:
        method = getattr(kllgraph.Client, _snake(name))
        assert "max_items" in method.__annotations__, f"{name} should be a paginated method"


def _snake(name: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in name)


def test_the_new_operations_answer_from_the_snapshot() -> None:
    from kllgraph._generated import SelectionInput, SusaSchoolType

    kth = "2021003054"
    with kllgraph.Client.local(offline=True) as client:
        occupation = next(iter(client.occupations(query="Sjuksköterska, grundutbildad").limit(1)))
        hub = client.occupation(id=occupation.id)
        assert hub is not None and hub.statistics is not None and hub.statistics.employees is not None
        assert hub.educations is not None and hub.educations.edges
        assert hub.historical_demand
        demand = client.historical_demand(occupation=occupation.id).historical_demand or []
        assert [(y.year, y.ad_count) for y in demand] == [(y.year, y.ad_count) for y in hub.historical_demand]
        assert client.historical_job_ads(first=5).first_page().items

        municipality = client.municipality(code="0180")
        assert municipality is not None and municipality.population is not None
        assert client.geography_crosswalk(county_code="01").first_page().items[0].county_code == "01"
        for classification in (
            client.ssyk_groups,
            client.isco_groups,
            client.sun_education_levels,
            client.sun_education_fields,
        ):
            assert classification(first=5).first_page().items

        organisation = client.organisation(organisation_number=kth)
        assert organisation is not None and organisation.research_projects is not None
        assert organisation.research_projects.edges
        assert organisation.educations is not None

        educations = client.educations(school_type=[SusaSchoolType.HS], first=5).first_page().items
        assert client.education(id=educations[0].id) is not None
        units = client.school_units(municipality="0180", first=5).first_page().items
        unit = client.school_unit(code=units[0].code)
        assert unit is not None and unit.code == units[0].code
        assert client.education_events(municipality="0180", first=5).first_page().items

        subject_code = client.subjects(first=5).first_page().items[0].code
        subject = client.subject(code=subject_code)
        assert subject is not None and subject.courses
        assert client.course(code=subject.courses[0].code) is not None
        programme_code = client.programmes(first=5).first_page().items[0].code
        assert client.programme(code=programme_code) is not None

        assert client.statistics_tables(first=5).first_page().items
        table = client.statistics_table(id="TAB6471")
        assert table is not None and table.variables
        rows = client.statistics_table_rows(
            id="TAB6471",
            selection=[
                SelectionInput(
                    variable_code="Region",
                    value_codes=[
                        "01",
                        "03",
                        "04",
                        "05",
                        "06",
                        "07",
                        "08",
                        "09",
                        "10",
                        "12",
                        "13",
                        "14",
                        "17",
                        "18",
                        "19",
                        "20",
                        "21",
                        "22",
                        "23",
                        "24",
                        "25",
                    ],
                ),
                SelectionInput(
                    variable_code="Alder",
                    value_codes=[
                        "0-9",
                        "10-19",
                        "20-29",
                        "30-39",
                        "40-49",
                        "50-59",
                        "60-69",
                        "70-79",
                        "80-89",
                        "90-99",
                        "100+10",
                    ],
                ),
                SelectionInput(variable_code="Kon", value_codes=["TotSa", "1", "2"]),
                SelectionInput(variable_code="ContentsCode", value_codes=["000007SF"]),
                SelectionInput(variable_code="Tid", value_codes=["2026M01", "2026M02", "2026M03", "2026M04"]),
            ],
        )
        assert rows is not None and rows.rows and rows.rows[0].dimensions

        project_id = client.research_projects(organisation_number=kth).first_page().items[0].id
        assert client.research_project(id=project_id) is not None
        innovation_id = client.innovation_projects(organisation_number=kth).first_page().items[0].id
        assert client.innovation_project(id=innovation_id) is not None
        dataset_id = client.datasets(first=5).first_page().items[0].id
        dataset = client.dataset(id=dataset_id)
        assert dataset is not None and dataset.id == dataset_id
