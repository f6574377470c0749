"""Organisation names: registries first, ads last; a failing registry falls through, and only when nobody could
name the organisation does the failure reach the client (naming its source)."""

from __future__ import annotations

import httpx

from ..harness import running_gateway, world

AD = world("jobsearch_ads.json")[0]
NUMBER = AD["employer"]["organization_number"]
QUERY = f'{{ organisation(organisationNumber: "{NUMBER}") {{ name source {{ name }} }} }}'


def registries_down(request: httpx.Request) -> httpx.Response:
    if request.url.host == "jobsearch.api.jobtechdev.se":
        return httpx.Response(200, json={"total": {"value": 1}, "hits": [AD]})
    return httpx.Response(503)


async def test_failing_registries_fall_through_to_the_ads() -> None:
    async with running_gateway(httpx.MockTransport(registries_down)) as gateway:
        status, body = await gateway.query(QUERY)
        last_errors = {name: r.last_error for name, r in gateway.upstream.runtimes.items() if r.last_error}
    assert status == 200 and "errors" not in body, body
    assert body["data"]["organisation"] == {"name": AD["employer"]["name"], "source": {"name": "jobsearch"}}
    assert {"skolenhetsregistret", "swecris", "dataportal"} <= set(last_errors)  # still visible to operators


async def test_when_nobody_can_name_it_the_first_failure_is_the_error() -> None:
    async with running_gateway(httpx.MockTransport(lambda request: httpx.Response(503))) as gateway:
        status, body = await gateway.query(QUERY)
    assert status == 200
    assert body["data"]["organisation"] == {"name": None, "source": None}
    assert {e["extensions"]["source"] for e in body["errors"]} == {"skolenhetsregistret"}
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UPSTREAM_UNAVAILABLE"}
