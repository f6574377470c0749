"""Dataset end to end: offline by publisher and id, one search per level for distributions, failures, bad input."""

from __future__ import annotations

import httpx

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ..harness import running_gateway

DATASETS = """query($p: String!) { datasets(publisher: $p, first: 10) { totalCount edges { node {
  id title description licence themes landingPage
  publisher { name organisationNumber organisation { organisationNumber } }
  distributions { title accessUrl format }
} } } }"""


async def test_public_agencies_have_datasets_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for number in ("2021000696", "2021002114", "2021004185", "2021000837", "2120000142"):
            _, body = await gateway.query(DATASETS, {"p": number})
            assert "errors" not in body, body
            nodes = [e["node"] for e in body["data"]["datasets"]["edges"]]
            assert nodes, number
            for node in nodes:
                assert node["publisher"]["organisation"]["organisationNumber"] == number
                assert node["title"] and node["licence"] and node["distributions"]
                assert all(d["accessUrl"] and d["format"] for d in node["distributions"])
        dataset_id = nodes[0]["id"]
        _, body = await gateway.query("query($id: ID!) { dataset(id: $id) { id title } }", {"id": dataset_id})
        assert body["data"]["dataset"] == {"id": dataset_id, "title": nodes[0]["title"]}
        # SMHI's observations keep their distribution as a separate registry entry: one more search, batched.
        assert gateway.upstream.calls[("dataportal", "search")] == 5 + 1


async def test_dataportal_down_names_its_source() -> None:
    async with running_gateway(httpx.MockTransport(lambda request: httpx.Response(502))) as gateway:
        status, body = await gateway.query('{ datasets(first: 3) { totalCount } }')
    assert status == 200 and body["data"] == {"datasets": None}
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["source"]) == ("UPSTREAM_UNAVAILABLE", "dataportal")


async def test_bad_input_is_bad_user_input() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for query, argument in [
            ('{ datasets(publisher: "SMHI") { totalCount } }', "publisher"),
            ('{ datasets(query: "   ") { totalCount } }', "query"),
            ('{ dataset(id: "../../store/1") { id } }', "id"),
        ]:
            status, body = await gateway.query(query)
            assert status == 200, query
            (error,) = body["errors"]
            assert error["extensions"]["code"] == "BAD_USER_INPUT", query
            assert error["extensions"]["argument"] == argument, query
