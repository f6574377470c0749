"""A public gateway bounds what one document may ask: nesting depth and aliases, as validation errors."""

from __future__ import annotations

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import GRAPHQL_RESPONSE, make_settings, running_gateway

INTROSPECTION_DEPTH = """{ __schema { types { name fields { name type { name kind ofType { name kind ofType {
  name kind ofType { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } } } } }"""


async def test_too_deep_is_a_validation_error() -> None:
    settings = make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, max_query_depth=3)
    async with running_gateway(settings=settings) as gateway:
        deep = '{ municipality(code: "0180") { jobAds(first: 1) { edges { node { occupation { label } } } } } }'
        status, body = await gateway.query(deep, accept=GRAPHQL_RESPONSE)
        assert status == 400 and "data" not in body
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert "depth" in body["errors"][0]["message"]
        status, body = await gateway.query("{ jobAds(first: 1) { totalCount } }")
        assert status == 200 and "errors" not in body


async def test_default_depth_admits_the_hub_query_and_introspection() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(INTROSPECTION_DEPTH)
    assert status == 200 and "errors" not in body


async def test_too_many_aliases() -> None:
    async with running_gateway(
        settings=make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, max_aliases=3)
    ) as gateway:
        query = "{ " + " ".join(f"a{i}: sources {{ name }}" for i in range(4)) + " }"
        status, body = await gateway.query(query)
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
