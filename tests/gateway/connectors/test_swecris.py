"""SweCRIS: live request shape (agency-apis.md §4) and the bearer token's secrecy."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from kllgraph_gateway.connectors.swecris.models import Project

from ...conftest import REPO
from ..harness import make_settings, running_gateway

TOKEN = "swecris-test-token-7f3a"
PROJECTS = json.loads((REPO / "tools/snapshot_world/research/swecris_projects.json").read_text(encoding="utf-8"))


async def test_projects_of_organisation_request_shape_and_bearer_token() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[p for p in PROJECTS if p["coordinatingOrganisationId"] == "202100-3054"])

    settings = make_settings(source_tokens={"swecris": TOKEN})
    async with running_gateway(httpx.MockTransport(upstream), settings=settings) as gateway:
        _, body = await gateway.query(
            '{ researchProjects(organisationNumber: "202100-3054", first: 2) { totalCount edges { node { id } } } }'
        )
    assert "errors" not in body, body
    assert body["data"]["researchProjects"]["totalCount"] >= 5
    (request,) = seen
    assert str(request.url) == "https://swecris-api.vr.se/v1/projects/organisations/202100-3054"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


async def test_token_never_appears_in_errors_logs_or_responses(caplog: pytest.LogCaptureFixture) -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == f"Bearer {TOKEN}"  # it is sent...
        return httpx.Response(401, text=f"invalid token {request.headers['authorization']}")

    caplog.set_level(logging.DEBUG)
    settings = make_settings(source_tokens={"swecris": TOKEN})
    async with running_gateway(httpx.MockTransport(upstream), settings=settings) as gateway:
        status, body = await gateway.query(
            '{ researchProject(id: "2021-00157_VR") { id } sources { name lastError baseUrl } }'
        )
    assert status == 200
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["source"]) == ("UPSTREAM_UNAUTHORIZED", "swecris")
    # ...but never echoed: not in the GraphQL response (errors, sources) and not in any log line.
    assert TOKEN not in json.dumps(body)
    assert TOKEN not in caplog.text
    assert "swecris-api.vr.se" in caplog.text  # the logs did record the failing call


def test_real_shaped_project_record_parses() -> None:
    # The record of 2021-00157_VR as the KTH-Library/swecris README prints it (see PROVENANCE.md).
    project = Project.model_validate(next(p for p in PROJECTS if p["projectId"] == "2021-00157_VR"))
    assert project.coordinatingOrganisationId == "202100-3054"
    assert project.fundingsSek == 25636000
    assert project.scbs[0].scb5Id == "10399"
    assert project.peopleList[0].orcId == "0000-0003-1102-4342"



async def test_without_a_token_swecris_answers_upstream_unauthorized_naming_the_setting() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=PROJECTS)

    async with running_gateway(httpx.MockTransport(upstream), settings=make_settings(source_tokens={})) as gateway:
        _, body = await gateway.query(
            '{ researchProjects(organisationNumber: "202100-3054", first: 2) { totalCount } }'
        )
        health = (await gateway.client.get("/healthz")).json()
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "UPSTREAM_UNAUTHORIZED", "source": "swecris"}
    assert "KLLGRAPH_SWECRIS_TOKEN" in error["message"] and "https://swecris-api.vr.se/index.html" in error["message"]
    assert not any(r.url.host == "swecris-api.vr.se" for r in seen)  # fails before the network, no 401 round trip
    assert health["sources"]["swecris"]["token"] == "needs token"
    assert health["sources"]["jobsearch"]["token"] == "optional token unset"
    assert health["sources"]["scb"]["token"] is None


async def test_a_401_or_403_from_a_source_without_credentials_is_upstream_unauthorized() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"message": "forbidden"})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query('{ subject(code: "MAT") { name } }')
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "UPSTREAM_UNAUTHORIZED", "source": "syllabus", "upstreamStatus": 403}
    assert "sends no credentials" in error["message"]
