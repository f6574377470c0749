"""Browsers on other origins can query the gateway (CORS); load balancers probe /healthz."""

from __future__ import annotations

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import make_settings, running_gateway


async def test_preflight_and_simple_request_carry_cors_headers() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        preflight = await gateway.client.options("/graphql", headers={
            "origin": "https://app.example.se", "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        })
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "*"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        response = await gateway.client.post("/graphql", json={"query": "{ __typename }"},
                                             headers={"origin": "https://app.example.se"})
        assert response.headers["access-control-allow-origin"] == "*"


async def test_configured_origins_only() -> None:
    settings = make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, cors_origins=["https://app.example.se"])
    async with running_gateway(settings=settings) as gateway:
        allowed = await gateway.client.post("/graphql", json={"query": "{ __typename }"},
                                            headers={"origin": "https://app.example.se"})
        other = await gateway.client.post("/graphql", json={"query": "{ __typename }"},
                                          headers={"origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.se"
    assert "access-control-allow-origin" not in other.headers


async def test_healthz_reports_mode_and_sources() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        response = await gateway.client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok" and body["mode"] == "offline"
    assert {"jobsearch", "taxonomy", "scb", "swecris", "dataportal"} <= set(body["sources"])
