"""A fake gateway for SDK tests: hand-written result models standing in for generated ones, a hand-written
"generated" client, and an httpx.MockTransport handler answering with real GraphQL response shapes."""

import json
from collections.abc import Callable, Mapping
from typing import Any, TypedDict

import httpx
from pydantic import Field

import kllgraph
from kllgraph import NOT_GIVEN, GraphQLModel, NotGiven

# --- result models, as kllgraph-codegen would generate them -------------------------------------------------


class Employer(GraphQLModel):
    name: str
    organisation_number: str | None = Field(default=None, alias="organisationNumber")


class JobAdNode(GraphQLModel):
    id: str
    headline: str
    employer: Employer


class JobAdEdge(GraphQLModel):
    node: JobAdNode


class PageInfo(GraphQLModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: str | None = Field(alias="endCursor")


class JobAdConnection(GraphQLModel):
    total_count: int = Field(alias="totalCount")
    page_info: PageInfo = Field(alias="pageInfo")
    edges: list[JobAdEdge]


class JobAds(GraphQLModel):
    job_ads: JobAdConnection = Field(alias="jobAds")


class JobAd(GraphQLModel):
    job_ad: JobAdNode = Field(alias="jobAd")


JOB_ADS_DOCUMENT = """query JobAds($first: Int, $after: String) {
  jobAds(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id headline employer { name organisationNumber } } }
  }
}"""

JOB_AD_DOCUMENT = """query JobAd($id: ID!) {
  jobAd(id: $id) { id headline employer { name organisationNumber } }
}"""


class AdsClient(kllgraph.SyncClientBase):
    """What `kllgraph-codegen` writes, by hand and independent of its output: typed methods over `_execute` and
    `_paginate`."""

    def job_ads(
        self, *, first: int | NotGiven = NOT_GIVEN, max_items: int | None = None
    ) -> kllgraph.SyncPaginator[JobAdNode, JobAds]:
        return self._paginate(
            document=JOB_ADS_DOCUMENT,
            operation_name="JobAds",
            variables={"first": first},
            result_type=JobAds,
            connection=lambda result: result.job_ads,
            max_items=max_items,
        )

    def job_ad(self, *, id: str) -> JobAd:
        return self._execute(document=JOB_AD_DOCUMENT, operation_name="JobAd", variables={"id": id}, result_type=JobAd)


class AsyncAdsClient(kllgraph.AsyncClientBase):
    def job_ads(
        self, *, first: int | NotGiven = NOT_GIVEN, max_items: int | None = None
    ) -> kllgraph.AsyncPaginator[JobAdNode, JobAds]:
        return self._paginate(
            document=JOB_ADS_DOCUMENT,
            operation_name="JobAds",
            variables={"first": first},
            result_type=JobAds,
            connection=lambda result: result.job_ads,
            max_items=max_items,
        )

    async def job_ad(self, *, id: str) -> JobAd:
        return await self._execute(
            document=JOB_AD_DOCUMENT, operation_name="JobAd", variables={"id": id}, result_type=JobAd
        )


# --- the fake gateway -----------------------------------------------------------------------------------------

DEFAULT_PAGE_SIZE = 3


def job_ad_json(index: int) -> dict[str, Any]:
    return {
        "id": f"ad-{index}",
        "headline": f"Sjuksköterska {index}",
        "employer": {"name": f"Region {index}", "organisationNumber": f"232100-{index:04d}"},
    }


def job_ads_json(total: int, variables: Mapping[str, Any]) -> dict[str, Any]:
    """A Relay connection over `total` ads; the cursor is the index of the last ad on the page."""
    first = variables.get("first") or DEFAULT_PAGE_SIZE
    start = int(variables["after"]) + 1 if variables.get("after") is not None else 0
    indices = list(range(start, min(start + first, total)))
    return {
        "jobAds": {
            "totalCount": total,
            "pageInfo": {
                "hasNextPage": start + first < total,
                "endCursor": str(indices[-1]) if indices else None,
            },
            "edges": [{"cursor": str(index), "node": job_ad_json(index)} for index in indices],
        }
    }


def graphql_response(
    data: Mapping[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    body: dict[str, Any] = {"data": data}
    if errors is not None:
        body["errors"] = errors
    return httpx.Response(
        status_code,
        json=body,
        headers={"content-type": "application/graphql-response+json", **(headers or {})},
    )


def graphql_error(message: str, code: str, *, path: list[str | int], source: str | None = None) -> dict[str, Any]:
    extensions: dict[str, Any] = {"code": code}
    if source is not None:
        extensions["source"] = source
    return {"message": message, "locations": [{"line": 2, "column": 3}], "path": path, "extensions": extensions}


Responder = Callable[[httpx.Request, dict[str, Any]], httpx.Response]


class FakeGateway:
    """Records every request; answers with `responder(request, payload)` (default: the job ads of `total`)."""

    def __init__(self, responder: Responder | None = None, *, total: int = 7) -> None:
        self.requests: list[httpx.Request] = []
        self.total = total
        self._responder = responder or self._job_ads

    def _job_ads(self, request: httpx.Request, payload: dict[str, Any]) -> httpx.Response:
        if payload.get("operationName") == "JobAd":
            index = int(payload["variables"]["id"].removeprefix("ad-"))
            return graphql_response({"jobAd": job_ad_json(index)})
        return graphql_response(job_ads_json(self.total, payload.get("variables") or {}))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._responder(request, json.loads(request.content))

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    @property
    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]


class Backoff(TypedDict):
    initial_retry_delay: float
    max_retry_delay: float


# Retries without waiting: tests never sleep for real.
NO_BACKOFF: Backoff = {"initial_retry_delay": 0.0, "max_retry_delay": 0.0}
