"""The generated golden client executed against an in-process GraphQL server (no network).

The server is the golden `jobs` schema made executable with graphql-core and served through an httpx
MockTransport, so the test runs the whole path: generated method -> runtime -> HTTP -> server -> typed models.
"""

from __future__ import annotations

import base64
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from graphql import build_schema, graphql, graphql_sync

from .golden_support import GOLDEN
from .test_generated_code import copy_as_package

AD_IDS = [f"ad{number}" for number in range(1, 6)]


def _ad(ad_id: str) -> dict[str, Any]:
    return {
        "id": ad_id,
        "headline": f"Annons {ad_id}",
        "employer": {"name": "Region Skåne", "organizationNumber": None},
        "occupation": None,
        "employmentType": "PERMANENT",
        "publishedAt": "2024-05-01T08:00:00+00:00",
        "keywords": [],
    }


def _cursor(index: int) -> str:
    return base64.b64encode(f"ad:{index}".encode()).decode()


def _job_ads(_info: object, first: int = 20, after: str | None = None, **_: object) -> dict[str, Any]:
    start = int(base64.b64decode(after).decode().split(":")[1]) + 1 if after else 0
    window = AD_IDS[start : start + first]
    return {
        "totalCount": len(AD_IDS),
        "pageInfo": {"hasNextPage": start + first < len(AD_IDS), "endCursor": _cursor(start + len(window) - 1)},
        "edges": [{"cursor": _cursor(start + i), "node": _ad(ad_id)} for i, ad_id in enumerate(window)],
    }


def _save_search(_info: object, input: dict[str, Any]) -> dict[str, Any]:
    return {"id": "s1", "name": input["name"], "createdAt": "2024-05-02T10:00:00+00:00"}


ROOT: dict[str, Any] = {
    "jobAds": _job_ads,
    "jobAd": lambda _info, id: _ad(id) | {"keywords": ["vård"], "class": None},
    "saveSearch": _save_search,
}


class Server:
    """Executes requests against the golden schema and remembers each request's variables."""

    def __init__(self) -> None:
        self.schema = build_schema((GOLDEN / "jobs" / "schema.graphql").read_text(encoding="utf-8"))
        self.requests: list[dict[str, Any]] = []

    def _arguments(self, request: httpx.Request) -> dict[str, Any]:
        body = json.loads(request.content)
        self.requests.append(body)
        return {
            "schema": self.schema,
            "source": body["query"],
            "root_value": ROOT,
            "variable_values": body.get("variables"),
            "operation_name": body.get("operationName"),
        }

    def handle(self, request: httpx.Request) -> httpx.Response:
        result = graphql_sync(**self._arguments(request))
        return httpx.Response(200, json=result.formatted)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        result = await graphql(**self._arguments(request))
        return httpx.Response(200, json=result.formatted)


@pytest.fixture
def jobs_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    copy_as_package("jobs", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("jobs_client")
    for name in [name for name in sys.modules if name.split(".")[0] == "jobs_client"]:
        del sys.modules[name]


def test_sync_paginated_method_walks_every_page(jobs_client: ModuleType) -> None:
    server = Server()
    with jobs_client.GeneratedClient("http://test/graphql", transport=httpx.MockTransport(server.handle)) as client:
        ads = list(client.job_ads(first=2))

    assert [ad.id for ad in ads] == AD_IDS
    assert all(isinstance(ad, jobs_client.JobAdFields) for ad in ads)  # the fragment class, no path subclass
    assert [request["variables"] for request in server.requests] == [
        {"first": 2},
        {"first": 2, "after": _cursor(1)},
        {"first": 2, "after": _cursor(3)},
    ]


def test_sync_execute_method_returns_the_typed_result(jobs_client: ModuleType) -> None:
    server = Server()
    with jobs_client.GeneratedClient("http://test/graphql", transport=httpx.MockTransport(server.handle)) as client:
        result = client.job_ad(id="ad3")

    assert isinstance(result, jobs_client.JobAdJobAd)  # a single lookup returns the entity itself
    assert result.id == "ad3"
    assert result.tags == ["vård"]
    assert server.requests[0]["operationName"] == "JobAd"
    assert server.requests[0]["variables"] == {"id": "ad3"}


def test_mutation_sends_only_the_input_fields_that_were_set(jobs_client: ModuleType) -> None:
    server = Server()
    search_input = jobs_client.SaveSearchInput(name="Vård i Skåne", filter=jobs_client.JobAdFilter(remote=True))
    with jobs_client.GeneratedClient("http://test/graphql", transport=httpx.MockTransport(server.handle)) as client:
        saved = client.save_search(input=search_input)

    assert saved is not None and saved.id == "s1"
    assert server.requests[0]["variables"] == {"input": {"name": "Vård i Skåne", "filter": {"remote": True}}}


async def test_async_client_has_the_same_methods(jobs_client: ModuleType) -> None:
    server = Server()
    transport = httpx.MockTransport(server.handle_async)
    async with jobs_client.GeneratedAsyncClient("http://test/graphql", transport=transport) as client:
        first_page = await client.job_ads(first=3)
        ads = [ad async for ad in client.job_ads(first=3, max_items=4)]
        result = await client.job_ad(id="ad1")

    assert [ad.id for ad in first_page] == AD_IDS[:3]
    assert [ad.id for ad in ads] == AD_IDS[:4]
    assert result is not None and result.headline == "Annons ad1"
