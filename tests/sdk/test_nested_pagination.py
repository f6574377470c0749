"""Connections nested in an entity paginate through their derived `node(id:)` operation (offline gateway).

`client.organisation(...)` returns the first page of each of its connections; `client.organisation_research_projects
(id=org.node_id)` (generated from the operation `Organisation` by kllgraph-codegen) walks every page.
"""

from __future__ import annotations

import json
import math

import httpx
import pytest

import kllgraph
from kllgraph._local import AsyncInProcessTransport, SyncInProcessTransport

# The bundled snapshot is composed data: the SDK warns once per client (tests/sdk/test_provenance.py checks it).
pytestmark = pytest.mark.filterwarnings("ignore::kllgraph.ComposedDataWarning")

KTH = "2021003054"  # 6 research projects in the snapshot
STOCKHOLM = "0180"


@pytest.fixture
def sync_requests(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    sent: list[httpx.Request] = []
    original = SyncInProcessTransport.handle_request

    def counting(self: SyncInProcessTransport, request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return original(self, request)

    monkeypatch.setattr(SyncInProcessTransport, "handle_request", counting)
    return sent


@pytest.fixture
def async_requests(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    sent: list[httpx.Request] = []
    original = AsyncInProcessTransport.handle_async_request

    async def counting(self: AsyncInProcessTransport, request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return await original(self, request)

    monkeypatch.setattr(AsyncInProcessTransport, "handle_async_request", counting)
    return sent


def test_research_projects_of_an_organisation_walk_every_page(sync_requests: list[httpx.Request]) -> None:
    with kllgraph.Client.local(offline=True) as client:
        organisation = client.organisation(organisation_number=KTH)
        assert organisation is not None and organisation.research_projects is not None
        total = organisation.research_projects.total_count
        assert total is not None and total > 2, "the snapshot should hold several pages of KTH's projects"
        before = len(sync_requests)

        projects = list(client.organisation_research_projects(id=organisation.node_id, first=2))

    pages = sync_requests[before:]
    assert len(projects) == total
    assert len({project.id for project in projects}) == total
    assert len(pages) == math.ceil(total / 2)
    variables = [json.loads(request.content)["variables"] for request in pages]
    assert variables[0] == {"id": organisation.node_id, "first": 2}
    assert all(v["id"] == organisation.node_id and v["first"] == 2 and v["after"] for v in variables[1:])
    assert {project.id for project in projects} >= {e.node.id for e in organisation.research_projects.edges}


def test_job_ads_of_a_municipality_walk_every_page(sync_requests: list[httpx.Request]) -> None:
    with kllgraph.Client.local(offline=True) as client:
        municipality = client.municipality(code=STOCKHOLM)
        assert municipality is not None
        before = len(sync_requests)

        paginator = client.municipality_job_ads(id=municipality.node_id, first=2)
        ads = list(paginator)
        total = paginator.total_count

    assert total is not None and total > 2
    assert len(ads) == total == len({ad.id for ad in ads})
    assert len(sync_requests) - before == math.ceil(total / 2)


def test_max_items_stops_early(sync_requests: list[httpx.Request]) -> None:
    with kllgraph.Client.local(offline=True) as client:
        organisation = client.organisation(organisation_number=KTH)
        assert organisation is not None
        before = len(sync_requests)

        projects = list(client.organisation_research_projects(id=organisation.node_id, first=2, max_items=3))

    assert len(projects) == 3
    assert len(sync_requests) - before == 2


def test_the_id_of_another_type_is_a_clear_error() -> None:
    with kllgraph.Client.local(offline=True) as client:
        municipality = client.municipality(code=STOCKHOLM)
        assert municipality is not None

        with pytest.raises(ValueError, match="node of type Municipality, not Organisation"):
            list(client.organisation_research_projects(id=municipality.node_id, first=2))


async def test_async_twin_walks_every_page(async_requests: list[httpx.Request]) -> None:
    async with kllgraph.AsyncClient.local(offline=True) as client:
        organisation = await client.organisation(organisation_number=KTH)
        assert organisation is not None and organisation.research_projects is not None
        total = organisation.research_projects.total_count
        assert total is not None
        before = len(async_requests)

        projects = [p async for p in client.organisation_research_projects(id=organisation.node_id, first=2)]
        first_page = await client.organisation_research_projects(id=organisation.node_id, first=2)

    assert len(projects) == total == len({project.id for project in projects})
    assert len(async_requests) - before == math.ceil(total / 2)  # the awaited first page came from the cache
    assert first_page.total_count == total
