"""School units end to end: offline from the bundled snapshot, request counts per level, failures, bad input."""

from __future__ import annotations

import httpx

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ..harness import CountingTransport, running_gateway

UNITS_WITH_ORGANISER = """query($m: String!) { schoolUnits(municipality: $m, first: 2) {
  totalCount edges { node { code name organiser { organisationNumber name } } } } }"""


async def test_offline_school_units_with_organiser_names() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(UNITS_WITH_ORGANISER, {"m": "0180"})
        _, kiruna = await gateway.query(
            '{ schoolUnit(code: "76026322") { name municipality { code name } organiser { name } schoolTypes '
            "educationEvents(first: 5) { totalCount } } }")
        _, events = await gateway.query('{ educationEvents(municipality: "0180", first: 3) { totalCount '
                                        "edges { node { schoolUnitCode studyPathCode programme { name } } } } }")
    assert status == 200 and "errors" not in body, body
    nodes = [edge["node"] for edge in body["data"]["schoolUnits"]["edges"]]
    assert len(nodes) == 2 and all(node["name"] for node in nodes)
    assert {node["organiser"]["organisationNumber"] for node in nodes} == {"2120000142"}
    assert all(node["organiser"]["name"] == "Stockholms stad" for node in nodes)
    unit = kiruna["data"]["schoolUnit"]
    assert unit["name"] == "Abisko skola" and unit["organiser"]["name"] == "Kiruna kommun"
    assert unit["municipality"]["code"] == "2584" and unit["schoolTypes"] == ["FKLASS", "GR"]
    assert events["data"]["educationEvents"]["totalCount"] > 0
    assert events["data"]["educationEvents"]["edges"][0]["node"]["programme"]["name"]


async def test_requests_per_level() -> None:
    # One list request, one organiser list for all names; the organiser needs each unit's detail (no batch read
    # upstream): exactly one detail request per unit in the window, nothing more.
    def upstream(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/v2/school-units"):
            return httpx.Response(200, json={"data": {"attributes": [
                {"schoolUnitCode": f"9990010{i}", "name": f"Skola {i}", "status": "AKTIV"} for i in range(1, 6)]}})
        if path.endswith("/v2/organizers"):
            return httpx.Response(200, json={"data": {"attributes": [
                {"organizationNumber": "2120000142", "displayName": "Stockholms stad", "organizerType": "KOMMUN"}]}})
        code = path.rsplit("/", 1)[1]
        return httpx.Response(200, json={"data": {"schoolUnitCode": code, "attributes": {
            "displayName": "x", "municipalityCode": "0180"}}, "included": {"organizationNumber": "2120000142"}})

    counting = CountingTransport(httpx.MockTransport(upstream))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query(UNITS_WITH_ORGANISER.replace("first: 2", "first: 3"), {"m": "0180"})
    assert "errors" not in body, body
    paths = [path for (_, path) in counting.counts]
    assert counting.counts[("api.skolverket.se", "/skolenhetsregistret/v2/school-units")] == 1
    assert counting.counts[("api.skolverket.se", "/skolenhetsregistret/v2/organizers")] == 1
    assert sorted(p for p in paths if "/school-units/" in p) == [
        f"/skolenhetsregistret/v2/school-units/9990010{i}" for i in range(1, 4)]
    assert sum(counting.counts.values()) == 5


async def test_upstream_failure_gives_partial_data_and_source() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/v2/organizers"):
            return httpx.Response(503)
        if request.url.path.endswith("/v2/school-units"):
            return httpx.Response(200, json={"data": {"attributes": [
                {"schoolUnitCode": "99900101", "name": "Skola", "status": "AKTIV"}]}})
        return httpx.Response(503)

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        _, body = await gateway.query(
            '{ schoolUnits(organiser: "2120000142", first: 1) { edges { node { name organiser { name } } } } }')
    node = body["data"]["schoolUnits"]["edges"][0]["node"]
    assert node["name"] == "Skola" and node["organiser"]["name"] is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UPSTREAM_UNAVAILABLE"}
    assert {e["extensions"]["source"] for e in body["errors"]} == {"skolenhetsregistret"}


async def test_bad_input_is_rejected_before_any_upstream_call() -> None:
    counting = CountingTransport(httpx.MockTransport(lambda request: httpx.Response(500)))
    async with running_gateway(counting) as gateway:
        _, short = await gateway.query('{ schoolUnit(code: "1234567") { name } }')
        _, letters = await gateway.query('{ schoolUnit(code: "1234567a") { name } }')
        _, kind = await gateway.query('{ schoolUnits(schoolType: "XX") { totalCount } }')
        _, municipality = await gateway.query('{ schoolUnits(municipality: "180") { totalCount } }')
    for body, argument in ((short, "code"), (letters, "code"), (kind, "schoolType"), (municipality, "municipality")):
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"].get("argument") == argument
    assert not counting.counts


async def test_hub_resolvers_offline() -> None:
    from kllgraph_gateway.graph.schools import school_units_in_municipality, school_units_of_organisation

    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        from kllgraph_gateway._settings import Settings
        from kllgraph_gateway.graph._context import Context

        ctx = Context(upstream=gateway.upstream, settings=Settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT))
        for municipality in ("0180", "1480", "1280", "2584", "2180", "0380"):
            connection = await school_units_in_municipality(ctx, municipality, 2, None)
            assert connection is not None and connection.edges, municipality
        owned = await school_units_of_organisation(ctx, "2120002783", None, None)
    assert owned is not None and "76026322" in [edge.node.code for edge in owned.edges]
