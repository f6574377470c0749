"""Schema-driven fuzzing (hypothesis-graphql): generated documents never make the gateway answer 5xx.

Two strategies, both over the live schema:
- documents as hypothesis-graphql generates them (random argument values: mostly refused or unknown ids), and
- the same documents with id/code arguments replaced by values that exist in the bundled snapshot, so that the
  fuzzer reaches execution and the joins behind it, not only validation.

The gateway runs offline in-process; each example is one POST. CI runs the full example budget (≥ 500 documents);
`KLLGRAPH_FUZZ_EXAMPLES` changes it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from kllgraph_gateway import create_app
from kllgraph_gateway._schema import schema_sdl
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import GRAPHQL_RESPONSE, make_settings

EXAMPLES = int(os.environ.get("KLLGRAPH_FUZZ_EXAMPLES", "250"))  # per strategy; two strategies → 500 documents

# Values the bundled snapshot answers, by argument name (harvested below; these seeds are codes the README uses).
HARVEST = """{
  jobAds(first: 100) { edges { node { id employer { organisationNumber } occupation { id ssykCode } } } }
  municipalities(first: 100) { edges { node { code } } }
  regions { code }
  schoolUnits(first: 100) { edges { node { code } } }
  educations(first: 100) { edges { node { id } } }
  statisticsTables(first: 100) { edges { node { id } } }
}"""


def _harvest(data: dict[str, Any]) -> dict[str, list[str]]:
    def nodes(field: str) -> list[dict[str, Any]]:
        connection = data.get(field) or {}
        return [edge["node"] for edge in connection.get("edges") or [] if edge and edge.get("node")]

    ads = nodes("jobAds")
    occupations = [ad["occupation"] for ad in ads if ad.get("occupation")]
    pools = {
        "jobAd": [ad["id"] for ad in ads],
        "occupation": [o["id"] for o in occupations],
        "ssykCode": [o["ssykCode"] for o in occupations if o.get("ssykCode")],
        "organisationNumber": [ad["employer"]["organisationNumber"] for ad in ads
                               if ad.get("employer") and ad["employer"].get("organisationNumber")],
        "municipality": [m["code"] for m in nodes("municipalities")],
        "region": [r["code"] for r in data.get("regions") or []],
        "schoolUnit": [s["code"] for s in nodes("schoolUnits")],
        "education": [e["id"] for e in nodes("educations")],
        "statisticsTable": [t["id"] for t in nodes("statisticsTables")],
    }
    return {name: sorted(set(values)) for name, values in pools.items() if values}


# Which pool an argument draws from: by (field, argument), then by argument name alone.
BY_FIELD = {("jobAd", "id"): "jobAd", ("occupation", "id"): "occupation", ("education", "id"): "education",
            ("statisticsTable", "id"): "statisticsTable", ("schoolUnit", "code"): "schoolUnit",
            ("municipality", "code"): "municipality", ("region", "code"): "region"}
BY_ARGUMENT = {"occupation": "occupation", "municipality": "municipality", "region": "region",
               "organisationNumber": "organisationNumber", "employer": "organisationNumber",
               "organisation": "organisationNumber", "organiser": "organisationNumber", "ssykCode": "ssykCode",
               "countyCode": "region", "schoolUnit": "schoolUnit"}


class _Rewrite(graphql.Visitor):
    """Replaces string/ID argument values with values the snapshot answers, chosen by `pick`."""

    def __init__(self, pools: dict[str, list[str]], pick: Any) -> None:
        super().__init__()
        self.pools, self.pick, self.fields = pools, pick, [""]

    def enter_field(self, node: graphql.FieldNode, *_: Any) -> None:
        self.fields.append(node.name.value)

    def leave_field(self, *_: Any) -> None:
        self.fields.pop()

    def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> graphql.ArgumentNode | None:
        name = node.name.value
        pool = self.pools.get(BY_FIELD.get((self.fields[-1], name)) or BY_ARGUMENT.get(name, ""))
        if not pool or not isinstance(node.value, graphql.StringValueNode):
            return None
        return graphql.ArgumentNode(name=node.name, value=graphql.StringValueNode(value=self.pick(pool)))


@pytest.fixture(scope="module")
def gateway() -> Iterator[tuple[asyncio.AbstractEventLoop, httpx.AsyncClient, dict[str, list[str]]]]:
    loop = asyncio.new_event_loop()
    app = create_app(make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT))
    lifespan = app.router.lifespan_context(app)
    loop.run_until_complete(lifespan.__aenter__())
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")
    harvest = loop.run_until_complete(client.post("/graphql", json={"query": HARVEST},
                                                  headers={"accept": GRAPHQL_RESPONSE}))
    pools = _harvest(harvest.json().get("data") or {})
    try:
        yield loop, client, pools
    finally:
        loop.run_until_complete(client.aclose())
        loop.run_until_complete(lifespan.__aexit__(None, None, None))
        loop.close()


SCHEMA = schema_sdl()
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _post(gateway: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient, Any], document: str) -> httpx.Response:
    loop, client, _ = gateway
    return loop.run_until_complete(client.post("/graphql", json={"query": document},
                                               headers={"accept": GRAPHQL_RESPONSE}))


def _assert_no_server_error(response: httpx.Response, document: str) -> None:
    assert response.status_code < 500, (response.status_code, document, response.text[:500])
    body = response.json()
    codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}
    assert "INTERNAL_SERVER_ERROR" not in codes, (document, body["errors"][:3])


def test_the_pools_reach_real_entities(gateway: Any) -> None:
    pools = gateway[2]
    for name in ("jobAd", "occupation", "municipality", "organisationNumber", "schoolUnit"):
        assert pools.get(name), f"the snapshot gave no {name} values to fuzz with"


@FUZZ
@given(document=from_schema(SCHEMA, allow_x00=False))
def test_generated_documents_never_get_a_server_error(gateway: Any, document: str) -> None:
    _assert_no_server_error(_post(gateway, document), document)


@FUZZ
@given(tree=from_schema(SCHEMA, allow_x00=False, print_ast=lambda tree: tree), data=st.data())
def test_documents_with_snapshot_ids_reach_execution_without_server_errors(
    gateway: Any, tree: graphql.DocumentNode, data: st.DataObject,
) -> None:
    rewritten = graphql.visit(tree, _Rewrite(gateway[2], lambda pool: data.draw(st.sampled_from(pool))))
    document = graphql.print_ast(rewritten)
    _assert_no_server_error(_post(gateway, document), document)
